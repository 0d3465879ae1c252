package dev.parley.helpdesk.core.internal.auth;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Every token-store test again on a real PostgreSQL, the database several nodes share tokens through. */
class TokenStorePostgresTest extends TokenStoreTest {

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
        String name = "parley_tokens_" + System.nanoTime() + "_" + (databases++);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return postgres.getDatabase("postgres", name);
    }
}
