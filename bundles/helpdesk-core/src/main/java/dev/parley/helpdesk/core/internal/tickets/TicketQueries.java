package dev.parley.helpdesk.core.internal.tickets;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.TicketQuery;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.store.AnyOf;

/**
 * Builds the filtered, keyset-paginated id query. Cursors are opaque to clients: base64url of the
 * last id seen, so pages stay stable while new tickets arrive.
 */
final class TicketQueries {

    record IdPage(List<Long> ids, Optional<String> nextCursor) {
    }

    IdPage ids(Connection connection, TicketQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT t.id FROM tickets t WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!q.statuses().isEmpty()) {
            sql.append(" AND t.status = ANY(?)");
            args.add(q.statuses().stream().map(TicketStatus::name).sorted().toArray(String[]::new));
        }
        if (!q.priorities().isEmpty()) {
            sql.append(" AND t.priority = ANY(?)");
            args.add(q.priorities().stream().map(Priority::name).sorted().toArray(String[]::new));
        }
        q.channel().ifPresent(v -> condition(sql, args, " AND t.channel = ?", v));
        q.assignee().ifPresent(v -> condition(sql, args, " AND t.assignee = ?", v));
        q.group().ifPresent(v -> condition(sql, args, " AND t.group_name = ?", v));
        q.tag().ifPresent(v -> condition(sql, args,
                " AND EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id AND g.tag = ?)", v));
        q.requesterId().ifPresent(v -> condition(sql, args, " AND t.requester_id = ?", v));
        q.updatedSince().ifPresent(v -> condition(sql, args, " AND t.updated_at >= ?", v.toEpochMilli()));
        q.cursor().ifPresent(v -> condition(sql, args, " AND t.id < ?", decodeCursor(v)));
        sql.append(" ORDER BY t.id DESC FETCH FIRST ? ROWS ONLY"); // a parameter: one statement text for every limit
        args.add(q.limit() + 1);

        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof String[] values) {
                    AnyOf.strings(ps, i + 1, List.of(values));
                } else {
                    ps.setObject(i + 1, args.get(i));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        if (ids.size() <= q.limit()) {
            return new IdPage(ids, Optional.empty());
        }
        List<Long> page = ids.subList(0, q.limit());
        return new IdPage(List.copyOf(page), Optional.of(encodeCursor(page.get(page.size() - 1))));
    }

    /**
     * The SQL of {@link #headsAfter}: {@code id > ? ORDER BY id} over the primary key, so the database
     * reads the index from the cursor on and stops after {@code limit} matches. The status filter is
     * applied to those rows, never used to choose the index: {@code status IN (...)} by its index
     * meant reading and sorting every open ticket past the cursor for each page (quadratic).
     */
    static final String HEADS_AFTER = "SELECT " + TicketRows.HEAD_COLUMNS + " FROM tickets "
            + "WHERE id > ? AND (? OR status = ANY(?)) ORDER BY id FETCH FIRST ? ROWS ONLY";

    List<TicketHead> headsAfter(Connection connection, long afterId, Set<TicketStatus> statuses, int limit)
            throws SQLException {
        List<TicketHead> heads = new ArrayList<>(Math.min(limit, 1_024));
        try (PreparedStatement ps = connection.prepareStatement(HEADS_AFTER)) {
            ps.setLong(1, afterId);
            ps.setBoolean(2, statuses.isEmpty());
            AnyOf.strings(ps, 3, statuses.stream().map(TicketStatus::name).sorted().toList());
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.add(TicketRows.readHead(rs));
                }
            }
        }
        return heads;
    }

    private static void condition(StringBuilder sql, List<Object> args, String clause, Object value) {
        sql.append(clause);
        args.add(value);
    }

    static String encodeCursor(long lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("t:" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    static long decodeCursor(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith("t:")) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(raw.substring(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor '" + cursor + "' is not one this API returned; "
                    + "start again without a cursor");
        }
    }
}
