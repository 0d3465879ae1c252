package dev.parley.sla.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.helpdesk.api.store.SqlDialect;
import dev.parley.sla.internal.clock.Pause;
import dev.parley.sla.internal.clock.TicketClocks;

/** Reads and writes the SLA tables. Each call is its own transaction. */
public final class SlaStore {

    private static final String OPEN = " WHERE status IN ('NEW', 'OPEN', 'PENDING')";
    private static final String COLUMNS = "ticket_id, channel, visibility, priority, group_name, status, created_at, "
            + "first_reply_at, reply_cycle, cycle_started_at, cycle_stopped_at, last_customer_at, resolved_at, "
            + "first_reply_elapsed_ms, first_reply_target_ms";

    private final DataSource dataSource;
    private final SqlDialect dialect;

    public SlaStore(DataSource dataSource, SchemaMigrator migrator) {
        migrator.migrate(SlaSchema.MODULE, SlaSchema.MIGRATIONS);
        this.dataSource = dataSource;
        this.dialect = SqlDialect.of(dataSource);
    }

    public Optional<TicketClocks> load(long ticketId) {
        return read(c -> {
            List<TicketClocks> found = select(c, " WHERE ticket_id = ?", ticketId);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
    }

    /** Every ticket still open, as far as the SLA bundle knows. */
    public List<TicketClocks> loadOpen() {
        return read(c -> select(c, OPEN));
    }

    /** The stored clocks of {@code ticketIds} (one query, for a page of tickets), by ticket id. */
    public Map<Long, TicketClocks> load(Collection<Long> ticketIds) {
        if (ticketIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, TicketClocks> found = new HashMap<>();
        read(c -> select(c, " WHERE ticket_id = ANY(?)", c.createArrayOf("BIGINT", ticketIds.toArray())))
                .forEach(clocks -> found.put(clocks.ticketId(), clocks));
        return found;
    }

    /**
     * Subjects of {@code ticketIds} (one query, for a page of the queue), by id; absent for rows
     * saved before subjects were kept.
     */
    public Map<Long, String> subjects(Collection<Long> ticketIds) {
        if (ticketIds.isEmpty()) {
            return Map.of();
        }
        return read(c -> {
            Map<Long, String> subjects = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT ticket_id, subject FROM sla_tickets "
                    + "WHERE ticket_id = ANY(?) AND subject IS NOT NULL")) {
                s.setArray(1, c.createArrayOf("BIGINT", ticketIds.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        subjects.put(rs.getLong(1), rs.getString(2));
                    }
                }
            }
            return subjects;
        });
    }

    /** What the reconcile at start needs of a stored open ticket to tell whether to read it again. */
    public record Known(long ticketVersion, boolean hasSubject) {
    }

    /**
     * Every ticket still open as far as the SLA bundle knows, with the ticket version its clocks were
     * derived from (0 when not recorded) and whether its subject is kept: one query, no clocks.
     */
    public Map<Long, Known> openKnown() {
        return read(c -> {
            Map<Long, Known> known = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT ticket_id, ticket_version, subject IS NOT NULL "
                    + "FROM sla_tickets" + OPEN); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    known.put(rs.getLong(1), new Known(rs.getLong(2), rs.getBoolean(3)));
                }
            }
            return known;
        });
    }

    /**
     * Records the ticket version for clocks that did not change (a tag or an assignee moved the
     * version on): one batch, and only rows that differ are written.
     */
    private static void updateVersions(Connection c, Map<Long, Long> versions) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE sla_tickets SET ticket_version = ? "
                + "WHERE ticket_id = ? AND (ticket_version IS NULL OR ticket_version <> ?)")) {
            for (Map.Entry<Long, Long> v : versions.entrySet()) {
                update.setLong(1, v.getValue());
                update.setLong(2, v.getKey());
                update.setLong(3, v.getValue());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Open tickets saved before subjects were kept: the backfill fills them in. */
    public Set<Long> openWithoutSubject() {
        return read(c -> {
            Set<Long> ids = new HashSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT ticket_id FROM sla_tickets" + OPEN
                    + " AND subject IS NULL"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        });
    }

    /** Tickets created at or after {@code since}: the responsiveness figures' input. */
    public List<TicketClocks> createdSince(Instant since) {
        return read(c -> select(c, " WHERE created_at >= ?", since.toEpochMilli()));
    }

    /**
     * Clocks with the ticket's subject (null when unknown) and the version of the ticket they were
     * derived from (0 when unknown), as the engine saves them. {@code firstSave}: the caller read no
     * stored clocks for the ticket in this node's single writer, so there is no row to replace (an
     * install's backfill saves every open ticket so).
     */
    public record Entry(TicketClocks clocks, String subject, long ticketVersion, boolean firstSave) {
        public Entry(TicketClocks clocks, String subject, long ticketVersion) {
            this(clocks, subject, ticketVersion, false);
        }

        public Entry(TicketClocks clocks, String subject) {
            this(clocks, subject, 0);
        }
    }

    public void save(TicketClocks clocks, String subject) {
        saveAll(List.of(new Entry(clocks, subject)));
    }

    /** Replaces the stored clocks of each entry's ticket, all in one transaction (one commit per page). */
    public void saveAll(List<Entry> entries) {
        saveAll(entries, Map.of());
    }

    /**
     * Replaces the stored clocks of each entry's ticket and records the ticket version of clocks that
     * did not change ({@code versions}, ticket id to version; only rows that differ are written), all
     * in one transaction: the engine's page of clocks is one commit, with no unit of work around it.
     */
    public void saveAll(List<Entry> entries, Map<Long, Long> versions) {
        if (entries.isEmpty() && versions.isEmpty()) {
            return;
        }
        write(c -> {
            if (dialect.shared()) {
                saveShared(c, entries, versions);
                return null;
            }
            if (!entries.isEmpty()) {
                insertEntries(c, entries);
            }
            if (!versions.isEmpty()) {
                updateVersions(c, versions);
            }
            return null;
        });
    }

    private static final String UPSERT = "INSERT INTO sla_tickets (" + COLUMNS + ", subject, ticket_version) VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id) DO UPDATE SET "
            + java.util.Arrays.stream((COLUMNS + ", subject, ticket_version").split(", ")).skip(1)
                    .map(col -> col + " = EXCLUDED." + col).collect(java.util.stream.Collectors.joining(", "));

    /**
     * PostgreSQL, where every node's SLA engine may save the same ticket at once: each ticket's row
     * is upserted ({@code ON CONFLICT DO UPDATE}: the last save wins, no duplicate key) and the
     * tickets are written one by one in ascending id, clocks and versions alike, so two nodes' saves
     * lock the rows they share in the same order and never wait on each other in a cycle. A ticket's
     * pauses are replaced while its row is locked.
     */
    private static void saveShared(Connection c, List<Entry> entries, Map<Long, Long> versions) throws SQLException {
        java.util.TreeMap<Long, Object> byTicket = new java.util.TreeMap<>(versions);
        entries.forEach(e -> byTicket.put(e.clocks().ticketId(), e)); // a saved clock carries its own version
        try (PreparedStatement upsert = c.prepareStatement(UPSERT);
                PreparedStatement deletePauses = c.prepareStatement("DELETE FROM sla_pauses WHERE ticket_id = ?");
                PreparedStatement insertPause = c.prepareStatement("INSERT INTO sla_pauses (ticket_id, paused_at, "
                        + "resumed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
                PreparedStatement version = c.prepareStatement("UPDATE sla_tickets SET ticket_version = ? "
                        + "WHERE ticket_id = ? AND (ticket_version IS NULL OR ticket_version <> ?)")) {
            for (Map.Entry<Long, Object> ticket : byTicket.entrySet()) {
                if (ticket.getValue() instanceof Entry entry) {
                    TicketClocks clocks = entry.clocks();
                    bindRow(upsert, clocks);
                    upsert.setString(16, entry.subject());
                    setLong(upsert, 17, Optional.of(entry.ticketVersion()).filter(v -> v > 0));
                    upsert.executeUpdate();
                    deletePauses.setLong(1, clocks.ticketId());
                    deletePauses.executeUpdate();
                    for (Pause p : clocks.pauses()) {
                        insertPause.setLong(1, clocks.ticketId());
                        insertPause.setLong(2, p.from().toEpochMilli());
                        setInstant(insertPause, 3, p.until());
                        insertPause.executeUpdate();
                    }
                } else {
                    long v = (Long) ticket.getValue();
                    version.setLong(1, v);
                    version.setLong(2, ticket.getKey());
                    version.setLong(3, v);
                    version.executeUpdate();
                }
            }
        }
    }

    private static void insertEntries(Connection c, List<Entry> entries) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM sla_tickets WHERE ticket_id = ?");
                PreparedStatement deletePauses = c.prepareStatement("DELETE FROM sla_pauses WHERE ticket_id = ?");
                PreparedStatement insert = c.prepareStatement("INSERT INTO sla_tickets (" + COLUMNS
                        + ", subject, ticket_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement insertPause = c.prepareStatement(
                        "INSERT INTO sla_pauses (ticket_id, paused_at, resumed_at) VALUES (?, ?, ?)")) {
            boolean pauses = false;
            boolean replacing = false;
            for (Entry entry : entries) {
                TicketClocks clocks = entry.clocks();
                if (!entry.firstSave()) {
                    delete.setLong(1, clocks.ticketId());
                    delete.addBatch();
                    deletePauses.setLong(1, clocks.ticketId());
                    deletePauses.addBatch();
                    replacing = true;
                }
                bindRow(insert, clocks);
                insert.setString(16, entry.subject());
                setLong(insert, 17, Optional.of(entry.ticketVersion()).filter(v -> v > 0));
                insert.addBatch();
                for (Pause p : clocks.pauses()) {
                    insertPause.setLong(1, clocks.ticketId());
                    insertPause.setLong(2, p.from().toEpochMilli());
                    setInstant(insertPause, 3, p.until());
                    insertPause.addBatch();
                    pauses = true;
                }
            }
            if (replacing) {
                delete.executeBatch();
                deletePauses.executeBatch();
            }
            insert.executeBatch();
            if (pauses) {
                insertPause.executeBatch();
            }
        }
    }

    private static void bindRow(PreparedStatement insert, TicketClocks clocks) throws SQLException {
        insert.setLong(1, clocks.ticketId());
        insert.setString(2, clocks.channel());
        insert.setString(3, clocks.visibility().name());
        insert.setString(4, clocks.priority().name());
        insert.setString(5, clocks.group().orElse(null));
        insert.setString(6, clocks.status().name());
        insert.setLong(7, clocks.createdAt().toEpochMilli());
        setInstant(insert, 8, clocks.firstReplyAt());
        insert.setInt(9, clocks.replyCycle());
        setInstant(insert, 10, clocks.cycleStartedAt());
        setInstant(insert, 11, clocks.cycleStoppedAt());
        setInstant(insert, 12, clocks.lastCustomerAt());
        setInstant(insert, 13, clocks.resolvedAt());
        setLong(insert, 14, clocks.firstReplyElapsed().map(Duration::toMillis));
        setLong(insert, 15, clocks.firstReplyTarget().map(Duration::toMillis));
    }

    private List<TicketClocks> select(Connection c, String where, Object... args) throws SQLException {
        Map<Long, List<Pause>> pauses = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM sla_tickets" + where)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT p.ticket_id, p.paused_at, p.resumed_at FROM sla_pauses p "
                + "JOIN sla_tickets t ON t.ticket_id = p.ticket_id" + where.replace("WHERE ", "WHERE t.")
                + " ORDER BY p.paused_at")) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    pauses.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Pause(Instant.ofEpochMilli(rs.getLong(2)), instant(rs, 3)));
                }
            }
        }
        return rows.stream().map(r -> r.clocks(pauses.getOrDefault(r.ticketId, List.of()))).toList();
    }

    /** One sla_tickets row, read before its pauses. */
    private static final class Row {
        final long ticketId;
        final String channel;
        final String visibility;
        final String priority;
        final String group;
        final String status;
        final long createdAt;
        final Optional<Instant> firstReplyAt;
        final int replyCycle;
        final Optional<Instant> cycleStartedAt;
        final Optional<Instant> cycleStoppedAt;
        final Optional<Instant> lastCustomerAt;
        final Optional<Instant> resolvedAt;
        final Optional<Long> elapsed;
        final Optional<Long> target;

        Row(ResultSet rs) throws SQLException {
            ticketId = rs.getLong(1);
            channel = rs.getString(2);
            visibility = rs.getString(3);
            priority = rs.getString(4);
            group = rs.getString(5);
            status = rs.getString(6);
            createdAt = rs.getLong(7);
            firstReplyAt = instant(rs, 8);
            replyCycle = rs.getInt(9);
            cycleStartedAt = instant(rs, 10);
            cycleStoppedAt = instant(rs, 11);
            lastCustomerAt = instant(rs, 12);
            resolvedAt = instant(rs, 13);
            elapsed = optionalLong(rs, 14);
            target = optionalLong(rs, 15);
        }

        TicketClocks clocks(List<Pause> pauses) {
            return new TicketClocks(ticketId, channel, Visibility.valueOf(visibility), Priority.valueOf(priority),
                    Optional.ofNullable(group), TicketStatus.valueOf(status), Instant.ofEpochMilli(createdAt),
                    firstReplyAt, replyCycle, cycleStartedAt, cycleStoppedAt, lastCustomerAt, resolvedAt, pauses,
                    elapsed.map(Duration::ofMillis), target.map(Duration::ofMillis));
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        return optionalLong(rs, column).map(Instant::ofEpochMilli);
    }

    private static Optional<Long> optionalLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static void setInstant(PreparedStatement s, int index, Optional<Instant> value) throws SQLException {
        setLong(s, index, value.map(Instant::toEpochMilli));
    }

    private static void setLong(PreparedStatement s, int index, Optional<Long> value) throws SQLException {
        if (value.isPresent()) {
            s.setLong(index, value.get());
        } else {
            s.setNull(index, Types.BIGINT);
        }
    }

    private <T> T read(SlaJdbc.Work<T> work) {
        return SlaJdbc.read(dataSource, work);
    }

    private <T> T write(SlaJdbc.Work<T> work) {
        return SlaJdbc.write(dataSource, work);
    }
}
