package dev.parley.social.connector.internal.inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.social.api.InboundMessage;

/**
 * The inbox's stores, journaled. A webhook's delivery is appended to the {@link InboxJournal} (on
 * disk before the platform is answered) and queued for the {@link InboxWriter}, which stores it in
 * the inbox moments later. A synchronous store (a poll) appends its group and stores it in one
 * transaction. Every second the journal moves to a new segment; a finished segment goes once the
 * writer has stored (committed) every delivery queued before it finished. The lock keeps a segment from finishing while a delivery
 * written to it is not yet queued or a group written to it is still committing.
 */
final class Journaling {

    private static final Logger LOG = LoggerFactory.getLogger(Journaling.class);

    private final InboxJournal journal;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Deque<Finished> finished = new ArrayDeque<>(); // used by the settling thread only
    private final Path dir;
    private InboxWriter writer;

    /** A segment the journal moved on from, and the number of the last delivery queued before. */
    private record Finished(Path segment, long lastQueued) {
    }

    private Journaling(InboxJournal journal, Path dir) {
        this.journal = journal;
        this.dir = dir;
    }

    /** The journaling in {@code dir}, or null (every store then written on its own) if the folder is unusable. */
    static Journaling open(Path dir) {
        try {
            return new Journaling(new InboxJournal(dir), dir);
        } catch (IOException e) {
            LOG.warn("No inbox journal in {} ({}); every webhook store is written to disk on its own", dir,
                    e.toString());
            return null;
        }
    }

    /** Starts storing accepted deliveries with {@code store}, after the replay of what a crashed run left. */
    void startWriter(InboxWriter.Store store, IntConsumer onStored) {
        writer = new InboxWriter(store, onStored, dir);
    }

    /** Journals a delivery and queues it for the writer: durable when this returns, in the inbox soon after. */
    void accept(Delivery delivery) {
        lock.readLock().lock();
        try {
            journal.append(List.of(delivery));
            writer.enqueue(delivery);
        } catch (IOException e) {
            throw new InboxStoreException("the inbox journal could not be written: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A group commit's runner: journal, then the shared transaction. */
    int[] commit(List<Delivery> deliveries, Supplier<int[]> transaction) {
        lock.readLock().lock();
        try {
            journal.append(deliveries);
            return transaction.get();
        } catch (IOException e) {
            throw new InboxStoreException("the inbox journal could not be written: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Deletes the finished segments the store now holds for sure. */
    synchronized void settle() {
        try {
            lock.writeLock().lock();
            try {
                Path segment = journal.rotate();
                if (segment != null) {
                    finished.addLast(new Finished(segment, writer == null ? 0 : writer.accepted()));
                }
            } finally {
                lock.writeLock().unlock();
            }
            long stored = writer == null ? 0 : writer.stored();
            if (!finished.isEmpty() && finished.peekFirst().lastQueued() <= stored) {
                // every store commit is durable when it returns (see docs/OPERATIONS.md): nothing to flush
                while (!finished.isEmpty() && finished.peekFirst().lastQueued() <= stored) {
                    Files.delete(finished.peekFirst().segment());
                    finished.removeFirst();
                }
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
        if (writer != null) {
            writer.close(Duration.ofSeconds(10));
        }
        settle();
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("Inbox journal not closed cleanly: {}", e.toString());
        }
    }
}
