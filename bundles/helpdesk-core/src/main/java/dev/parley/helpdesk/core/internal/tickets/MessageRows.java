package dev.parley.helpdesk.core.internal.tickets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.parley.helpdesk.api.Author;
import dev.parley.helpdesk.api.AuthorKind;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Visibility;

/**
 * Reads message rows, sharing with the ticket's previous message the parts that are equal: its
 * channel, author and properties (a social conversation repeats its platform, account,
 * conversation key and author in every message). The ticket cache holds busy tickets' messages for
 * minutes, and the young collector copies each new one many times before it is tenured: those
 * repeated parts were most of a cached message's bytes, so of the collector's pauses.
 */
final class MessageRows {

    static final String COLUMNS = "id, ticket_id, direction, visibility, channel, external_id, "
            + "author_kind, author_name, author_customer_id, body, attachments, properties, created_at, delivery, "
            + "delivery_detail";

    private final JsonColumns json;

    MessageRows(JsonColumns json) {
        this.json = json;
    }

    /** The row at {@code rs} (selected as {@link #COLUMNS}); {@code previous}: the same ticket's, or null. */
    Message read(ResultSet rs, Message previous) throws SQLException {
        long customerId = rs.getLong(9);
        Optional<Long> authorCustomer = rs.wasNull() ? Optional.empty() : Optional.of(customerId);
        Author author = new Author(AuthorKind.valueOf(rs.getString(7)), rs.getString(8), authorCustomer);
        Message read = new Message(rs.getLong(1), rs.getLong(2), Direction.valueOf(rs.getString(3)),
                Visibility.valueOf(rs.getString(4)), rs.getString(5), Optional.ofNullable(rs.getString(6)), author,
                rs.getString(10), json.attachments(rs.getString(11)), Instant.ofEpochMilli(rs.getLong(13)),
                DeliveryState.valueOf(rs.getString(14)), Optional.ofNullable(rs.getString(15)),
                json.properties(rs.getString(12)));
        return previous == null ? read : sharedWith(read, previous);
    }

    /**
     * {@code m} made of {@code previous}'s instances where they are equal (author, channel, property
     * keys and values): a conversation repeats them in every message, and a long one is held once.
     */
    static Message sharedWith(Message m, Message previous) {
        return new Message(m.id(), m.ticketId(), m.direction(), m.visibility(),
                m.channel().equals(previous.channel()) ? previous.channel() : m.channel(), m.externalId(),
                m.author().equals(previous.author()) ? previous.author() : m.author(), m.text(), m.attachments(),
                m.createdAt(), m.delivery(), m.deliveryDetail(), shared(m.properties(), previous.properties()));
    }

    /** {@code read}, made of {@code previous}'s instances where they are equal (the same map when all are). */
    static Map<String, String> shared(Map<String, String> read, Map<String, String> previous) {
        if (read.isEmpty()) {
            return read;
        }
        if (read.equals(previous)) {
            return previous;
        }
        Map<String, String> shared = new HashMap<>(read);
        for (Map.Entry<String, String> before : previous.entrySet()) {
            String value = shared.remove(before.getKey());
            if (value != null) {
                shared.put(before.getKey(), value.equals(before.getValue()) ? before.getValue() : value);
            }
        }
        return Map.copyOf(shared);
    }
}
