package dev.parley.social.connector.internal.inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.store.UnitOfWork;
import dev.parley.social.api.InboundMessage;

/**
 * The inbox's webhook stores, journaled: a group of deliveries is appended to the {@link InboxJournal}
 * (on disk before anyone is answered) and then stored in a unit of work, whose commit needs no disk
 * write of its own. Every second the journal moves to a new segment; once the store has flushed,
 * the finished segment goes. The lock keeps a segment from being settled while a group that wrote
 * to it is still committing.
 */
final class Journaling {

    private static final Logger LOG = LoggerFactory.getLogger(Journaling.class);

    private final InboxJournal journal;
    private final UnitOfWork units;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    private Journaling(InboxJournal journal, UnitOfWork units) {
        this.journal = journal;
        this.units = units;
    }

    /** The journaling in {@code dir}, or null (every store then written on its own) if the folder is unusable. */
    static Journaling open(Path dir, UnitOfWork units) {
        try {
            return new Journaling(new InboxJournal(dir), units);
        } catch (IOException e) {
            LOG.warn("No inbox journal in {} ({}); every webhook store is written to disk on its own", dir,
                    e.toString());
            return null;
        }
    }

    /** A group commit's runner: journal, then the shared transaction as a unit of work. */
    int[] commit(List<Delivery> deliveries, Supplier<int[]> transaction) {
        lock.readLock().lock();
        try {
            journal.append(deliveries);
            return units.run(transaction);
        } catch (IOException e) {
            throw new InboxStoreException("the inbox journal could not be written: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Deletes what the store now holds for sure. */
    void settle() {
        try {
            Path finished;
            lock.writeLock().lock();
            try {
                finished = journal.rotate();
            } finally {
                lock.writeLock().unlock();
            }
            if (finished != null) {
                units.flush();
                Files.delete(finished);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Inbox journal not settled yet (kept, and replayed at the next start if need be): {}", e.toString());
        }
    }

    /** Deliveries a crashed run acknowledged: stored again ({@code storeAlone}: idempotent, on disk when it returns). */
    void replay(ToIntFunction<Delivery> storeAlone) {
        for (Path segment : journal.leftovers()) {
            try {
                int stored = 0;
                for (List<InboundMessage> delivery : InboxJournal.read(segment)) {
                    stored += storeAlone.applyAsInt(Delivery.of(delivery));
                }
                Files.delete(segment);
                LOG.info("Inbox journal {} replayed: {} acknowledged events were not stored yet", segment.getFileName(),
                        stored);
            } catch (IOException | RuntimeException e) {
                LOG.error("Inbox journal {} could not be replayed; it stays for the next start", segment, e);
            }
        }
    }

    void close() {
        settle();
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("Inbox journal not closed cleanly: {}", e.toString());
        }
    }
}
