package dev.parley.helpdesk.core.internal.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two defects of the embedded H2 (2.5.252) that break the store's promises after {@code kill -9},
 * worked around from outside H2. H2 exports {@code org.h2.mvstore} but not the engine packages on
 * the way to it (session, database, store), and the fixes need package-private methods, hence the
 * reflection; {@code ConnectionPoolTest} checks both against the H2 the runtime ships. A connection
 * that is not H2's (PostgreSQL) is left alone.
 * <ul>
 * <li><b>CHECKPOINT is not a write barrier.</b> Under {@code WRITE_DELAY}, H2's background thread
 * collects committed changes and writes them on two executors of its own, without waiting. A
 * CHECKPOINT that waited for the store lock meanwhile sees the version moved on and returns at
 * once ({@code MVStore.commit}), so "checkpointed" did not mean "in the file".
 * {@code FileStore.executeFileStoreOperation} drains both executors: {@link #awaitBackgroundWrites}.
 * <li><b>A commit cut short is never finished.</b> A crash after H2 marked a transaction's undo log
 * committed, before it applied it, leaves a transaction that {@code endLeftoverTransactions}
 * "commits" at the next start with a no-op ({@code Transaction.commit} does nothing for a
 * transaction already COMMITTED). Its rows stay locked for good: any statement writing one of them
 * spins forever (no lock timeout), and its index entries and rows disagree ("Row not found in
 * primary index"). {@link #finishInterruptedCommits} applies such a transaction's undo log and
 * closes it, which is what H2's own recovery path ({@code TransactionStore.commit(tx, true)}) does.
 * </ul>
 */
final class H2Workarounds {

    private static final Logger LOG = LoggerFactory.getLogger(H2Workarounds.class);
    private static final Runnable NOTHING = () -> { };
    private static final int STATUS_COMMITTED = 3; // org.h2.mvstore.tx.Transaction.STATUS_COMMITTED

    private volatile boolean warned;

    /** Returns once H2's background writes queued before the call are written; false if there is no such H2. */
    boolean awaitBackgroundWrites(Connection physical) throws SQLException {
        Object fileStore;
        try {
            Object store = h2Store(physical);
            fileStore = store == null ? null : call(call(store, "getMvStore"), "getFileStore");
        } catch (ReflectiveOperationException | RuntimeException e) {
            warnOnce(physical, "a commit is checkpointed but a crash right after it may still lose it", e);
            return false;
        }
        if (fileStore == null) {
            return false; // not H2, or an in-memory database
        }
        try {
            fileStore.getClass().getMethod("executeFileStoreOperation", Runnable.class).invoke(fileStore, NOTHING);
            return true;
        } catch (InvocationTargetException e) {
            throw new SQLException("H2 failed while writing to its file: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new SQLException("H2's file store has no executeFileStoreOperation: " + e, e);
        }
    }

    /**
     * Finishes the commits a crash interrupted; call before anyone else uses the database. Returns
     * how many there were.
     */
    int finishInterruptedCommits(Connection physical) throws SQLException {
        try {
            Object store = h2Store(physical);
            if (store == null) {
                return 0;
            }
            Object transactions = call(store, "getTransactionStore");
            int finished = 0;
            for (Object tx : (List<?>) call(transactions, "getOpenTransactions")) {
                if ((int) call(tx, "getStatus") != STATUS_COMMITTED) {
                    continue;
                }
                Method commit = transactions.getClass().getDeclaredMethod("commit", tx.getClass(), boolean.class);
                commit.setAccessible(true);
                commit.invoke(transactions, tx, true); // recovery: apply the undo log marked committed
                Method close = tx.getClass().getDeclaredMethod("close", boolean.class, Throwable.class);
                close.setAccessible(true);
                close.invoke(tx, true, null); // frees its slot, so nobody waits for it again
                LOG.warn("Finished H2 transaction {}: a crash had left it half committed, its rows locked", tx);
                finished++;
            }
            return finished;
        } catch (InvocationTargetException e) {
            throw new SQLException("H2 could not finish a commit a crash interrupted: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            warnOnce(physical, "a commit a crash interrupted stays unfinished and its rows locked", e);
            return 0;
        }
    }

    /** H2's {@code org.h2.mvstore.db.Store} behind an H2 connection, or null for another database. */
    private static Object h2Store(Connection physical) throws ReflectiveOperationException {
        if (!physical.getClass().getName().startsWith("org.h2.")) {
            return null;
        }
        return call(call(call(physical, "getSession"), "getDatabase"), "getStore");
    }

    private void warnOnce(Connection physical, String consequence, Exception e) {
        if (!warned) {
            warned = true;
            LOG.warn("Cannot reach H2's internals through {} ({}): {}", physical.getClass().getName(), e.toString(),
                    consequence);
        }
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        Method m = target.getClass().getMethod(method);
        try {
            return m.invoke(target);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
