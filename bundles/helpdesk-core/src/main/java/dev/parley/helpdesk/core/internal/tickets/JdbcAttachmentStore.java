package dev.parley.helpdesk.core.internal.tickets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.Attachment;
import dev.parley.helpdesk.api.AttachmentRejectedException;
import dev.parley.helpdesk.api.AttachmentState;
import dev.parley.helpdesk.api.AttachmentStore;
import dev.parley.helpdesk.api.store.JdbcTransactions;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.helpdesk.core.internal.attachments.AttachmentFiles;
import dev.parley.helpdesk.core.internal.attachments.FileNames;
import dev.parley.helpdesk.core.internal.attachments.UploadRefusedException;
import dev.parley.helpdesk.core.internal.attachments.MediaSniffer;
import dev.parley.helpdesk.core.internal.store.StoreException;

/**
 * The host's attachment store: files named by SHA-256 ({@link AttachmentFiles}) under {@code
 * <home>/data/attachments}, metadata in the {@code attachments} table, each change written into the
 * message it belongs to and the ticket forgotten by the ticket cache, so the ticket shows it at
 * once. With several nodes the folder must be shared (or see the data-stack issue).
 */
@Component(service = {AttachmentStore.class, JdbcAttachmentStore.class}, configurationPid = AttachmentsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AttachmentsConfig.class)
public final class JdbcAttachmentStore implements AttachmentStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAttachmentStore.class);

    /** A kept attachment ready to serve; {@code name} the one an agent's upload was given. */
    public record Served(long id, String mediaType, long size, String sha256, Path file, Optional<String> name) {
    }

    /** An agent's file as kept: {@code name} sanitized, {@code mediaType} decided from the bytes. */
    public record Upload(long id, String name, String mediaType, long size, String sha256) {
    }

    private final JdbcTransactions tx;
    private final AttachmentRows rows = new AttachmentRows(new JsonColumns());
    private final TicketCache tickets;
    private final AttachmentFiles files;
    private final long maxFileBytes;
    private final long maxTicketBytes;
    private final Clock clock;

    @Activate
    public JdbcAttachmentStore(@Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference TicketCache tickets, AttachmentsConfig config,
            BundleContext context) {
        this(dataSource, migrator, tickets, directory(config, context.getProperty("parley.home")),
                config.maxFileBytes(), config.maxTicketBytes(), Clock.systemUTC());
    }

    public JdbcAttachmentStore(DataSource dataSource, SchemaMigrator migrator, TicketCache tickets, Path directory,
            long maxFileBytes, long maxTicketBytes, Clock clock) {
        migrator.migrate(HelpdeskSchema.MODULE, HelpdeskSchema.MIGRATIONS);
        this.tx = new JdbcTransactions(dataSource, StoreException::new);
        this.tickets = tickets;
        this.files = new AttachmentFiles(directory);
        this.maxFileBytes = maxFileBytes;
        this.maxTicketBytes = maxTicketBytes;
        this.clock = clock;
    }

    private static Path directory(AttachmentsConfig config, String home) {
        if (!config.directory().isBlank()) {
            return Path.of(config.directory());
        }
        return Path.of(home == null || home.isBlank() ? "parley-home" : home, "data", "attachments");
    }

    @Override
    public long maxFileBytes() {
        return maxFileBytes;
    }

    @Override
    public List<Pending> due(Instant now, int limit) {
        return tx.read(c -> rows.pending(c, "state = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at, id "
                + "FETCH FIRST " + Math.max(1, Math.min(limit, 1000)) + " ROWS ONLY", ps -> ps.setLong(1, now.toEpochMilli())));
    }

    @Override
    public List<Pending> pendingOf(long messageId) {
        return tx.read(c -> rows.pending(c, "message_id = ? AND state = 'PENDING' ORDER BY id",
                ps -> ps.setLong(1, messageId)));
    }

    @Override
    public Attachment store(long id, Optional<String> declaredType, InputStream bytes) throws IOException {
        AttachmentRows.Kept row = tx.read(c -> rows.kept(c, id))
                .orElseThrow(() -> new IllegalArgumentException("no attachment " + id));
        AttachmentFiles.Written written;
        try {
            written = files.write(bytes, maxFileBytes);
        } catch (AttachmentFiles.TooLarge e) {
            throw new AttachmentRejectedException("the file is " + e.getMessage());
        }
        String mediaType = MediaSniffer.mediaType(written.head(), declaredType);
        long ticketBytes = tx.read(c -> rows.storedBytes(c, row.ticketId()));
        if (ticketBytes + written.size() > maxTicketBytes) {
            // the file may be shared with another ticket's identical attachment: it stays, unreferenced here
            throw new AttachmentRejectedException("the ticket's attachments would exceed its limit of "
                    + maxTicketBytes + " bytes");
        }
        Optional<Attachment> settled = settle(id, AttachmentState.STORED, mediaType, written.size(), written.sha256(),
                null, row.ticketId());
        LOG.info("Attachment {} of ticket {} stored: {} bytes, {}", id, row.ticketId(), written.size(), mediaType);
        return settled.orElseGet(() -> current(id, row));
    }

    /**
     * Keeps an agent's file for ticket {@code ticketId} (on {@code channel}) until a reply carries it, or
     * until {@link #sweepOrphans} removes it unused. Reads {@code bytes} to their end, at most {@code
     * maxBytes}; the type is the one the bytes' magic numbers show, and a file declared a picture whose
     * bytes are not that picture is refused (a browser would believe the declared type).
     *
     * @throws UploadRefusedException 413 over {@code maxBytes} or the ticket's total, 415 a false picture
     * @throws IOException if reading {@code bytes} failed (the client went away)
     */
    public Upload upload(long ticketId, String channel, String name, Optional<String> declaredType, String uploader,
            InputStream bytes, long maxBytes) throws IOException {
        long ticketBytes = tx.read(c -> rows.storedBytes(c, ticketId));
        AttachmentFiles.Written written;
        try {
            written = files.write(bytes, maxBytes, (head, size) -> {
                MediaSniffer.falsePicture(declaredType, MediaSniffer.mediaType(head, declaredType)).ifPresent(why -> {
                    throw new UploadRefusedException(415, why);
                });
                if (ticketBytes + size > maxTicketBytes) {
                    throw new UploadRefusedException(413, "the ticket's attachments would exceed its limit of "
                            + maxTicketBytes + " bytes");
                }
            });
        } catch (AttachmentFiles.TooLarge e) {
            throw new UploadRefusedException(413, "the file is " + e.getMessage());
        }
        String mediaType = MediaSniffer.mediaType(written.head(), declaredType);
        String safeName = FileNames.sanitize(name);
        long id = tx.inTransaction(c -> rows.insertUpload(c, ticketId, channel, safeName, uploader, mediaType,
                written.size(), written.sha256(), clock.millis()));
        LOG.info("Attachment {} uploaded to ticket {} by {}: {} bytes, {}", id, ticketId, uploader, written.size(),
                mediaType);
        return new Upload(id, safeName, mediaType, written.size(), written.sha256());
    }

    /** The name an agent gave upload {@code id}; empty for any other attachment. */
    public Optional<String> uploadName(long id) {
        return tx.read(c -> rows.uploadName(c, id));
    }

    /**
     * Removes agents' uploads made before {@code cutoff} that no message carries, and their files unless
     * another attachment has the same content. Returns how many were removed.
     */
    public int sweepOrphans(Instant cutoff) {
        int removed = 0;
        List<AttachmentRows.Orphan> batch;
        do {
            batch = tx.inTransaction(c -> rows.deleteOrphans(c, cutoff.toEpochMilli(), 500));
            for (AttachmentRows.Orphan orphan : batch) {
                if (orphan.sha256() != null && !tx.read(c -> rows.contentInUse(c, orphan.sha256()))) {
                    try {
                        files.deleteIfUnchangedSince(orphan.sha256(), cutoff.toEpochMilli());
                    } catch (IOException e) {
                        LOG.warn("Cannot delete the file of unused upload {}: {}", orphan.id(), e.toString());
                    }
                }
            }
            removed += batch.size();
        } while (batch.size() == 500);
        if (removed > 0) {
            LOG.info("Removed {} uploads no reply carried (made before {})", removed, cutoff);
        }
        return removed;
    }

    @Override
    public void retryLater(long id, String reason, Instant next) {
        tx.inTransaction(c -> {
            rows.retryLater(c, id, truncate(reason), next.toEpochMilli(), clock.millis());
            return null;
        });
    }

    @Override
    public Attachment fail(long id, String reason) {
        AttachmentRows.Kept row = tx.read(c -> rows.kept(c, id))
                .orElseThrow(() -> new IllegalArgumentException("no attachment " + id));
        LOG.info("Attachment {} of ticket {} unavailable: {}", id, row.ticketId(), reason);
        return settle(id, AttachmentState.FAILED, row.mediaType(), null, null, truncate(reason), row.ticketId())
                .orElseGet(() -> current(id, row));
    }

    private Optional<Attachment> settle(long id, AttachmentState state, String mediaType, Long size, String sha256,
            String reason, long ticketId) {
        Optional<Attachment> settled = tx.inTransaction(c -> {
            long messageId = messageOf(c, id);
            return rows.settle(c, id, messageId, state, mediaType, size, sha256, reason, clock.millis());
        });
        tickets.forget(ticketId); // the message's attachments changed without a ticket version bump
        return settled;
    }

    private static long messageOf(java.sql.Connection c, long id) throws java.sql.SQLException {
        try (var ps = c.prepareStatement("SELECT message_id FROM attachments WHERE id = ?")) {
            ps.setLong(1, id);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Attachment current(long id, AttachmentRows.Kept before) {
        AttachmentRows.Kept now = tx.read(c -> rows.kept(c, id)).orElse(before);
        return new Attachment(now.mediaType(), "/api/attachments/" + id, Optional.empty(), Optional.empty(),
                Optional.of(id), Optional.of(AttachmentState.valueOf(now.state())), Optional.empty(),
                Optional.ofNullable(now.size()), Optional.ofNullable(now.sha256()), Optional.empty());
    }

    /** The kept attachment {@code id} with its file; empty unless it is STORED and its file is there. */
    public Optional<Served> open(long id) {
        return tx.read(c -> rows.kept(c, id)).filter(k -> k.state().equals(AttachmentState.STORED.name()))
                .flatMap(k -> files.find(k.sha256()).map(f -> new Served(k.id(), k.mediaType(), k.size(), k.sha256(), f,
                        Optional.ofNullable(k.fileName()))));
    }

    @Override
    public Optional<StoredFile> storedFile(long id) {
        return open(id).map(f -> new StoredFile(f.id(), f.mediaType(), f.size(), f.sha256()));
    }

    @Override
    public java.io.InputStream openStored(long id) throws java.io.IOException {
        Served served = open(id).orElseThrow(() -> new java.io.FileNotFoundException("attachment " + id
                + " is not stored"));
        return java.nio.file.Files.newInputStream(served.file());
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 1997) + "...";
    }
}
