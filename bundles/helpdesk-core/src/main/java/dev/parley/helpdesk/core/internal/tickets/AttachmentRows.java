package dev.parley.helpdesk.core.internal.tickets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.parley.helpdesk.api.Attachment;
import dev.parley.helpdesk.api.AttachmentState;
import dev.parley.helpdesk.api.AttachmentStore;

/**
 * The {@code attachments} table: one row per inbound attachment the store is to keep, created with
 * its message (so a crash between the message and the download loses nothing: the row is still
 * PENDING), and the message's own attachment list, which is what tickets show, kept in step.
 */
final class AttachmentRows {

    static final String PENDING_COLUMNS = "id, message_id, ticket_id, channel, source_url, media_type, attempts";

    private final JsonColumns json;

    AttachmentRows(JsonColumns json) {
        this.json = json;
    }

    /** Registers the message's pending attachments; returns its attachments with their store ids. */
    List<Attachment> register(Connection c, long ticketId, long messageId, String channel, List<Attachment> attachments,
            long now) throws SQLException {
        claimUploads(c, messageId, attachments);
        if (attachments.stream().noneMatch(AttachmentRows::unregistered)) {
            return attachments;
        }
        List<Attachment> registered = new ArrayList<>(attachments.size());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO attachments (message_id, ticket_id, channel, "
                + "source_url, state, media_type, attempts, next_attempt_at, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, 'PENDING', ?, 0, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            for (Attachment a : attachments) {
                if (!unregistered(a)) {
                    registered.add(a);
                    continue;
                }
                ps.setLong(1, messageId);
                ps.setLong(2, ticketId);
                ps.setString(3, channel);
                ps.setString(4, a.sourceUrl().orElseThrow());
                ps.setString(5, a.mediaType());
                ps.setLong(6, now);
                ps.setLong(7, now);
                ps.setLong(8, now);
                ps.executeUpdate();
                registered.add(a.withId(GeneratedKeys.generatedKey(ps)));
            }
        }
        writeMessageAttachments(c, messageId, registered);
        return registered;
    }

    /** An agent's uploads the message carries now belong to it: they are no longer orphans to sweep. */
    private static void claimUploads(Connection c, long messageId, List<Attachment> attachments) throws SQLException {
        List<Long> stored = attachments.stream().filter(a -> a.state().equals(Optional.of(AttachmentState.STORED)))
                .flatMap(a -> a.id().stream()).toList();
        if (stored.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE attachments SET message_id = ? WHERE id = ? AND message_id IS NULL")) {
            for (long id : stored) {
                ps.setLong(1, messageId);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
        }
    }

    /** Keeps an agent's upload, not yet part of any message. Returns its id. */
    long insertUpload(Connection c, long ticketId, String channel, String fileName, String uploader, String mediaType,
            long size, String sha256, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO attachments (message_id, ticket_id, channel, "
                + "source_url, state, media_type, size_bytes, sha256, attempts, next_attempt_at, created_at, updated_at, "
                + "file_name, uploaded_by) VALUES (NULL, ?, ?, 'upload', 'STORED', ?, ?, ?, 0, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, ticketId);
            ps.setString(2, channel);
            ps.setString(3, mediaType);
            ps.setLong(4, size);
            ps.setString(5, sha256);
            ps.setLong(6, now);
            ps.setLong(7, now);
            ps.setLong(8, now);
            ps.setString(9, fileName);
            ps.setString(10, uploader);
            ps.executeUpdate();
            return GeneratedKeys.generatedKey(ps);
        }
    }

    /** The name an agent's upload was given, if {@code id} is one. */
    Optional<String> uploadName(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT file_name FROM attachments WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** An upload no message took. */
    record Orphan(long id, String sha256) {
    }

    /** Deletes up to {@code limit} uploads made before {@code cutoff} that no message took; returns them. */
    List<Orphan> deleteOrphans(Connection c, long cutoff, int limit) throws SQLException {
        List<Orphan> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, sha256 FROM attachments WHERE message_id IS NULL "
                + "AND created_at < ? ORDER BY id FETCH FIRST " + limit + " ROWS ONLY")) {
            ps.setLong(1, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Orphan(rs.getLong(1), rs.getString(2)));
                }
            }
        }
        List<Orphan> deleted = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM attachments WHERE id = ? AND message_id IS NULL")) {
            for (Orphan o : found) {
                ps.setLong(1, o.id());
                if (ps.executeUpdate() == 1) {
                    deleted.add(o);
                }
            }
        }
        return deleted;
    }

    /** Whether any kept attachment still has the content {@code sha256} (files are shared by content). */
    boolean contentInUse(Connection c, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM attachments WHERE sha256 = ? AND state = 'STORED' "
                + "FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean unregistered(Attachment a) {
        return a.state().equals(Optional.of(AttachmentState.PENDING)) && a.id().isEmpty() && a.sourceUrl().isPresent();
    }

    List<AttachmentStore.Pending> pending(Connection c, String where, PreparedStatementSetter setter)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PENDING_COLUMNS + " FROM attachments WHERE "
                + where)) {
            setter.set(ps);
            List<AttachmentStore.Pending> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new AttachmentStore.Pending(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7)));
                }
            }
            return found;
        }
    }

    @FunctionalInterface
    interface PreparedStatementSetter {
        void set(PreparedStatement ps) throws SQLException;
    }

    /** A stored attachment's content digest and type, for serving it. */
    record Kept(long id, long ticketId, String state, String mediaType, Long size, String sha256, String fileName) {
    }

    Optional<Kept> kept(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, ticket_id, state, media_type, size_bytes, sha256, file_name FROM attachments WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long size = rs.getLong(5);
                return Optional.of(new Kept(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.wasNull() ? null : size, rs.getString(6), rs.getString(7)));
            }
        }
    }

    /** Bytes already kept for the ticket's attachments. */
    long storedBytes(Connection c, long ticketId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(SUM(size_bytes), 0) FROM attachments WHERE ticket_id = ? AND state = 'STORED'")) {
            ps.setLong(1, ticketId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Marks the row and rewrites the message's entry for it; returns the attachment as the message now shows it. */
    Optional<Attachment> settle(Connection c, long id, long messageId, AttachmentState state, String mediaType,
            Long size, String sha256, String reason, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE attachments SET state = ?, media_type = ?, "
                + "size_bytes = ?, sha256 = ?, reason = ?, updated_at = ? WHERE id = ? AND state = 'PENDING'")) {
            ps.setString(1, state.name());
            ps.setString(2, mediaType);
            if (size == null) {
                ps.setNull(3, java.sql.Types.BIGINT);
            } else {
                ps.setLong(3, size);
            }
            ps.setString(4, sha256);
            ps.setString(5, reason);
            ps.setLong(6, now);
            ps.setLong(7, id);
            if (ps.executeUpdate() == 0) {
                return Optional.empty(); // settled already (another node, a redelivery)
            }
        }
        List<Attachment> list = new ArrayList<>(messageAttachments(c, messageId));
        Attachment changed = null;
        for (int i = 0; i < list.size(); i++) {
            Attachment a = list.get(i);
            if (a.id().equals(Optional.of(id))) {
                changed = state == AttachmentState.STORED ? a.stored(id, mediaType, size, sha256) : a.failed(reason);
                list.set(i, changed);
            }
        }
        writeMessageAttachments(c, messageId, list);
        return Optional.ofNullable(changed);
    }

    void retryLater(Connection c, long id, String reason, long next, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE attachments SET attempts = attempts + 1, reason = ?, "
                + "next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'PENDING'")) {
            ps.setString(1, reason);
            ps.setLong(2, next);
            ps.setLong(3, now);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    private List<Attachment> messageAttachments(Connection c, long messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT attachments FROM messages WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? json.attachments(rs.getString(1)) : List.of();
            }
        }
    }

    private void writeMessageAttachments(Connection c, long messageId, List<Attachment> attachments)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET attachments = ? WHERE id = ?")) {
            ps.setString(1, json.attachments(attachments));
            ps.setLong(2, messageId);
            ps.executeUpdate();
        }
    }
}
