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

import dev.parley.helpdesk.api.Priority;
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
