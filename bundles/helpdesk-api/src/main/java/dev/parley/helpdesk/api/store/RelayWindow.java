package dev.parley.helpdesk.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Which rows of a table that carries events between nodes one node has still to read. The rows
 * are numbered by the database at insert, and a lower number may commit after a higher one, so the
 * window remembers the numbers below the newest one seen that it has not seen yet ({@link
 * #missing}), up to {@code lookBack} numbers behind the newest; a read asks for the rows after
 * {@link #newest} and for those ({@code WHERE seq > ? OR seq = ANY(?)}), and each row is taken once
 * ({@link #take}). A number missing for longer than that is given up (its insert was rolled back,
 * or it committed very late). Rows numbered up to {@code floor} (those written before this node
 * started) are never read. A concrete helper, like {@link JdbcTransactions}: each relay (ticket
 * events, SLA events) needs exactly this. Not thread-safe: one reader thread.
 *
 * @since 2.2
 */
public final class RelayWindow {

    private final long floor;
    private final int lookBack;
    private final NavigableSet<Long> missing = new TreeSet<>();
    private long newest;

    public RelayWindow(long floor, int lookBack) {
        if (lookBack < 1) {
            throw new IllegalArgumentException("lookBack must be positive, not " + lookBack);
        }
        this.floor = floor;
        this.newest = floor;
        this.lookBack = lookBack;
    }

    /**
     * A window over {@code table} (numbered by its column {@code seq}) that starts after its newest
     * row: what was written before this node started is not read. {@code table} is the caller's
     * own constant, never input.
     */
    public static RelayWindow afterNewest(Connection connection, String table, int lookBack) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM " + table);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new RelayWindow(rs.getLong(1), lookBack);
        }
    }

    /**
     * The number after which a read of the whole window starts ({@code WHERE seq > ?}), for a reader
     * that reads every row of the window again; {@link #newest} and {@link #missing} read only what
     * is new.
     */
    public long readFrom() {
        return Math.max(floor, newest - lookBack);
    }

    /**
     * The newest number taken (or the floor): rows after it are new.
     *
     * @since 2.3
     */
    public long newest() {
        return newest;
    }

    /**
     * The numbers below {@link #newest} not taken yet, ascending: rows numbered before the newest
     * one seen that may still commit.
     *
     * @since 2.3
     */
    public List<Long> missing() {
        return List.copyOf(missing);
    }

    /** Whether row {@code seq} is new to this node: true once per number within the window. */
    public boolean take(long seq) {
        if (seq <= floor) {
            return false;
        }
        if (seq > newest) {
            for (long gap = Math.max(newest + 1, seq - lookBack); gap < seq; gap++) {
                missing.add(gap);
            }
            newest = seq;
            missing.headSet(readFrom(), true).clear();
            return true;
        }
        return missing.remove(seq);
    }
}
