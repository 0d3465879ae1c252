package dev.parley.helpdesk.api;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's store of inbound attachment bytes (files named by their SHA-256 under {@code
 * <home>/data/attachments}, metadata in the helpdesk database), served to agents at {@code GET
 * /api/attachments/{id}}. A message added with {@link Attachment#pending} attachments gets one
 * store entry each; a channel plugin fetches the bytes off the hot path and hands them in with
 * {@link #store}, which checks the size limits and decides the real MIME type from the bytes, or
 * reports a failed fetch with {@link #retryLater} and finally {@link #fail}. Every change is
 * written into the message, so its attachments show their state in the ticket.
 */
@ProviderType
public interface AttachmentStore {

    /** An attachment waiting for its bytes. */
    record Pending(long id, long messageId, long ticketId, String channel, String sourceUrl, String mediaType,
            int attempts) {
    }

    /**
     * A kept file: its store {@code id}, the MIME type its bytes are, their size and SHA-256.
     *
     * @since 1.6
     */
    record StoredFile(long id, String mediaType, long size, String sha256) {
    }

    /**
     * Attachment {@code id} if it is STORED and its file is there (an agent's reply may carry it to a
     * platform that uploads files). Empty otherwise.
     *
     * @since 1.6
     */
    Optional<StoredFile> storedFile(long id);

    /**
     * The bytes of STORED attachment {@code id}, a fresh stream the caller closes.
     *
     * @throws java.io.FileNotFoundException if it is not (or no longer) stored
     * @since 1.6
     */
    InputStream openStored(long id) throws IOException;

    /** Largest file accepted, in bytes (a fetch may stop reading after this many plus one). */
    long maxFileBytes();

    /** Pending attachments due for a fetch at {@code now}, oldest first. */
    List<Pending> due(Instant now, int limit);

    /** The pending attachments of one message (just added), due or not. */
    List<Pending> pendingOf(long messageId);

    /**
     * Reads {@code bytes} (closed by the caller) into the store as attachment {@code id}: its MIME type
     * is {@code declaredType} (the response's Content-Type) if the bytes' magic numbers agree, else
     * the type they show, else {@link Attachment#UNKNOWN_MEDIA_TYPE}.
     *
     * @throws AttachmentRejectedException over the file or ticket size limit (nothing kept)
     * @throws IOException if reading {@code bytes} failed (worth a retry)
     */
    Attachment store(long id, Optional<String> declaredType, InputStream bytes) throws IOException;

    /** Records a failed attempt and when to try again. */
    void retryLater(long id, String reason, Instant next);

    /** Gives up on attachment {@code id}: the message shows it unavailable with {@code reason}. */
    Attachment fail(long id, String reason);
}
