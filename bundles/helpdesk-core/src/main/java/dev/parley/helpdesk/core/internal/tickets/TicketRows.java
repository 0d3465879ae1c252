package dev.parley.helpdesk.core.internal.tickets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;

import dev.parley.helpdesk.api.Attachment;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.MessageMark;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.TicketOutline;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.api.store.AnyOf;

/** SQL for tickets, their tags and messages; loads whole tickets in a fixed number of queries. */
final class TicketRows {

    /** The mutable columns of a ticket row, read before an update. */
    record Head(long id, TicketStatus status, Priority priority, String channel, String assignee, String group,
            long version) {

        static Head of(Ticket t) {
            return new Head(t.id(), t.status(), t.priority(), t.channel(), t.assignee().orElse(null),
                    t.group().orElse(null), t.version());
        }
    }

    private final CustomerRows customers;
    private final JsonColumns json = new JsonColumns();
    private final MessageRows messageRows = new MessageRows(json);
    private final AttachmentRows attachmentRows = new AttachmentRows(json);

    TicketRows(CustomerRows customers) {
        this.customers = customers;
    }

    /** Whole tickets for {@code ids}, in the order of {@code ids}; unknown ids are left out. */
    List<Ticket> load(Connection connection, List<Long> ids) throws SQLException {
        return load(connection, ids, null, false);
    }

