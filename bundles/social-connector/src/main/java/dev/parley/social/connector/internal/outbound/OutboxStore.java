package dev.parley.social.connector.internal.outbound;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import dev.parley.helpdesk.api.store.JdbcTransactions;
import dev.parley.social.connector.internal.inbox.InboxStoreException;

/**
 * Send attempts of queued replies. The reply itself is the host's QUEUED message (stored with the
 * ticket change); a row here says when to try it next and whether an attempt is IN_FLIGHT. A row
 * found IN_FLIGHT after a crash, or marked {@code uncertain} after a timeout, may have been posted:
 * it is looked up on the platform before it is sent again.
 */
final class OutboxStore {

    enum State {
        PENDING, IN_FLIGHT
    }

    record Entry(long messageId, long ticketId, String account, State state, int attempts, Instant dueAt,
            Optional<Instant> firstAttemptAt, boolean uncertain) {
    }

    private final JdbcTransactions tx;

    OutboxStore(DataSource dataSource) {
        this.tx = new JdbcTransactions(dataSource, InboxStoreException::new);
    }

    /** Adds a queued reply; false if it is already there. */
    boolean enqueue(long messageId, long ticketId, String account, Instant now) {
        return tx.inTransaction(c -> {
            if (find(c, messageId).isPresent()) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO social_outbox (message_id, ticket_id, account, "
                    + "state, attempts, due_at, uncertain, queued_at) VALUES (?, ?, ?, 'PENDING', 0, ?, FALSE, ?)")) {
                ps.setLong(1, messageId);
                ps.setLong(2, ticketId);
                ps.setString(3, account);
                ps.setLong(4, now.toEpochMilli());
                ps.setLong(5, now.toEpochMilli());
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Up to {@code limit} due PENDING rows, oldest reply first. One loop reads them, so none is handed out twice. */
    List<Entry> due(Instant now, int limit) {
        return tx.read(c -> select(c, "state = 'PENDING' AND due_at <= ? ORDER BY message_id", now.toEpochMilli(), limit));
    }

    /**
     * Marks a row IN_FLIGHT right before its request leaves, so after a crash only the replies that
     * may really have been posted are looked up on the platform.
     */
    void inFlight(long messageId, Instant now) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE social_outbox SET state = 'IN_FLIGHT', "
                    + "first_attempt_at = COALESCE(first_attempt_at, ?) WHERE message_id = ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, messageId);
                return ps.executeUpdate();
            }
        });
    }

    /** Rows left IN_FLIGHT by a previous run: their outcome is unknown. */
    int recoverInFlight(Instant dueAt) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE social_outbox SET state = 'PENDING', uncertain = TRUE, "
                    + "due_at = ? WHERE state = 'IN_FLIGHT'")) {
                ps.setLong(1, dueAt.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    void reschedule(long messageId, int attempts, Instant dueAt, boolean uncertain, String error) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE social_outbox SET state = 'PENDING', attempts = ?, "
                    + "due_at = ?, uncertain = ?, last_error = ? WHERE message_id = ?")) {
                ps.setInt(1, attempts);
                ps.setLong(2, dueAt.toEpochMilli());
                ps.setBoolean(3, uncertain);
                ps.setString(4, error == null ? null : error.substring(0, Math.min(error.length(), 2000)));
                ps.setLong(5, messageId);
                return ps.executeUpdate();
            }
        });
    }

    /** Makes the rows whose last attempt found no platform due now (a platform plugin arrived); returns how many. */
    int wakeWaitingForPlatform(Instant now) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE social_outbox SET due_at = ? WHERE state = 'PENDING' "
                    + "AND due_at > ? AND last_error LIKE ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                ps.setString(3, ReplySender.PLATFORM_AWAY_REASON + "%");
                return ps.executeUpdate();
            }
        });
    }

    /** Makes the pending rows of these accounts due now (their platform left: they are marked as waiting at once). */
    int wakeAccounts(java.util.Collection<String> accounts, Instant now) {
        int woken = 0;
        for (String account : accounts) {
            woken += tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE social_outbox SET due_at = ? WHERE state = "
                        + "'PENDING' AND due_at > ? AND account = ?")) {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setLong(2, now.toEpochMilli());
                    ps.setString(3, account);
                    return ps.executeUpdate();
                }
            });
        }
        return woken;
    }

    void remove(long messageId) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM social_outbox WHERE message_id = ?")) {
                ps.setLong(1, messageId);
                return ps.executeUpdate();
            }
        });
    }

    boolean contains(long messageId) {
        return tx.read(c -> find(c, messageId)).isPresent();
    }

    long pending() {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM social_outbox");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private Optional<Entry> find(Connection c, long messageId) throws SQLException {
        List<Entry> found = select(c, "message_id = ?", messageId, 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<Entry> select(Connection c, String where, long value, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT message_id, ticket_id, account, state, attempts, due_at, "
                + "first_attempt_at, uncertain FROM social_outbox WHERE " + where)) {
            ps.setLong(1, value);
            ps.setMaxRows(limit);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long first = rs.getLong(7);
                    Optional<Instant> firstAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(first));
                    entries.add(new Entry(rs.getLong(1), rs.getLong(2), rs.getString(3), State.valueOf(rs.getString(4)),
                            rs.getInt(5), Instant.ofEpochMilli(rs.getLong(6)), firstAt, rs.getBoolean(8)));
                }
            }
            return entries;
        }
    }
}
