package dev.parley.helpdesk.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private static JdbcTransactions newDatabase() throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = h2.getConnection()) {
            c.createStatement().execute("CREATE TABLE t (v INT PRIMARY KEY)");
        }
        return new JdbcTransactions(h2, e -> new IllegalStateException(e.getMessage(), e));
    }

    private static int insert(Connection c, Integer value) throws SQLException {
        if (value < 0) {
            throw new SQLException("refused " + value);
        }
        return c.createStatement().executeUpdate("INSERT INTO t VALUES (" + value + ")");
    }

    private static List<Integer> each(Connection c, List<Integer> values) throws SQLException {
        List<Integer> out = new ArrayList<>();
        for (Integer v : values) {
            out.add(insert(c, v));
        }
        return out;
    }

    @Test
    void callersQueuedBehindAnOpenTransactionShareTheNextOneAndEachGetsItsOwnResult() throws Exception {
        JdbcTransactions tx = newDatabase();
        Set<Connection> transactions = ConcurrentHashMap.newKeySet(); // unpooled: one connection per transaction
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<Integer, Integer> group = new GroupCommit<>(tx, (c, values) -> {
            transactions.add(c);
            if (values.contains(0)) {
                firstInside.countDown();
                await(release); // hold the first transaction open so the others queue up behind it
            }
            return each(c, values);
        }, v -> tx.inTransaction(c -> insert(c, v)));
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            results.add(pool.submit(() -> group.submit(0)));
            firstInside.await();
            for (int i = 1; i <= 8; i++) {
                int v = i;
                results.add(pool.submit(() -> group.submit(v)));
            }
            Thread.sleep(200); // let the eight queue behind the open transaction
            release.countDown();
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count(tx)).isEqualTo(9);
        assertThat(transactions).as("nine writes, two commits").hasSize(2);
    }

    @Test
    void aFailingPieceFailsAloneAndTheOthersAreStored() throws Exception {
        JdbcTransactions tx = newDatabase();
        GroupCommit<Integer, Integer> group = new GroupCommit<>(tx, GroupCommitTest::each,
                v -> tx.inTransaction(c -> insert(c, v)));
        assertThat(group.submit(1)).isEqualTo(1);
        assertThatThrownBy(() -> group.submit(-1)).hasMessageContaining("refused -1");
        assertThat(group.submit(2)).isEqualTo(1);
        assertThat(count(tx)).isEqualTo(2);
    }

    @Test
    void aCallerCarriedInAWriteThatEndedInAnErrorIsNeverAnsweredAsStored() throws Exception {
        JdbcTransactions tx = newDatabase();
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        GroupCommit<Integer, Integer> group = new GroupCommit<>(tx, (c, values) -> {
            if (values.contains(1)) {
                firstInside.countDown();
                await(releaseFirst);
                return List.of(1);
            }
            throw new StackOverflowError("deep"); // the group of 2 and 3
        }, v -> 1);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<Integer> first = callers.submit(() -> group.submit(1));
            await(firstInside);
            Future<Integer> second = callers.submit(() -> group.submit(2));
            Future<Integer> third = callers.submit(() -> group.submit(3));
            Thread.sleep(300); // both queued behind the open transaction
            releaseFirst.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            // whichever of 2 and 3 led the failing group got the Error; the one it carried must fail too, not get 0
            int failures = 0;
            for (Future<Integer> f : List.of(second, third)) {
                try {
                    f.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    failures++;
                }
            }
            assertThat(failures).isEqualTo(2);
        } finally {
            callers.shutdownNow();
        }
    }

    private static int count(JdbcTransactions tx) {
        return tx.inTransaction(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
