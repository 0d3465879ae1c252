package dev.parley.social.connector.internal.inbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import dev.parley.helpdesk.api.store.JdbcTransactions;

/**
 * Commits concurrent writes together. Each caller queues its work and takes the lock; whoever
 * gets it runs everything queued so far in one transaction, so N webhooks arriving at once cost
 * one commit (one file write, with H2's WRITE_DELAY=0) instead of N. No caller returns before its
 * own work is committed. If a shared transaction fails, each piece is retried alone, so one bad
 * delivery never fails the others.
 */
final class GroupCommit<T> {

    /** One caller's work, run inside the shared transaction. */
    @FunctionalInterface
    interface Work<T> {
        int apply(Connection connection, T item) throws SQLException;
    }

    /** Runs a unit of work in its own transaction (the inbox's retrying store path). */
    @FunctionalInterface
    interface Alone<T> {
        int apply(T item);
    }

    /** How a group's shared transaction runs: as is, or after the items are journaled. */
    @FunctionalInterface
    interface Runner<T> {
        int[] run(List<T> items, java.util.function.Supplier<int[]> commit);

        static <T> Runner<T> direct() {
            return (items, commit) -> commit.get();
        }
    }

    private static final int MAX_BATCH = 256;

    private final class Pending {
        final T item;
        volatile boolean done;
        int result;
        RuntimeException failure;

        Pending(T item) {
            this.item = item;
        }
    }

    private final JdbcTransactions tx;
    private final Work<T> work;
    private final Alone<T> alone;
    private final Runner<T> runner;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    GroupCommit(JdbcTransactions tx, Work<T> work, Alone<T> alone) {
        this(tx, work, alone, Runner.direct());
    }

    GroupCommit(JdbcTransactions tx, Work<T> work, Alone<T> alone, Runner<T> runner) {
        this.tx = tx;
        this.work = work;
        this.alone = alone;
        this.runner = runner;
    }

    int submit(T item) {
        Pending mine = new Pending(item);
        queue.add(mine);
        writer.lock();
        try {
            if (!mine.done) {
                commit(drain());
            }
        } finally {
            writer.unlock();
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
        try {
            int[] results = runner.run(batch.stream().map(p -> p.item).toList(), () -> tx.inTransaction(c -> {
                int[] out = new int[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    out[i] = work.apply(c, batch.get(i).item);
                }
                return out;
            }));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result = results[i];
            }
        } catch (RuntimeException shared) {
            for (Pending p : batch) {
                try {
                    p.result = alone.apply(p.item);
                } catch (RuntimeException e) {
                    p.failure = e;
                }
            }
        } finally {
            batch.forEach(p -> p.done = true);
        }
    }
}
