package dev.parley.helpdesk.core.internal.tickets;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Every ticket-service test again on a real PostgreSQL: the host's SQL must run on both. */
class JdbcTicketServicePostgresTest extends JdbcTicketServiceTest {

    private static EmbeddedPostgres postgres;
    private int databases;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    protected DataSource newDatabase() throws Exception {
        String name = "parley_test_" + System.nanoTime() + "_" + (databases++);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return postgres.getDatabase("postgres", name);
    }
}
