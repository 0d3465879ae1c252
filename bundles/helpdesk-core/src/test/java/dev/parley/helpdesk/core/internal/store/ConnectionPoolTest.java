package dev.parley.helpdesk.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.store.Migration;

class ConnectionPoolTest {

    private static ConnectionPool pool(int max) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new ConnectionPool(h2, max, 200, "test");
    }

    @Test
    void reusesConnectionsAndBoundsHowManyAreOut() throws SQLException {
        ConnectionPool pool = pool(2);
        Connection a = pool.getConnection();
        Connection b = pool.getConnection();
        assertThatThrownBy(pool::getConnection).isInstanceOf(SQLException.class).hasMessageContaining("no database connection free");
        Connection physicalA = a.unwrap(Connection.class);
        a.close();
        assertThat(a.isClosed()).isTrue();
        assertThatThrownBy(() -> a.createStatement()).isInstanceOf(SQLException.class);
        try (Connection c = pool.getConnection()) {
            assertThat(c.unwrap(org.h2.jdbc.JdbcConnection.class)).isNotNull();
        }
        b.close();
        pool.close();
        assertThatThrownBy(pool::getConnection).hasMessageContaining("shut down");
        assertThat(physicalA).isNotNull();
    }

    @Test
    void uncommittedWorkIsRolledBackWhenAConnectionReturns() throws SQLException {
        ConnectionPool pool = pool(1);
        try (Connection c = pool.getConnection()) {
            c.createStatement().execute("CREATE TABLE t (v INT)");
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("INSERT INTO t VALUES (1)");
        }
        try (Connection c = pool.getConnection(); var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void migrationsRunOncePerModuleInVersionOrder() throws SQLException {
        ConnectionPool pool = pool(2);
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

    @Test
    void theDefaultFileDatabaseSurvivesAWriterInterruptedInFileIo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home)
            throws Exception {
        String url = ConnectionPool.defaultUrl(home.toString());
        assertThat(url).startsWith("jdbc:h2:retry:").contains("WRITE_DELAY=100");
        assertThat(ConnectionPool.flushesOnCommit(url)).isTrue();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        ConnectionPool pool = new ConnectionPool(h2, 4, 5_000, "test");
        try (Connection c = pool.getConnection()) {
            c.createStatement().execute("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10))");
            var cache = c.createStatement().executeQuery(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'");
            assertThat(cache.next()).isTrue();
            assertThat(cache.getString(1)).as("parsed statements kept per session").isEqualTo("64");
        }
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 5_000; i++) {
                try (Connection c = pool.getConnection()) {
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
        try (Connection c = pool.getConnection()) {
            c.createStatement().execute("INSERT INTO t (v) VALUES ('after')");
            var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t WHERE v = 'after'");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
        pool.close();
    }

    @Test
    void theWriteBarrierWaitsForAWriteH2HasQueued(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=100000");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        H2Workarounds h2Workarounds = new H2Workarounds();
        try (Connection c = h2.getConnection()) {
            try {
                c.createStatement().execute("CREATE TABLE t (v INT)");
                c.createStatement().execute("INSERT INTO t VALUES (1)");
                c.createStatement().execute("CHECKPOINT");
                MVStore store = ((SessionLocal) ((JdbcConnection) c).getSession()).getDatabase().getStore().getMvStore();
                Thread holder = new Thread(() -> store.getFileStore().executeFileStoreOperation(() -> {
                    held.countDown(); // H2's serializer is busy, as with a slow disk
                    awaitQuietly(release);
                }));
                holder.start();
                held.await();
                c.createStatement().execute("INSERT INTO t VALUES (2)");
                store.tryCommit(); // what H2's background thread does: takes the commit, queues its write, returns

                CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> {
                    try {
                        return h2Workarounds.awaitBackgroundWrites(c);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThatThrownBy(() -> waited.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
                release.countDown();
                assertThat(waited.get(10, TimeUnit.SECONDS)).isTrue();
                holder.join(10_000);
                assertThat(rowsOnDisk(dir, "after-barrier")).containsExactly(1, 2);
            } finally {
                release.countDown(); // before the connection closes: closing H2 waits for its serializer
            }
        }
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:barrier");
        try (Connection c = memory.getConnection()) {
            assertThat(h2Workarounds.awaitBackgroundWrites(c)).as("nothing to wait for in memory").isFalse();
        }
    }

    /**
     * The database file as a crash leaves it when H2 had marked a transaction's undo log committed
     * but not applied it yet: H2 alone "recovers" it into a transaction that stays open forever, and
     * an UPDATE of one of its rows spins without end.
     */
    @Test
    void aCommitACrashInterruptedIsFinishedWhenThePoolOpensTheDatabase(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=100000");
        try (Connection c = h2.getConnection(); Connection committing = h2.getConnection()) {
            c.createStatement().execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
            c.createStatement().execute("CREATE INDEX t_v ON t (v)");
            c.createStatement().execute("INSERT INTO t VALUES (1, 10)");
            committing.setAutoCommit(false);
            committing.createStatement().execute("INSERT INTO t VALUES (2, 20)");
            committing.createStatement().execute("UPDATE t SET v = 11 WHERE id = 1");
            SessionLocal session = (SessionLocal) ((JdbcConnection) committing).getSession();
            var transactions = session.getDatabase().getStore().getTransactionStore();
            java.lang.reflect.Method mark = transactions.getClass().getDeclaredMethod("markUndoLogAsCommitted",
                    int.class, long.class);
            mark.setAccessible(true);
            mark.invoke(transactions, session.getTransaction().getId(), 1L); // the first step of H2's commit
            session.getDatabase().getStore().getMvStore().commit(); // written, as the background writer would
            java.nio.file.Files.copy(dir.resolve("db.mv.db"), dir.resolve("crashed.mv.db")); // ...and then kill -9
            committing.rollback();
        }

        JdbcDataSource crashed = new JdbcDataSource();
        crashed.setURL("jdbc:h2:file:" + dir.resolve("crashed") + ";WRITE_DELAY=100000");
        ConnectionPool pool = new ConnectionPool(crashed, 2, 5_000, "test", true);
        try {
            var tx = new dev.parley.helpdesk.api.store.JdbcTransactions(pool, StoreException::new);
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
                Integer updated = tx.inTransaction(c -> c.createStatement().executeUpdate("UPDATE t SET v = v + 1"));
                assertThat(updated).isEqualTo(2);
            }, "an UPDATE of the half-committed rows spins for ever");
            List<String> rows = tx.read(c -> {
                var rs = c.createStatement().executeQuery("SELECT id, v FROM t WHERE v > 0 ORDER BY id");
                List<String> found = new java.util.ArrayList<>();
                while (rs.next()) {
                    found.add(rs.getInt(1) + "=" + rs.getInt(2));
                }
                return found;
            });
            assertThat(rows).as("the interrupted commit, finished: both its insert and its update").containsExactly("1=12", "2=21");
        } finally {
            pool.close();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a process killed now would find: the database file as it is on disk, opened on its own. */
    private static List<Integer> rowsOnDisk(java.nio.file.Path dir, String copy) throws Exception {
        java.nio.file.Files.copy(dir.resolve("db.mv.db"), dir.resolve(copy + ".mv.db"));
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve(copy));
        try (Connection c = h2.getConnection(); var rs = c.createStatement().executeQuery("SELECT v FROM t ORDER BY v")) {
            List<Integer> values = new java.util.ArrayList<>();
            while (rs.next()) {
                values.add(rs.getInt(1));
            }
            return values;
        }
    }
}