    /**
     * Whole tickets, building on {@code cache} where it holds a ticket: the same version is taken as
     * it is, an older one gets only the messages added since. {@code store}: whether what is read
     * may go into the cache (only committed data may).
     */
    List<Ticket> load(Connection connection, List<Long> ids, TicketCache cache, boolean store) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        long stamp = cache == null ? 0 : cache.stamp();
        Map<Long, TicketHead> rows = heads(connection, ids);
        long readAt = System.nanoTime();
        Map<Long, Ticket> current = new HashMap<>();
        Map<Long, TicketCache.Entry> extend = new HashMap<>();
        Set<Long> full = new TreeSet<>();
        for (Map.Entry<Long, TicketHead> row : rows.entrySet()) {
            TicketCache.Entry cached = cache == null ? null : cache.lookup(row.getKey());
            boolean changed = cached != null && !cached.changedMessages().isEmpty();
            if (changed) {
                cached = withMessagesReread(connection, cached);
            }
            if (cached != null && cache.needsDeliveryCheck(cached, readAt)) {
                extend.put(row.getKey(), withDeliveriesReread(connection, cached, readAt));
            } else if (cached == null) {
                full.add(row.getKey());
            } else if (!changed && cached.ticket().version() == row.getValue().version()) {
                current.put(row.getKey(), cached.ticket());
            } else {
                extend.put(row.getKey(), cached);
            }
        }
        Set<Long> reading = new TreeSet<>(full);
        reading.addAll(extend.keySet());
        Set<Long> requesterIds = new TreeSet<>();
        reading.forEach(id -> requesterIds.add(rows.get(id).requesterId()));
        Map<Long, Customer> requesters = customers.load(connection, requesterIds);
        Map<Long, TreeSet<String>> tags = loadTags(connection, reading);
        Map<Long, List<Message>> messages = loadMessages(connection, full);
        messages.putAll(messagesSince(connection, extend));
        List<Ticket> result = new ArrayList<>(ids.size());
        for (long id : ids) {
            TicketHead r = rows.get(id);
            if (r == null) {
                continue;
            }
            Ticket ticket = current.get(id);
            if (ticket == null) {
                ticket = new Ticket(id, r.subject(), r.status(), r.priority(), r.channel(),
                        requesters.get(r.requesterId()), r.assignee(), r.group(), tags.getOrDefault(id, new TreeSet<>()),
                        r.linkedTicketId(), r.createdAt(), r.updatedAt(), r.version(),
                        messages.getOrDefault(id, List.of()));
                if (store && cache != null) {
                    cache.store(ticket, extend.containsKey(id) ? extend.get(id).fullReadAt() : readAt, stamp);
                }
            }
            result.add(ticket);
        }
        return result;
    }

    /**
     * The entry with its outbound messages' delivery, detail and external id read again (the columns a
     * delivery update changes, possibly on another node), as of {@code readAt}.
     */
    private TicketCache.Entry withDeliveriesReread(Connection connection, TicketCache.Entry entry, long readAt)
            throws SQLException {
        Map<Long, Message> byId = new HashMap<>();
        entry.ticket().messages().forEach(m -> byId.put(m.id(), m));
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, delivery, delivery_detail, external_id "
                + "FROM messages WHERE ticket_id = ? AND id <= ? AND direction = 'OUTBOUND'")) {
            ps.setLong(1, entry.ticket().id());
            ps.setLong(2, entry.lastMessageId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Message cached = byId.get(rs.getLong(1));
                    DeliveryState delivery = DeliveryState.valueOf(rs.getString(2));
                    Optional<String> detail = Optional.ofNullable(rs.getString(3));
                    Optional<String> externalId = Optional.ofNullable(rs.getString(4));
                    if (cached != null && (cached.delivery() != delivery || !cached.deliveryDetail().equals(detail)
                            || !cached.externalId().equals(externalId))) {
                        byId.put(cached.id(), new Message(cached.id(), cached.ticketId(), cached.direction(),
                                cached.visibility(), cached.channel(), externalId, cached.author(), cached.text(),
                                cached.attachments(), cached.createdAt(), delivery, detail, cached.properties()));
                    }
                }
            }
        }
        return new TicketCache.Entry(withMessages(entry.ticket(), byId::get), readAt);
    }

    /** The entry with its changed messages read again (by id), and none marked changed. */
    private TicketCache.Entry withMessagesReread(Connection connection, TicketCache.Entry entry) throws SQLException {
        Map<Long, Message> reread = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + MessageRows.COLUMNS + " FROM messages "
                + "WHERE id = ANY(?) AND ticket_id = ?")) {
            AnyOf.longs(ps, 1, entry.changedMessages());
            ps.setLong(2, entry.ticket().id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Message m = messageRows.read(rs, null);
                    reread.put(m.id(), m);
                }
            }
        }
        return new TicketCache.Entry(withMessages(entry.ticket(), reread::get), entry.fullReadAt());
    }

    /** {@code t} with each message that {@code replacement} has a newer copy of (by id) replaced by it. */
    private static Ticket withMessages(Ticket t, LongFunction<Message> replacement) {
        List<Message> messages = t.messages().stream().map(m -> {
            Message newer = replacement.apply(m.id());
            return newer == null ? m : newer;
        }).toList();
        return new Ticket(t.id(), t.subject(), t.status(), t.priority(), t.channel(), t.requester(), t.assignee(),
                t.group(), t.tags(), t.linkedTicketId(), t.createdAt(), t.updatedAt(), t.version(), messages);
    }

    /** The cached messages of each ticket followed by those added after them (an index range each). */
    private Map<Long, List<Message>> messagesSince(Connection connection, Map<Long, TicketCache.Entry> extend)
            throws SQLException {
        Map<Long, List<Message>> messages = new HashMap<>();
        if (extend.isEmpty()) {
            return messages;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + MessageRows.COLUMNS + " FROM messages "
                + "WHERE ticket_id = ? AND id > ? ORDER BY id")) {
            for (Map.Entry<Long, TicketCache.Entry> e : extend.entrySet()) {
                List<Message> list = new ArrayList<>(e.getValue().ticket().messages());
                ps.setLong(1, e.getKey());
                ps.setLong(2, e.getValue().lastMessageId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(messageRows.read(rs, list.isEmpty() ? null : list.get(list.size() - 1)));
                    }
                }
                messages.put(e.getKey(), list);
            }
        }
        return messages;
    }

    /** A ticket's head columns, in the order {@link #readHead} reads them from column 1. */
    static final String HEAD_COLUMNS = "id, subject, status, priority, channel, requester_id, assignee, group_name, "
            + "linked_ticket_id, created_at, updated_at, version";

    static TicketHead readHead(ResultSet rs) throws SQLException {
        long linked = rs.getLong(9);
        Optional<Long> linkedId = rs.wasNull() ? Optional.empty() : Optional.of(linked);
        return new TicketHead(rs.getLong(1), rs.getString(2), TicketStatus.valueOf(rs.getString(3)),
                Priority.valueOf(rs.getString(4)), rs.getString(5), rs.getLong(6), Optional.ofNullable(rs.getString(7)),
                Optional.ofNullable(rs.getString(8)), linkedId, Instant.ofEpochMilli(rs.getLong(10)),
                Instant.ofEpochMilli(rs.getLong(11)), rs.getLong(12));
    }

    private static Map<Long, TicketHead> heads(Connection connection, Collection<Long> ids) throws SQLException {
        Map<Long, TicketHead> heads = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT " + HEAD_COLUMNS + " FROM tickets WHERE id = ANY(?)")) {
            AnyOf.longs(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TicketHead head = readHead(rs);
                    heads.put(head.id(), head);
                }
            }
        }
        return heads;
    }

    private static final String MARK_COLUMNS = "ticket_id, id, direction, visibility, created_at";

    /**
     * The outlines of {@code ids}, in their order (unknown ids left out). A mark never changes (no
     * delivery or revision touches these columns), so a cached ticket gives the marks it holds: all of
     * them when it is of the current version, else those up to its last message, and only the
     * messages added since are read (an index range per ticket, as whole-ticket reads do). The
     * tickets the cache does not hold are read in one query of the narrow mark columns.
     */
    List<TicketOutline> outlines(Connection connection, List<Long> ids, TicketCache cache) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, TicketHead> heads = heads(connection, ids);
        Map<Long, List<MessageMark>> marks = new HashMap<>();
        Set<Long> reading = new TreeSet<>();
        try (PreparedStatement since = connection.prepareStatement(
                "SELECT " + MARK_COLUMNS + " FROM messages WHERE ticket_id = ? AND id > ? ORDER BY id")) {
            for (TicketHead head : heads.values()) {
                TicketCache.Entry cached = cache.lookup(head.id());
                if (cached == null) {
                    reading.add(head.id());
                    continue;
                }
                List<MessageMark> known = new ArrayList<>(cached.ticket().messages().size() + 1);
                cached.ticket().messages().forEach(m -> known.add(MessageMark.of(m)));
                if (cached.ticket().version() != head.version()) {
                    since.setLong(1, head.id());
                    since.setLong(2, cached.lastMessageId());
                    readMarks(since, known);
                }
                marks.put(head.id(), known);
            }
        }
        if (!reading.isEmpty()) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT " + MARK_COLUMNS + " FROM messages WHERE ticket_id = ANY(?) ORDER BY ticket_id, id")) {
                AnyOf.longs(ps, 1, reading);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        marks.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(mark(rs));
                    }
                }
            }
        }
        List<TicketOutline> outlines = new ArrayList<>(heads.size());
        for (long id : ids) {
            TicketHead head = heads.get(id);
            if (head != null) {
                outlines.add(new TicketOutline(head, marks.getOrDefault(id, List.of())));
            }
        }
        return outlines;
    }

    private static void readMarks(PreparedStatement ps, List<MessageMark> into) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                into.add(mark(rs));
            }
        }
    }

    private static MessageMark mark(ResultSet rs) throws SQLException {
        return new MessageMark(rs.getLong(2), Direction.valueOf(rs.getString(3)), Visibility.valueOf(rs.getString(4)),
                Instant.ofEpochMilli(rs.getLong(5)));
    }

    Optional<Ticket> load(Connection connection, long id) throws SQLException {
        List<Ticket> found = load(connection, List.of(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    Optional<TicketHead> ticketHead(Connection connection, long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT " + HEAD_COLUMNS + " FROM tickets WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readHead(rs)) : Optional.empty();
            }
        }
    }

    Optional<Head> head(Connection connection, long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT status, priority, channel, assignee, group_name, version FROM tickets WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Head(id, TicketStatus.valueOf(rs.getString(1)), Priority.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6)));
            }
        }
    }

    /** Writes the head's fields if the row is still at {@code expectedVersion}; false if it moved on. */
    /** Sets what an update corrects besides the head; the head's write has already checked the version. */
    void writeSubjectAndRequester(Connection connection, long ticketId, Optional<String> subject,
            OptionalLong requesterId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE tickets SET subject = COALESCE(?, subject), "
                + "requester_id = COALESCE(?, requester_id) WHERE id = ?")) {
            ps.setString(1, subject.orElse(null));
            if (requesterId.isPresent()) {
                ps.setLong(2, requesterId.getAsLong());
            } else {
                ps.setNull(2, Types.BIGINT);
            }
            ps.setLong(3, ticketId);
            ps.executeUpdate();
        }
    }

    Optional<Customer> customer(Connection connection, long customerId) throws SQLException {
        return Optional.ofNullable(customers.load(connection, List.of(customerId)).get(customerId));
    }

    boolean writeHead(Connection connection, Head head, long expectedVersion, long now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE tickets SET status = ?, priority = ?, "
                + "assignee = ?, group_name = ?, updated_at = ?, version = ? WHERE id = ? AND version = ?")) {
            ps.setString(1, head.status().name());
            ps.setString(2, head.priority().name());
            ps.setString(3, head.assignee());
            ps.setString(4, head.group());
            ps.setLong(5, now);
            ps.setLong(6, head.version());
            ps.setLong(7, head.id());
            ps.setLong(8, expectedVersion);
            return ps.executeUpdate() == 1;
        }
    }

    long insertTicket(Connection connection, String subject, TicketStatus status, Priority priority, String channel,
            long requesterId, String group, Long linkedTicketId, long now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO tickets (subject, status, priority, "
                + "channel, requester_id, assignee, group_name, linked_ticket_id, created_at, updated_at, version) "
                + "VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 1)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, subject);
            ps.setString(2, status.name());
            ps.setString(3, priority.name());
            ps.setString(4, channel);
            ps.setLong(5, requesterId);
            ps.setString(6, group);
            if (linkedTicketId == null) {
                ps.setNull(7, Types.BIGINT);
            } else {
                ps.setLong(7, linkedTicketId);
            }
            ps.setLong(8, now);
            ps.setLong(9, now);
            ps.executeUpdate();
            return GeneratedKeys.generatedKey(ps);
        }
    }

    void addTags(Connection connection, long ticketId, Collection<String> tags) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO ticket_tags (ticket_id, tag) "
                + "SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM ticket_tags WHERE ticket_id = ? AND tag = ?)")) {
            for (String tag : tags) {
                ps.setLong(1, ticketId);
                ps.setString(2, tag);
                ps.setLong(3, ticketId);
                ps.setString(4, tag);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void removeTags(Connection connection, long ticketId, Collection<String> tags) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM ticket_tags WHERE ticket_id = ? AND tag = ?")) {
            for (String tag : tags) {
                ps.setLong(1, ticketId);
                ps.setString(2, tag);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    Set<String> tags(Connection connection, long ticketId) throws SQLException {
        return loadTags(connection, List.of(ticketId)).getOrDefault(ticketId, new TreeSet<>());
    }

    Message insertMessage(Connection connection, long ticketId, NewMessage m, Instant createdAt) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO messages (ticket_id, direction, "
                + "visibility, channel, external_id, author_kind, author_name, author_customer_id, body, attachments, "
                + "properties, created_at, delivery, delivery_detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, ticketId);
            ps.setString(2, m.direction().name());
            ps.setString(3, m.visibility().name());
            ps.setString(4, m.channel());
            ps.setString(5, m.externalId().orElse(null));
            ps.setString(6, m.author().kind().name());
            ps.setString(7, m.author().name());
            if (m.author().customerId().isPresent()) {
                ps.setLong(8, m.author().customerId().get());
            } else {
                ps.setNull(8, Types.BIGINT);
            }
            ps.setString(9, m.text());
            ps.setString(10, json.attachments(m.attachments()));
            ps.setString(11, json.properties(m.properties()));
            ps.setLong(12, createdAt.toEpochMilli());
            ps.setString(13, m.delivery().name());
            ps.executeUpdate();
            long id = GeneratedKeys.generatedKey(ps);
            List<Attachment> attachments = attachmentRows.register(connection, ticketId, id, m.channel(),
                    m.attachments(), System.currentTimeMillis());
            return new Message(id, ticketId, m.direction(), m.visibility(), m.channel(), m.externalId(), m.author(),
                    m.text(), attachments, createdAt, m.delivery(), Optional.empty(), m.properties());
        }
    }

    Optional<Message> findMessage(Connection connection, String channel, String externalId) throws SQLException {
        return singleMessage(connection, "channel = ? AND external_id = ?", ps -> {
            ps.setString(1, channel);
            ps.setString(2, externalId);
        });
    }

    Optional<Message> message(Connection connection, long messageId) throws SQLException {
        return singleMessage(connection, "id = ?", ps -> ps.setLong(1, messageId));
    }

    /** Replaces a message's content; false if there is no such message. */
    boolean reviseMessage(Connection connection, long messageId, String text, List<Attachment> attachments,
            Map<String, String> properties) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE messages SET body = ?, attachments = ?, "
                + "properties = ? WHERE id = ?")) {
            ps.setString(1, text);
            ps.setString(2, json.attachments(attachments));
            ps.setString(3, json.properties(properties));
            ps.setLong(4, messageId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Replaces a message's author name; false if there is no such message. */
    boolean renameAuthor(Connection connection, long messageId, String authorName) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE messages SET author_name = ? WHERE id = ?")) {
            ps.setString(1, authorName);
            ps.setLong(2, messageId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Records delivery; a SENT platform id also becomes the external id, so the platform's echo finds it. */
    boolean writeDelivery(Connection connection, long messageId, DeliveryState state, String detail)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE messages SET delivery = ?, delivery_detail = ?, "
                + "external_id = CASE WHEN external_id IS NULL AND ? THEN ? ELSE external_id END WHERE id = ?")) {
            ps.setString(1, state.name());
            ps.setString(2, detail);
            ps.setBoolean(3, state == DeliveryState.SENT && detail != null);
            ps.setString(4, detail);
            ps.setLong(5, messageId);
            return ps.executeUpdate() == 1;
        }
    }

    List<Message> queuedMessages(Connection connection, Collection<String> channels, int limit) throws SQLException {
        if (channels.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + MessageRows.COLUMNS + " FROM messages "
                + "WHERE delivery = 'QUEUED' AND channel = ANY(?) ORDER BY id")) {
            AnyOf.strings(ps, 1, channels);
            ps.setMaxRows(limit);
            List<Message> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(messageRows.read(rs, null));
                }
            }
            return result;
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private Optional<Message> singleMessage(Connection connection, String where, Binder binder) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT " + MessageRows.COLUMNS + " FROM messages WHERE " + where)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(messageRows.read(rs, null)) : Optional.empty();
            }
        }
    }

    private Map<Long, TreeSet<String>> loadTags(Connection connection, Collection<Long> ids) throws SQLException {
        Map<Long, TreeSet<String>> tags = new HashMap<>();
        if (ids.isEmpty()) {
            return tags;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT ticket_id, tag FROM ticket_tags WHERE ticket_id = ANY(?)")) {
            AnyOf.longs(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
        }
        return tags;
    }

    private Map<Long, List<Message>> loadMessages(Connection connection, Collection<Long> ids) throws SQLException {
        Map<Long, List<Message>> messages = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return messages;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + MessageRows.COLUMNS
                + " FROM messages WHERE ticket_id = ANY(?) ORDER BY id")) {
            AnyOf.longs(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Message> list = messages.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>());
                    list.add(messageRows.read(rs, list.isEmpty() ? null : list.get(list.size() - 1)));
                }
            }
        }
        return messages;
    }
}
