package dev.parley.social.connector.internal.outbound;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import dev.parley.helpdesk.api.store.JdbcTransactions;
import dev.parley.helpdesk.api.store.SqlDialect;
import dev.parley.social.connector.internal.inbox.InboxStoreException;

/**
 * Send attempts of queued replies. The reply itself is the host's QUEUED message (stored with the
 * ticket change); a row here says when to try it next and which node holds it. Nodes sharing the
 * database claim due rows ({@link #claim}): a claimed row is leased to one node ({@code claimed_by},
 * {@code lease_until}) and marked IN_FLIGHT right before its request leaves. A node that restarts
 * takes its own claims back at once; another node takes over a dead node's claims once their lease
 * has run out. A row found IN_FLIGHT that way, or marked {@code uncertain} after a timeout, may have
 * been posted: it is looked up on the platform before it is sent again. Per ticket, only the oldest
 * due reply is claimable while no earlier one is held, so a conversation's replies leave in order
 * whichever node sends them.
 */
final class OutboxStore {

    enum State {
        PENDING, CLAIMED, IN_FLIGHT
    }

    /**
     * {@code sentAs}: the platform id an earlier attempt was accepted under when recording that
     * (SENT on the message) failed; the reply is recorded with it, never posted again.
     */
    record Entry(long messageId, long ticketId, String account, State state, int attempts, Instant dueAt,
            Optional<Instant> firstAttemptAt, boolean uncertain, Optional<String> sentAs) {
    }

    /** Serializes the claims of all nodes on PostgreSQL (a transaction-scoped advisory lock; the value is arbitrary). */
    private static final long CLAIM_LOCK = 0x5041524c45594f42L;

    private final JdbcTransactions tx;
    private final SqlDialect dialect;
    private final String node;
    private final Duration lease;

    OutboxStore(DataSource dataSource) {
        this(dataSource, "local", Duration.ofMinutes(2));
    }

    /** {@code node} names this node in the rows it claims, the same across its restarts; {@code lease} is how long a claim holds. */
    OutboxStore(DataSource dataSource, String node, Duration lease) {
        this.tx = new JdbcTransactions(dataSource, InboxStoreException::new);
        this.dialect = SqlDialect.of(dataSource);
        this.node = node;
        this.lease = lease;
    }

    /** A queued reply to add: the host's message, its ticket and the account it goes out from. */
    record Queued(long messageId, long ticketId, String account) {
    }

    /** Adds a queued reply; false if it is already there (also when another node adds it at the same moment). */
    boolean enqueue(long messageId, long ticketId, String account, Instant now) {
        return tx.inTransaction(c -> insert(c, List.of(new Queued(messageId, ticketId, account)), now) > 0);
    }

    /** Adds the replies that are not there yet (in one statement batch); returns how many were added. */
    private int insert(Connection c, List<Queued> replies, Instant now) throws SQLException {
        if (replies.isEmpty()) {
            return 0;
        }
        String columns = "INSERT INTO social_outbox (message_id, ticket_id, account, state, attempts, due_at, uncertain, "
                + "queued_at) ";
        try (PreparedStatement ps = c.prepareStatement(dialect.shared()
                ? columns + "VALUES (?, ?, ?, 'PENDING', 0, ?, FALSE, ?) ON CONFLICT DO NOTHING"
                // H2 serves one node, whose loop alone adds rows: no concurrent insert of the same reply
                : columns + "SELECT ?, ?, ?, 'PENDING', 0, ?, FALSE, ? WHERE NOT EXISTS "
                        + "(SELECT 1 FROM social_outbox WHERE message_id = ?)")) {
            for (Queued q : replies) {
                ps.setLong(1, q.messageId());
                ps.setLong(2, q.ticketId());
                ps.setString(3, q.account());
                ps.setLong(4, now.toEpochMilli());
                ps.setLong(5, now.toEpochMilli());
                if (!dialect.shared()) {
                    ps.setLong(6, q.messageId());
                }
                ps.addBatch();
            }
            int added = 0;
            for (int n : ps.executeBatch()) {
                added += n > 0 ? n : 0;
            }
            return added;
        }
    }

