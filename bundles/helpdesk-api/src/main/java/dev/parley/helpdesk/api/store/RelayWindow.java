package dev.parley.helpdesk.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Which rows of a table that carries events between nodes one node has still to read. The rows
 * are numbered by the database at insert, and a lower number may commit after a higher one, so a
 * read starts {@code lookBack} numbers behind the newest one seen ({@link #readFrom}) and skips the
 * rows it has taken already ({@link #take}). Rows numbered up to {@code floor} (those written
 * before this node started) are never read. A concrete helper, like {@link JdbcTransactions}: each
 * relay (ticket events, SLA events) needs exactly this. Not thread-safe: one reader thread.
 *
 * @since 2.2
 */
public final class RelayWindow {

    private final long floor;
    private final int lookBack;
    private final Set<Long> taken = new HashSet<>();
    private final Deque<Long> takenOrder = new ArrayDeque<>();
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

    /** The number after which the next read starts ({@code WHERE seq > ?}). */
    public long readFrom() {
        return Math.max(floor, newest - lookBack);
    }

    /** Whether row {@code seq} is new to this node: true once per number within the window. */
    public boolean take(long seq) {
        newest = Math.max(newest, seq);
        if (seq <= floor || !taken.add(seq)) {
            return false;
        }
        takenOrder.addLast(seq);
        while (takenOrder.size() > 4L * lookBack) {
            taken.remove(takenOrder.removeFirst());
        }
        return true;
    }
}
