package dev.parley.helpdesk.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Carries items between the nodes that share one database, through a table of the caller's with
 * the columns {@code seq} (numbered by the database), {@code node}, {@code at} and the caller's own
 * ({@link Columns}). What this node {@link #send sends} is queued (bounded, so a database outage
 * cannot fill the heap) and written by the next {@link #pass}, in one batch; the same pass returns
 * the other nodes' new rows, read by number ({@link RelayWindow}: a lower number may commit after a
 * higher one), and at most once a minute deletes rows older than {@link #KEEP}. Rows written before
 * this relay was made are not read. One thread calls {@link #pass} (the relay's own, once {@link
 * #start}ed); any thread may {@link #send}.
 * For shared databases only ({@link SqlDialect#shared()}): on H2 there is no other node.
 *
 * @param <T> what one row carries
 * @since 2.4
 */
public final class NodeRelay<T> {

    /** How long rows are kept: a node that misses a poll for longer misses those rows. */
    public static final Duration KEEP = Duration.ofMinutes(10);
    /** Rows written, and rows read, by one pass at most; the rest waits for the next. */
    static final int BATCH = 5_000;
    static final int MAX_QUEUED = 50_000;

    /** How the caller's items map to its own columns of the table. */
    public interface Columns<T> {
        /** The caller's columns, comma-separated, in the order {@link #bind} and {@link #read} use. */
        String names();

        /** Binds the item's values from parameter {@code first} on. */
        void bind(PreparedStatement ps, int first, T item) throws SQLException;

        /** The item in the row's columns from {@code first} on, or null to pass the row over. */
        T read(ResultSet rs, int first) throws SQLException;
    }

    private final JdbcTransactions tx;
    private final String table;
    private final Columns<T> columns;
    private final Clock clock;
    private final String insert;
    private final String node = UUID.randomUUID().toString();
    private final Queue<T> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final RelayWindow window;
    private long lastCleanUp;
    private ScheduledExecutorService worker;

    /**
     * A relay over {@code table} (the caller's own constant, never input), which must exist, that
     * reads what is written after now. {@code lookBack}: how many numbers behind the newest row a
     * late commit is still read ({@link RelayWindow}).
     */
    public NodeRelay(JdbcTransactions tx, String table, Columns<T> columns, int lookBack, Clock clock) {
        this.tx = tx;
        this.table = table;
        this.columns = columns;
        this.clock = clock;
        this.insert = "INSERT INTO " + table + " (node, at, " + columns.names() + ") VALUES (?, ?"
                + ", ?".repeat(columns.names().split(",").length) + ")";
        this.window = tx.read(c -> RelayWindow.afterNewest(c, table, lookBack));
        this.lastCleanUp = clock.millis();
    }

    /**
     * Runs a {@link #pass} every {@code every} on a thread of its own named {@code threadName}, and
     * hands what the other nodes sent to {@code received}; a pass that failed goes to {@code failed}
     * (the next one tries again).
     */
    public synchronized void start(String threadName, Duration every, Consumer<List<T>> received,
            Consumer<RuntimeException> failed) {
        if (worker != null) {
            throw new IllegalStateException("the relay over " + table + " is already started");
        }
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(() -> {
            try {
                received.accept(pass());
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the thread {@link #start} began; what is still queued is not written. */
    public synchronized void stop() {
        if (worker != null) {
            worker.shutdown();
        }
    }

    /** Queues {@code item} for the other nodes; false (dropped) while {@link #MAX_QUEUED} wait already. */
    public boolean send(T item) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            return false;
        }
        outgoing.add(item);
        return true;
    }

    /**
     * Writes what this node queued, then returns the other nodes' rows that are new here, oldest
     * first. A failed write keeps nothing of its batch (the other nodes miss it); a failed read is
     * read again by the next pass.
     */
    public List<T> pass() {
        write();
        List<T> received = tx.read(this::readNew);
        cleanUp();
        return received;
    }

    private void write() {
        List<T> batch = new ArrayList<>();
        for (T item = outgoing.poll(); item != null; item = batch.size() < BATCH ? outgoing.poll() : null) {
            batch.add(item);
        }
        if (batch.isEmpty()) {
            return;
        }
        queued.addAndGet(-batch.size());
        long now = clock.millis();
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                for (T item : batch) {
                    ps.setString(1, node);
                    ps.setLong(2, now);
                    columns.bind(ps, 3, item);
                    ps.addBatch();
                }
                return ps.executeBatch().length;
            }
        });
    }

    /**
     * The other nodes' new rows: those after the newest one taken and those numbered before it not
     * yet seen. This node's own are among them, so only numbers and writers are read first, and the
     * items only of the other nodes' rows.
     */
    private List<T> readNew(Connection c) throws SQLException {
        List<Long> wanted = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, node FROM " + table
                + " WHERE seq > ? OR seq = ANY(?) ORDER BY seq LIMIT " + BATCH)) {
            ps.setLong(1, window.newest());
            AnyOf.longs(ps, 2, window.missing());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (window.take(rs.getLong(1)) && !node.equals(rs.getString(2))) {
                        wanted.add(rs.getLong(1));
                    }
                }
            }
        }
        List<T> found = new ArrayList<>();
        if (wanted.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + columns.names() + " FROM " + table
                + " WHERE seq = ANY(?) ORDER BY seq")) {
            AnyOf.longs(ps, 1, wanted);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    T item = columns.read(rs, 1);
                    if (item != null) {
                        found.add(item);
                    }
                }
            }
        }
        return found;
    }

    private void cleanUp() {
        long now = clock.millis();
        if (now - lastCleanUp < Duration.ofMinutes(1).toMillis()) {
            return;
        }
        lastCleanUp = now;
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE at < ?")) {
                ps.setLong(1, now - KEEP.toMillis());
                return ps.executeUpdate();
            }
        });
    }
}
