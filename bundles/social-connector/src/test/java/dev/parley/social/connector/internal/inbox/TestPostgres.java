package dev.parley.social.connector.internal.inbox;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL, and a fresh database on it for each test; {@link #node} is one more
 * "node" on that database: its own pool and migrator, as a second parley.jar would have.
 */
public final class TestPostgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private String database;

    public TestPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    /** A new empty database; the nodes made after this use it. */
    public void freshDatabase() throws SQLException {
        database = "t" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
    }

    /** A node's view of the database: a pool of its own and the host's migrator over it. */
    public Node node() {
        DataSource physical = postgres.getDatabase("postgres", database);
        HikariDataSource pool = StoreDataSource.pooled(physical, 8, 10_000);
        return new Node(pool, new JdbcSchemaMigrator(pool));
    }

    public record Node(HikariDataSource pool, JdbcSchemaMigrator migrator) implements AutoCloseable {
        @Override
        public void close() {
            pool.close();
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