    /**
     * Claims up to {@code limit} due rows for this node, oldest reply first: PENDING rows that are
     * due, and rows whose holder's lease ran out (a node that died; taken over as uncertain when its
     * request may have left). Only the first due reply of a ticket, and none of a ticket whose
     * earlier reply another claim holds. On PostgreSQL claimers queue on an advisory lock, so each
     * sees the others' claims, and skip rows locked by any other writer.
     */
    List<Entry> claim(Instant now, int limit) {
        return claim(now, limit, 1, false, List.of(), List.of());
    }

    /**
     * Adds the replies queued since the last claim ({@code arrived}), deletes the rows of replies
     * settled since ({@code settled}: SENT or FAILED on the message, the same commit frees their
     * tickets' next replies), then claims as {@link #claim(Instant, int)}, but up to {@code perTicket}
     * due replies of a ticket in a row (its chain: the oldest due one and those after it, with no due
     * reply of the ticket left out between them; a reply to look up first ends its chain), returned
     * in order: one commit per round, however many replies came and went. With {@code leave}, the
     * replies that are not to be looked up first are marked IN_FLIGHT in the same commit (their
     * requests leave right after it; those that do not are {@link #release}d or rescheduled).
     */
    List<Entry> claim(Instant now, int limit, int perTicket, boolean leave, java.util.Collection<Long> settled,
            List<Queued> arrived) {
        long at = now.toEpochMilli();
        return tx.inTransaction(c -> {
            insert(c, arrived, now);
            delete(c, settled);
            if (limit <= 0) {
                return List.of();
            }
            if (dialect.shared()) {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, CLAIM_LOCK);
                    lock.execute();
                }
            }
            List<Entry> due = new ArrayList<>();
            // per candidate: how many due replies of its ticket come before it; a chain takes a reply only when
            // all of those are in it (none skipped by a lock or the limit), so a conversation stays in order
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", (SELECT COUNT(*) FROM social_outbox e "
                    + "WHERE e.ticket_id = o.ticket_id AND e.message_id < o.message_id AND e.state = 'PENDING' "
                    + "AND e.due_at <= ?) FROM social_outbox o WHERE "
                    + "((o.state = 'PENDING' AND o.due_at <= ?) OR (o.state <> 'PENDING' AND o.lease_until <= ?))"
                    + " AND NOT EXISTS (SELECT 1 FROM social_outbox e WHERE "
                    + "e.ticket_id = o.ticket_id AND e.message_id < o.message_id AND (e.state <> 'PENDING'"
                    + (perTicket > 1 ? "" : " OR e.due_at <= ?") + ")) ORDER BY o.message_id LIMIT ?"
                    + (dialect.shared() ? " FOR UPDATE SKIP LOCKED" : ""))) {
                int i = 1;
                ps.setLong(i++, at);
                ps.setLong(i++, at);
                ps.setLong(i++, at);
                if (perTicket <= 1) {
                    ps.setLong(i++, at);
                }
                ps.setInt(i, limit);
                java.util.Map<Long, Integer> chains = new java.util.HashMap<>();
                java.util.Set<Long> ended = new java.util.HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Entry e = entry(rs);
                        int before = rs.getInt(10);
                        int taken = chains.getOrDefault(e.ticketId(), 0);
                        boolean first = e.uncertain() || e.sentAs().isPresent() || e.state() != State.PENDING;
                        if (ended.contains(e.ticketId()) || before != taken || taken >= Math.max(1, perTicket)
                                || (first && taken > 0)) {
                            ended.add(e.ticketId());
                            continue;
                        }
                        due.add(e);
                        chains.put(e.ticketId(), taken + 1);
                        if (first) {
                            ended.add(e.ticketId());
                        }
                    }
                }
            }
            if (due.isEmpty()) {
                return due;
            }
            List<Entry> claimed = new ArrayList<>(due.size());
            // with leave: a reply that goes out at once is IN_FLIGHT from this commit on (its request leaves
            // within milliseconds; one commit fewer per round); one to look up first is CLAIMED
            try (PreparedStatement ps = c.prepareStatement("UPDATE social_outbox SET state = ?, claimed_by = ?, "
                    + "lease_until = ?, first_attempt_at = CASE WHEN ? THEN COALESCE(first_attempt_at, ?) "
                    + "ELSE first_attempt_at END, uncertain = (uncertain OR state = 'IN_FLIGHT') WHERE message_id = ?")) {
                for (Entry e : due) {
                    boolean uncertain = e.uncertain() || e.state() == State.IN_FLIGHT;
                    boolean going = leave && e.state() == State.PENDING && !uncertain && e.sentAs().isEmpty();
                    State state = going ? State.IN_FLIGHT : State.CLAIMED;
                    ps.setString(1, state.name());
                    ps.setString(2, node);
                    ps.setLong(3, at + lease.toMillis());
                    ps.setBoolean(4, going);
                    ps.setLong(5, at);
                    ps.setLong(6, e.messageId());
                    ps.addBatch();
                    claimed.add(new Entry(e.messageId(), e.ticketId(), e.account(), state, e.attempts(), e.dueAt(),
                            going ? Optional.of(e.firstAttemptAt().orElse(now)) : e.firstAttemptAt(), uncertain,
                            e.sentAs()));
                }
                ps.executeBatch();
            }
            return claimed;
        });
    }

    /** Up to {@code limit} due PENDING rows, oldest reply first, without claiming them (tests). */
    List<Entry> due(Instant now, int limit) {
        return tx.read(c -> select(c, "state = 'PENDING' AND due_at <= ? ORDER BY message_id", now.toEpochMilli(), limit));
    }

    /**
     * Marks a row IN_FLIGHT right before its request leaves (and renews the lease), so after a crash
     * only the replies that may really have been posted are looked up on the platform. False when
     * this node no longer holds the row (its lease ran out and another node took it): then it must
     * not be sent from here.
     */
    boolean inFlight(long messageId, Instant now) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE social_outbox SET state = 'IN_FLIGHT', "
                    + "first_attempt_at = COALESCE(first_attempt_at, ?), lease_until = ? WHERE message_id = ? "
                    + "AND (claimed_by = ? OR claimed_by IS NULL)")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli() + lease.toMillis());
                ps.setLong(3, messageId);
                ps.setString(4, node);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /**
     * {@link #inFlight(long, Instant)} for a round of replies in one commit; returns the ids this
     * node still holds (only those may be sent from here).
     */
    java.util.Set<Long> inFlight(java.util.Collection<Long> messageIds, Instant now) {
        if (messageIds.isEmpty()) {
            return java.util.Set.of();
        }
        return tx.inTransaction(c -> {
            List<Long> ids = List.copyOf(messageIds);
            try (PreparedStatement ps = c.prepareStatement("UPDATE social_outbox SET state = 'IN_FLIGHT', "
                    + "first_attempt_at = COALESCE(first_attempt_at, ?), lease_until = ? WHERE message_id = ? "
                    + "AND (claimed_by = ? OR claimed_by IS NULL)")) {
                for (long id : ids) {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setLong(2, now.toEpochMilli() + lease.toMillis());
                    ps.setLong(3, id);
                    ps.setString(4, node);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                java.util.Set<Long> held = new java.util.HashSet<>();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] > 0 || counts[i] == java.sql.Statement.SUCCESS_NO_INFO) {
                        held.add(ids.get(i));
                    }
                }
                return held;
            }
        });
    }

    /**
     * Hands back claimed rows whose requests never left (the rest of a chain after a reply that was
     * not sent): PENDING and due at {@code now}, as they were before the claim.
     */
    void release(java.util.Collection<Long> messageIds, Instant now) {
        if (messageIds.isEmpty()) {
            return;
        }
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE social_outbox SET state = 'PENDING', due_at = ?, "
                    + "claimed_by = NULL, lease_until = NULL WHERE message_id = ? AND (claimed_by = ? OR claimed_by IS NULL)")) {
                for (long id : messageIds) {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setLong(2, id);
                    ps.setString(3, node);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * A send the platform accepted as {@code platformId} whose SENT could not be recorded on the
     * message: the row keeps the id (and is uncertain), so the next attempt records it instead of
     * posting the reply again.
     */
    void acceptedButNotRecorded(long messageId, String platformId, int attempts, Instant dueAt, String error) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE social_outbox SET state = 'PENDING', attempts = ?, "
                    + "due_at = ?, uncertain = TRUE, sent_as = ?, last_error = ?, claimed_by = NULL, lease_until = NULL "
                    + "WHERE message_id = ? AND (claimed_by = ? OR claimed_by IS NULL)")) {
                ps.setInt(1, attempts);
                ps.setLong(2, dueAt.toEpochMilli());
                ps.setString(3, platformId);
                ps.setString(4, error == null ? null : error.substring(0, Math.min(error.length(), 2000)));
                ps.setLong(5, messageId);
                ps.setString(6, node);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * When this node should look again without being woken: the earliest due PENDING row, or the
     * earliest lease to run out (a node that died); empty when the outbox is empty.
     */
    Optional<Instant> nextDue() {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(CASE WHEN state = 'PENDING' THEN due_at "
                    + "ELSE lease_until END) FROM social_outbox");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                long at = rs.getLong(1);
                return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(at));
            }
        });
    }

    /** Which of these replies have a row here (one query, for adopting queued replies). */
    java.util.Set<Long> present(java.util.Collection<Long> messageIds) {
        java.util.Set<Long> present = new java.util.HashSet<>();
        if (messageIds.isEmpty()) {
            return present;
        }
        tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT message_id FROM social_outbox");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (messageIds.contains(rs.getLong(1))) {
                        present.add(rs.getLong(1));
                    }
                }
            }
            return null;
        });
        return present;
    }

    /**
     * At start: the rows this node held when it stopped (and rows of a version before claims) are
     * due again now; those whose request may have left are looked up first. Other nodes' claims are
     * left to their leases.
     */
    int recoverOwn(Instant dueAt) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE social_outbox SET state = 'PENDING', "
                    + "uncertain = (uncertain OR state = 'IN_FLIGHT'), due_at = ?, claimed_by = NULL, lease_until = NULL "
                    + "WHERE state <> 'PENDING' AND (claimed_by = ? OR claimed_by IS NULL)")) {
                ps.setLong(1, dueAt.toEpochMilli());
                ps.setString(2, node);
                return ps.executeUpdate();
            }
        });
    }

    void reschedule(long messageId, int attempts, Instant dueAt, boolean uncertain, String error) {
        tx.inTransaction(c -> {
            // only while this node holds it: after its lease ran out the row is another node's to reschedule
            try (PreparedStatement ps = c.prepareStatement("UPDATE social_outbox SET state = 'PENDING', attempts = ?, "
                    + "due_at = ?, uncertain = ?, last_error = ?, claimed_by = NULL, lease_until = NULL "
                    + "WHERE message_id = ? AND (claimed_by = ? OR claimed_by IS NULL)")) {
                ps.setInt(1, attempts);
                ps.setLong(2, dueAt.toEpochMilli());
                ps.setBoolean(3, uncertain);
                ps.setString(4, error == null ? null : error.substring(0, Math.min(error.length(), 2000)));
                ps.setLong(5, messageId);
                ps.setString(6, node);
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
            delete(c, List.of(messageId));
            return null;
        });
    }

    private static void delete(Connection c, java.util.Collection<Long> messageIds) throws SQLException {
        if (messageIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM social_outbox WHERE message_id = ?")) {
            for (long id : messageIds) {
                ps.setLong(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
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

    private static final String COLUMNS = "o.message_id, o.ticket_id, o.account, o.state, o.attempts, o.due_at, "
            + "o.first_attempt_at, o.uncertain, o.sent_as";

    private static List<Entry> select(Connection c, String where, long value, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM social_outbox o WHERE " + where)) {
            ps.setLong(1, value);
            ps.setMaxRows(limit);
            return entries(ps);
        }
    }

    private static List<Entry> entries(PreparedStatement ps) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                entries.add(entry(rs));
            }
        }
        return entries;
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        long first = rs.getLong(7);
        Optional<Instant> firstAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(first));
        return new Entry(rs.getLong(1), rs.getLong(2), rs.getString(3), State.valueOf(rs.getString(4)),
                rs.getInt(5), Instant.ofEpochMilli(rs.getLong(6)), firstAt, rs.getBoolean(8),
                Optional.ofNullable(rs.getString(9)));
    }
}
