package dev.parley.helpdesk.core.internal.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open unit of work: a physical connection bound to a thread, with auto-commit off until the
 * unit ends. Each connection the thread asks the pool for meanwhile is a view of it on which the
 * JDBC transaction calls act on a savepoint instead: {@code setAutoCommit(false)} sets one,
 * {@code commit()} keeps the work in the unit, {@code rollback()} undoes back to the savepoint and
 * {@code close()} leaves the connection with the unit. So code written for one transaction per call
 * ({@code JdbcTransactions}) joins the unit unchanged, and a failing call costs only its own work.
 */
final class ThreadUnit {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadUnit.class);

    private final Connection physical;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final BitSet slotsInUse = new BitSet(); // savepoint names held by open views

    ThreadUnit(Connection physical) {
        this.physical = physical;
    }

    Connection physical() {
        return physical;
    }

    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** Runs what waited for the commit; one failing action does not keep the others from running. */
    void committed() {
        for (Runnable action : afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("An action after a store commit failed", e);
            }
        }
        afterCommit.clear();
    }

    /** A view of the unit's connection for one caller. */
    Connection enlist() {
        View view = new View();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            view.close();
                            return null;
                        case "isClosed":
                            return view.closed || physical.isClosed();
                        case "getAutoCommit":
                            return view.savepoint == null;
                        case "setAutoCommit":
                            view.setAutoCommit((Boolean) args[0]);
                            return null;
                        case "commit":
                            view.commit();
                            return null;
                        case "rollback":
                            if (args == null || args.length == 0) {
                                view.rollback();
                                return null;
                            }
                            break;
                        case "unwrap":
                            return ((Class<?>) args[0]).isInstance(proxy) ? proxy : physical.unwrap((Class<?>) args[0]);
                        default:
                            break;
                    }
                    if (view.closed) {
                        throw new SQLException("connection already returned to the pool");
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** One caller's transaction inside the unit: a savepoint while "auto-commit" is off. */
    private final class View {
        Savepoint savepoint;
        int slot;
        boolean closed;

        void setAutoCommit(boolean on) throws SQLException {
            if (!on && savepoint == null) {
                mark();
            } else if (on && savepoint != null) {
                release(); // turning auto-commit on commits: the work stays in the unit
            }
        }

        void commit() throws SQLException {
            if (savepoint != null) {
                release();
                mark(); // later work of this caller can still be rolled back alone
            }
        }

        void rollback() throws SQLException {
            if (savepoint != null) {
                physical.rollback(savepoint);
                release();
                mark();
            }
        }

        void close() throws SQLException {
            if (!closed) {
                closed = true;
                if (savepoint != null) {
                    // like the pool, which rolls back what a caller left uncommitted
                    physical.rollback(savepoint);
                    release();
                }
            }
        }

        /**
         * A savepoint named after the lowest slot no open savepoint of the unit holds. JDBC's unnamed
         * savepoints are numbered, and H2 caches each {@code SAVEPOINT} text as a statement: a new name
         * per call was a parse each time and a cache entry that pushed a real query out. Reusing a
         * released name is safe: H2 and PostgreSQL replace or shadow the older savepoint.
         */
        private void mark() throws SQLException {
            slot = slotsInUse.nextClearBit(0);
            savepoint = physical.setSavepoint("parley_unit_" + slot);
            slotsInUse.set(slot);
        }

        private void release() throws SQLException {
            Savepoint done = savepoint;
            savepoint = null;
            slotsInUse.clear(slot);
            physical.releaseSavepoint(done);
        }
    }
}
