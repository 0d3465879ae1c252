package dev.parley.helpdesk.api.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Commits concurrent writes together, and returns to each caller only once its own write is
 * committed. Each caller queues its item; one caller at a time leads: it runs everything queued
 * so far (up to {@value #MAX_BATCH} items) in one transaction and, when that commits, wakes every
 * caller it carried at once (each waits parked on its own item, so the wake-ups do not queue
 * behind one another on a lock, which on two busy cores cost a scheduling delay per caller), then
 * wakes the first caller still queued to lead the next group. So N webhooks arriving while a
 * commit is under way cost one more commit, not N: the database's per-commit cost (a file write
 * on H2, a WAL flush on PostgreSQL) is shared, and each caller's answer still means "committed".
 * If a shared transaction fails, each item is retried alone, so one bad item never fails the
 * others. A concrete helper, like {@link JdbcTransactions}: the inbox's webhook writes and the
 * host's message appends need exactly this.
 *
 * @param <T> what a caller writes
 * @param <R> what it gets back once that is committed
 * @since 2.3
 */
public final class GroupCommit<T, R> {

    /** The work of a whole group, in one transaction: one result per item, in the items' order. */
    @FunctionalInterface
    public interface Batch<T, R> {
        List<R> apply(Connection connection, List<T> items) throws SQLException;
    }

    /** One item in its own transaction (the fallback when a shared one failed). */
    @FunctionalInterface
    public interface Alone<T, R> {
        R apply(T item);
    }

    /** At most this many items share one transaction. */
    public static final int MAX_BATCH = 256;

    private final class Pending {
        final T item;
        final Thread caller = Thread.currentThread();
        volatile boolean done;
        R result;
        RuntimeException failure;

        Pending(T item) {
            this.item = item;
        }
    }

    private final JdbcTransactions tx;
    private final Batch<T, R> work;
    private final Alone<T, R> alone;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committer = new ReentrantLock();

    public GroupCommit(JdbcTransactions tx, Batch<T, R> work, Alone<T, R> alone) {
        this.tx = tx;
        this.work = work;
        this.alone = alone;
    }

    /** Stores {@code item} with whatever else is waiting; returns its result once committed, or throws its failure. */
    public R submit(T item) {
        Pending mine = new Pending(item);
        queue.add(mine);
        while (!mine.done) {
            if (committer.tryLock()) {
                try {
                    if (!mine.done) {
                        commit(drain());
                    }
                } finally {
                    committer.unlock();
                }
                // callers that queued during this commit: the first of them leads the next group
                Pending next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                // woken when a leader committed this item, or to lead; the timeout only guards against a lost wake-up
                LockSupport.parkNanos(this, 10_000_000L);
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    private List<Pending> drain() {
        List<Pending> batch = new ArrayList<>();
        for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null;) {
            batch.add(p);
        }
        return batch;
    }

    private void commit(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        boolean settled = false;
        try {
            List<T> items = batch.stream().map(p -> p.item).toList();
            List<R> results = tx.inTransaction(c -> work.apply(c, items));
            if (results.size() != batch.size()) {
                throw new IllegalStateException(results.size() + " results for " + batch.size() + " items");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result = results.get(i);
            }
            settled = true;
        } catch (RuntimeException shared) {
            for (Pending p : batch) {
                try {
                    p.result = alone.apply(p.item);
                } catch (RuntimeException e) {
                    p.failure = e;
                }
            }
            settled = true;
        } finally {
            for (Pending p : batch) {
                if (!settled && p.failure == null) {
                    // an Error left the batch half done: no caller may answer 200 for a write it cannot vouch for
                    p.failure = new IllegalStateException("the shared write did not finish");
                }
                p.done = true;
                LockSupport.unpark(p.caller);
            }
        }
    }
}
