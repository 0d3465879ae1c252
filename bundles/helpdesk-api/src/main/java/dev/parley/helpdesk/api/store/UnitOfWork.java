package dev.parley.helpdesk.api.store;

import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Many store changes as one database transaction and one commit: what a plugin that writes a batch
 * (a social inbox draining hundreds of events) uses so the database writes once, not once per item.
 * The host registers it next to its DataSource.
 *
 * <p>While {@link #run} is on the stack, every transaction the calling thread opens on the host
 * DataSource ({@link JdbcTransactions}, {@code TicketService}, {@code CustomerService}) joins the
 * unit as a savepoint: an inner transaction that fails rolls back its own changes only and the unit
 * goes on. The unit commits when {@code work} returns and rolls back entirely when it throws. Other
 * threads see nothing of it before the commit, and ticket events are posted after the commit
 * ({@link #afterCommit}). Rows the unit changes stay locked until then, so keep units short (tens
 * of milliseconds), and never wait inside one for another thread's store work.
 *
 * <p>Durability: an ordinary commit is on disk when it returns. A unit's commit may reach the disk
 * a moment later (with the embedded store, within its write delay of 100 ms, or with the next
 * ordinary commit), so a crash right after {@code run} returns can undo it. Use units for work that
 * is redone after a crash anyway (an inbox whose events stay claimed until the unit commits),
 * never for something already acknowledged to a person or a platform, unless it is journaled
 * elsewhere until {@link #flush} returns.
 *
 * @since 1.1
 */
@ProviderType
public interface UnitOfWork {

    /** Runs {@code work} as one transaction on this thread; inside a unit already, it simply joins that one. */
    <T> T run(Supplier<T> work);

    /**
     * Runs {@code action} once the unit open on this thread has committed, or at once when none is
     * open; a unit that rolls back drops it. For effects that must only follow committed data.
     */
    void afterCommit(Runnable action);

    /**
     * Makes everything committed so far durable, units included: with the embedded store, writes
     * it to the file now; with a store whose every commit is durable, does nothing. For a plugin
     * that keeps its own record of acknowledged work until the store has it (a journal).
     */
    void flush();
}
