package dev.parley.social.connector.internal.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores accepted deliveries (already journaled, so already acknowledged) in the inbox on one
 * thread, as many as are waiting in one transaction. A webhook's answer then waits for one journal
 * write, not for the database, and the inbox takes its rows in batches instead of a transaction per
 * group of concurrent requests.
 * <p>
 * Deliveries are numbered in the order they are queued; {@link #stored()} is the number of the last
 * one in the inbox, so the journal knows which of its segments the inbox holds (see
 * {@link Journaling}). A batch the database refuses for its data is retried one delivery at a time,
 * and a delivery refused for its own data is written next to the journal as unstorable and logged
 * (never dropped silently, never blocking those behind it); any other failure means the store is
 * down, and the writer waits and tries again, keeping everything queued and journaled.
 */
final class InboxWriter {

    private static final Logger LOG = LoggerFactory.getLogger(InboxWriter.class);
    private static final int BATCH = 256;
    /** How long a small batch waits for company: a transaction costs about the same for 1 delivery as for 50. */
    private static final long LINGER_MILLIS = 2;

    /** Deliveries queued and not yet stored beyond this many make the webhook answer 503 (the platform retries). */
    static final int MAX_BACKLOG = 50_000;

    /** Stores a batch in one transaction, or one delivery alone; each returns how many messages were new. */
    interface Store {
        int together(List<Delivery> batch);

        int alone(Delivery delivery);
    }

    private record Entry(Delivery delivery, long number) {
    }

    private final Store store;
    private final IntConsumer onStored;
    private final Path unstorableDir;
    private final Deque<Entry> queue = new ArrayDeque<>(); // guarded by this
    private final Thread thread;
    private long accepted; // guarded by this
    private volatile long stored;
    private volatile boolean closing;

    InboxWriter(Store store, IntConsumer onStored, Path unstorableDir) {
        this.store = store;
        this.onStored = onStored;
        this.unstorableDir = unstorableDir;
        this.thread = new Thread(this::run, "parley-social-inbox-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a journaled delivery; throws when the backlog is full or the writer is closed. */
    synchronized void enqueue(Delivery delivery) {
        if (closing) {
            throw new InboxStoreException("the inbox is shutting down", null);
        }
        if (queue.size() >= MAX_BACKLOG) {
            throw new InboxStoreException(queue.size() + " deliveries wait for the inbox database", null);
        }
        queue.addLast(new Entry(delivery, ++accepted));
        notifyAll();
    }

    /** The number of the last delivery queued. */
    synchronized long accepted() {
        return accepted;
    }

    /** The number of the last delivery stored in the inbox (deliveries are stored in order). */
    long stored() {
        return stored;
    }

    synchronized int backlog() {
        return queue.size();
    }

    /** Stores what is queued, waiting up to {@code timeout}; what is left stays in the journal for the next start. */
    void close(Duration timeout) {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Inbox writer still busy after {}; the journal keeps {} deliveries for the next start", timeout,
                    backlog());
        }
    }

    private void run() {
        long backoffMillis = 0;
        while (true) {
            List<Entry> batch = next();
            if (batch.isEmpty()) {
                return; // closing, nothing left
            }
            if (backoffMillis > 0 && closing) {
                return; // the store is down: what is left stays journaled
            }
            try {
                onStored.accept(storeBatch(batch));
                done(batch);
                backoffMillis = 0;
            } catch (RuntimeException e) {
                backoffMillis = Math.min(Math.max(100, backoffMillis * 2), 5_000);
                LOG.warn("The inbox database refuses deliveries ({}); {} wait, journaled; retrying in {} ms",
                        loggable(e), backlog(), backoffMillis);
                pause(backoffMillis);
            }
        }
    }

    private synchronized List<Entry> next() {
        try {
            while (queue.isEmpty() && !closing) {
                wait();
            }
            long until = System.nanoTime() + LINGER_MILLIS * 1_000_000;
            for (long left; queue.size() < BATCH && !closing && (left = until - System.nanoTime()) > 0;) {
                wait(left / 1_000_000, (int) (left % 1_000_000)); // enqueue wakes this early: wait out the rest
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        List<Entry> batch = new ArrayList<>(Math.min(BATCH, queue.size()));
        for (Entry entry : queue) {
            if (batch.size() == BATCH) {
                break;
            }
            batch.add(entry);
        }
        return batch;
    }

    private synchronized void done(List<Entry> batch) {
        for (int i = 0; i < batch.size(); i++) {
            queue.pollFirst();
        }
        stored = batch.get(batch.size() - 1).number();
    }

    /**
     * The batch in one transaction, else one by one. A delivery whose own data the database refuses
     * (SQLState class 22 or 23: too long, invalid, a constraint) is set aside; any other failure means
     * the store is not working and is thrown, with everything still queued (storing again is idempotent).
     */
    private int storeBatch(List<Entry> batch) {
        try {
            return store.together(batch.stream().map(Entry::delivery).toList());
        } catch (RuntimeException together) {
            if (!refusesData(together)) {
                throw together;
            }
        }
        int added = 0;
        for (Entry entry : batch) {
            try {
                added += store.alone(entry.delivery());
            } catch (RuntimeException e) {
                if (!refusesData(e)) {
                    throw e;
                }
                setAside(entry);
            }
        }
        return added;
    }

    private static boolean refusesData(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    /** A delivery the database refuses for its data: kept in a file and logged, not retried forever. */
    private void setAside(Entry entry) {
        Path file = unstorableDir.resolve("unstorable-" + System.currentTimeMillis() + "-" + entry.number() + ".json");
        String ids = entry.delivery().messages().stream().map(m -> m.platform() + "/" + m.externalId()).toList()
                .toString();
        try {
            Files.writeString(file, "[" + String.join(",", entry.delivery().payloads()) + "]", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW);
            LOG.error("The inbox database refuses delivery {} ({}); kept in {}", entry.number(), ids, file);
        } catch (IOException e) {
            LOG.error("The inbox database refuses delivery {} ({}) and it could not be kept in {}: {}", entry.number(),
                    ids, file, e.toString());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A failure as the log may show it: a database's data or constraint error (SQLState class 22 or
     * 23) can quote the values it refused (a customer's text among them), so only its class and
     * SQLState are logged, the whole message at DEBUG.
     */
    static String loggable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                LOG.debug("Inbox database error in full", e);
                return sql.getClass().getSimpleName() + ", SQLState " + sql.getSQLState();
            }
        }
        return e.getMessage();
    }
}
