package dev.parley.helpdesk.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

import com.zaxxer.hikari.HikariDataSource;

import dev.parley.helpdesk.api.store.Migration;

class StoreDataSourceTest {

    private static StoreDataSource component(Map<String, Object> config, String home) {
        BundleContext context = mock(BundleContext.class);
        when(context.getProperty("parley.home")).thenReturn(home);
        return new StoreDataSource(StoreConfigs.of(config), context);
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (var rs = c.createStatement().executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = '" + name + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void withoutAUrlTheComponentPoolsTheH2FileDatabaseUnderTheHomeWritingEveryCommit(@TempDir Path home)
            throws SQLException {
        StoreDataSource store = component(Map.of("maxConnections", 3, "acquireTimeoutMillis", 300L), home.toString());
        try {
            assertThat(store.getJdbcUrl()).startsWith("jdbc:h2:retry:" + home.resolve("data").resolve("parley"));
            assertThat(store.getMaximumPoolSize()).isEqualTo(3);
            assertThat(store.getMaxLifetime()).isEqualTo(1_800_000);
            assertThat(store.getLeakDetectionThreshold()).isEqualTo(60_000);
            try (Connection c = store.getConnection()) {
                assertThat(setting(c, "WRITE_DELAY")).as("every commit written before it returns").isEqualTo("0");
                assertThat(setting(c, "QUERY_CACHE_SIZE")).as("parsed statements kept per session").isEqualTo("64");
                assertThat(c.isValid(1)).isTrue();
            }
            Connection[] out = {store.getConnection(), store.getConnection(), store.getConnection()};
            long start = System.nanoTime();
            assertThatThrownBy(store::getConnection).isInstanceOf(SQLException.class)
                    .hasMessageContaining("Connection is not available");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250);
            for (Connection c : out) {
                c.close();
            }
        } finally {
            store.close();
        }
        assertThat(home.resolve("data").resolve("parley.mv.db")).exists();
        assertThatThrownBy(store::getConnection).isInstanceOf(SQLException.class);
    }

    @Test
    void theDriverFollowsTheUrlAndTheLogShowsNoUrlParameters() {
        assertThat(StoreDataSource.driverOf("jdbc:postgresql://db:5432/parley")).contains("org.postgresql.Driver");
        assertThat(StoreDataSource.driverOf("jdbc:h2:mem:x")).contains("org.h2.Driver");
        assertThat(StoreDataSource.driverOf("jdbc:mariadb://db/parley")).isEmpty();
        assertThat(StoreDataSource.describe("jdbc:postgresql://db/parley?user=u&password=secret"))
                .isEqualTo("jdbc:postgresql://db/parley");
        assertThat(StoreDataSource.describe("jdbc:h2:file:/x;PASSWORD=secret")).isEqualTo("jdbc:h2:file:/x");
    }

    /**
     * The promise behind every webhook answer: a commit that returned survives {@code kill -9}. A child
     * JVM commits through the default configuration, prints each commit, and halts; every row it
     * printed must be in the file. With H2's default write delay (or the old WRITE_DELAY=100 without a
     * flush), the last commits would be missing.
     */
    @Test
    void everyCommitThatReturnedSurvivesTheProcessBeingKilled(@TempDir Path home) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CommitThenHalt.class.getName(), home.toString(), "300")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int acknowledged = 0;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("committed ")) {
                    acknowledged = Integer.parseInt(line.substring("committed ".length()));
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(acknowledged).isEqualTo(300);

        JdbcDataSource reopened = new JdbcDataSource();
        reopened.setURL("jdbc:h2:file:" + home.resolve("data").resolve("parley"));
        try (Connection c = reopened.getConnection();
                var rs = c.createStatement().executeQuery("SELECT COUNT(*), MAX(v) FROM acked")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(300);
            assertThat(rs.getInt(2)).isEqualTo(300);
        }
    }

    @Test
    void migrationsRunOncePerModuleInVersionOrder() throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (HikariDataSource pool = StoreDataSource.pooled(h2, 2, 1_000)) {
            JdbcSchemaMigrator migrator = new JdbcSchemaMigrator(pool);
            List<Migration> steps = List.of(Migration.of(2, "add column", "ALTER TABLE plugin_t ADD COLUMN w INT"),
                    Migration.of(1, "create", "CREATE TABLE plugin_t (v INT)"));
            assertThat(migrator.migrate("plugin", steps)).isEqualTo(2);
            assertThat(migrator.migrate("plugin", steps)).isEqualTo(2); // again: nothing to do, nothing fails
            assertThat(migrator.migrate("other", List.of())).isZero();
            assertThatThrownBy(() -> migrator.migrate("broken", List.of(Migration.of(1, "bad", "CREATE TABLE"))))
                    .isInstanceOf(StoreException.class).hasMessageContaining("migration broken v1 (bad) failed");
            try (Connection c = pool.getConnection();
                    var rs = c.createStatement().executeQuery("SELECT version FROM parley_schema WHERE module = 'plugin'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void theDefaultFileDatabaseSurvivesAWriterInterruptedInFileIo(@TempDir Path home) throws Exception {
        StoreDataSource store = component(Map.of(), home.toString());
        try {
            try (Connection c = store.getConnection()) {
                c.createStatement().execute("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10))");
            }
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    try (Connection c = store.getConnection()) {
                        c.createStatement().execute("INSERT INTO t (v) VALUES ('w')");
                    } catch (SQLException e) {
                        return;
                    }
                }
            });
            writer.start();
            for (int i = 0; i < 20 && writer.isAlive(); i++) {
                writer.interrupt(); // as a stopping plugin interrupts its workers
                Thread.sleep(5);
            }
            writer.join();
            try (Connection c = store.getConnection()) {
                c.createStatement().execute("INSERT INTO t (v) VALUES ('after')");
                var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t WHERE v = 'after'");
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        } finally {
            store.close();
        }
    }
}
