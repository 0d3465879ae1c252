package dev.parley.helpdesk.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.postgresql.PGConnection;

import dev.parley.helpdesk.api.store.JdbcTransactions;
import dev.parley.helpdesk.api.store.Migration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The store component on a real PostgreSQL, configured the way docs/OPERATIONS.md tells an administrator to. */
class StoreDataSourcePostgresTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE parley LOGIN PASSWORD 'store-secret'");
            st.execute("CREATE DATABASE parley OWNER parley");
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void aPostgresUrlWithUserAndPasswordIsAllItTakesForAWorkingPool() {
        BundleContext context = mock(BundleContext.class);
        when(context.getProperty("parley.home")).thenReturn(null);
        StoreDataSource store = new StoreDataSource(StoreConfigs.of(Map.of(
                "url", "jdbc:postgresql://localhost:" + postgres.getPort() + "/parley",
                "user", "parley", "password", "store-secret", "maxConnections", 4)), context);
        try {
            assertThat(store.getDriverClassName()).isEqualTo("org.postgresql.Driver");
            new JdbcSchemaMigrator(store).migrate("store-test",
                    List.of(Migration.of(1, "create", "CREATE TABLE store_test (id BIGINT PRIMARY KEY, v VARCHAR)")));
            JdbcTransactions tx = new JdbcTransactions(store, StoreException::new);
            tx.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO store_test VALUES (1, 'stored')"));
            String read = tx.read(c -> {
                assertThat(c.isWrapperFor(PGConnection.class)).as("a PostgreSQL connection").isTrue();
                var rs = c.createStatement().executeQuery("SELECT v || ' by ' || current_user FROM store_test");
                rs.next();
                return rs.getString(1);
            });
            assertThat(read).isEqualTo("stored by parley");
            assertThat(store.getHikariPoolMXBean().getTotalConnections()).isBetween(1, 4);
        } finally {
            store.close();
        }
    }
}
