package dev.parley.helpdesk.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.store.JdbcTransactions;

/** The pool's unit of work: many JdbcTransactions calls, one commit, savepoints for each call. */
class UnitOfWorkTest {

    private ConnectionPool pool;
    private JdbcTransactions tx;

    @BeforeEach
    void setUp() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        pool = new ConnectionPool(h2, 1, 500, "test"); // one connection: a unit must not need a second one
        tx = new JdbcTransactions(pool, StoreException::new);
        tx.inTransaction(c -> c.createStatement().execute("CREATE TABLE t (v INT PRIMARY KEY)"));
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    private void insert(int v) {
        tx.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO t VALUES (" + v + ")"));
    }

    private List<Integer> rows() {
        return tx.read(c -> {
            List<Integer> values = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT v FROM t ORDER BY v")) {
                while (rs.next()) {
                    values.add(rs.getInt(1));
                }
            }
            return values;
        });
    }

    @Test
    void manyTransactionsCommitOnceAndOthersSeeNothingBefore() throws Exception {
        List<List<Integer>> seenInside = new ArrayList<>();
        int result = pool.run(() -> {
            insert(1);
            insert(2);
            seenInside.add(rows()); // the unit reads its own writes
            // another thread has to wait for the connection: prove it sees nothing by asking with a second pool
            return 42;
        });
        assertThat(result).isEqualTo(42);
        assertThat(seenInside).containsExactly(List.of(1, 2));
        assertThat(rows()).containsExactly(1, 2);
    }

    @Test
    void uncommittedUnitIsInvisibleToOtherThreads() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ConnectionPool two = new ConnectionPool(h2, 2, 500, "test");
        JdbcTransactions tx2 = new JdbcTransactions(two, StoreException::new);
        tx2.inTransaction(c -> c.createStatement().execute("CREATE TABLE t (v INT PRIMARY KEY)"));
        try {
            Integer seenOutside = two.run(() -> {
                tx2.inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO t VALUES (7)"));
                return CompletableFuture.supplyAsync(() -> tx2.read(c -> {
                    try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
                        rs.next();
                        return rs.getInt(1);
                    }
                })).join();
            });
            assertThat(seenOutside).isZero();
        } finally {
            two.close();
        }
    }

    @Test
    void aFailingTransactionRollsBackOnlyItsOwnWork() {
        pool.run(() -> {
            insert(1);
            assertThatThrownBy(() -> tx.inTransaction(c -> {
                c.createStatement().executeUpdate("INSERT INTO t VALUES (2)");
                return c.createStatement().executeUpdate("INSERT INTO t VALUES (1)"); // duplicate key
            })).isInstanceOf(StoreException.class);
            insert(3);
            return null;
        });
        assertThat(rows()).containsExactly(1, 3);
    }

    @Test
    void aTransactionThatRollsBackItselfAndRetriesKeepsOnlyTheRetry() {
        pool.run(() -> tx.inTransaction(c -> {
            c.createStatement().executeUpdate("INSERT INTO t VALUES (5)");
            c.rollback(); // an optimistic write that lost its race
            c.createStatement().executeUpdate("INSERT INTO t VALUES (6)");
            return null;
        }));
        assertThat(rows()).containsExactly(6);
    }

    @Test
    void workThatThrowsRollsBackEverythingAndDropsAfterCommitActions() {
        List<String> ran = new ArrayList<>();
        assertThatThrownBy(() -> pool.run(() -> {
            insert(1);
            pool.afterCommit(() -> ran.add("event"));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(rows()).isEmpty();
        assertThat(ran).isEmpty();
    }

    @Test
    void afterCommitActionsWaitForTheCommitAndMayUseTheStore() {
        List<Object> ran = new ArrayList<>();
        pool.afterCommit(() -> ran.add("no unit: at once"));
        assertThat(ran).containsExactly("no unit: at once");
        pool.run(() -> {
            insert(1);
            pool.afterCommit(() -> ran.add(rows())); // the one connection is back in the pool by then
            assertThat(ran).hasSize(1);
            return null;
        });
        assertThat(ran).containsExactly("no unit: at once", List.of(1));
    }

    @Test
    void aNestedUnitJoinsTheOuterOne() {
        assertThatThrownBy(() -> pool.run(() -> {
            pool.run(() -> {
                insert(1);
                return null;
            });
            throw new IllegalStateException("outer fails");
        })).hasMessage("outer fails");
        assertThat(rows()).isEmpty();
    }

    @Test
    void theConnectionGoesBackToThePoolInAutoCommitMode() throws SQLException {
        pool.run(() -> {
            insert(1);
            return null;
        });
        try (Connection c = pool.getConnection()) {
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    /**
     * H2 caches parsed statements per session by their text, and empties that cache on any rollback:
     * the pool rolled back every connection it got back from a unit, committed or not, and the runtime
     * spent an eighth of its CPU parsing the same SQL again. A cached command is the same object each
     * time its statement is prepared, which is what this checks (through H2's field).
     */
    @Test
    void statementsPreparedInManyUnitsAreParsedOnce() throws Exception {
        JdbcDataSource small = new JdbcDataSource();
        small.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=8");
        ConnectionPool cachePool = new ConnectionPool(small, 1, 500, "test");
        try {
            JdbcTransactions cacheTx = new JdbcTransactions(cachePool, StoreException::new);
            cacheTx.inTransaction(c -> c.createStatement().execute("CREATE TABLE s (v INT PRIMARY KEY)"));
            java.lang.reflect.Field command = org.h2.jdbc.JdbcPreparedStatement.class.getDeclaredField("command");
            command.setAccessible(true);
            java.util.Set<Object> commands = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (int unit = 0; unit < 10; unit++) {
                int first = unit * 5;
                cachePool.run(() -> {
                for (int i = first; i < first + 5; i++) {
                    int v = i;
                    cacheTx.inTransaction(c -> {
                        try (var ps = c.prepareStatement("INSERT INTO s (v) VALUES (?)")) {
                            commands.add(command.get(ps.unwrap(org.h2.jdbc.JdbcPreparedStatement.class)));
                            ps.setInt(1, v);
                            return ps.executeUpdate();
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
                return null;
                });
            }
            assertThat(commands).hasSize(1);
            int rows = cacheTx.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM s")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(rows).isEqualTo(50);
        } finally {
            cachePool.close();
        }
    }
}
