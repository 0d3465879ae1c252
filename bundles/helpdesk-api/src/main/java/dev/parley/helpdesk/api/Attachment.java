package dev.parley.helpdesk.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A file attached to a message. An agent's attachment is a reference: {@code url} where it lives,
 * {@code sizeBytes} the size its sender declared. An inbound platform attachment is kept by the
 * host's attachment store: it starts {@link AttachmentState#PENDING} with the platform's {@code
 * sourceUrl}; once downloaded it is {@link AttachmentState#STORED} with the store's {@code id},
 * the MIME type the bytes really are ({@code mediaType}: the platform's word such as "image" is
 * never one; {@code application/octet-stream} until known), the measured {@code size}, the {@code
 * sha256} of its bytes, and {@code url} Parley's own {@code /api/attachments/{id}}; a download that
 * gave up is {@link AttachmentState#FAILED} with the {@code reason}. Agents' attachments have no
 * state.
 */
public record Attachment(String mediaType, String url, Optional<String> name, Optional<Long> sizeBytes,
        Optional<Long> id, Optional<AttachmentState> state, Optional<String> sourceUrl, Optional<Long> size,
        Optional<String> sha256, Optional<String> reason) {

    /** The MIME type of bytes whose real type is not known (yet). */
    public static final String UNKNOWN_MEDIA_TYPE = "application/octet-stream";

    public Attachment {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(url, "url");
        name = name == null ? Optional.empty() : name;
        sizeBytes = sizeBytes == null ? Optional.empty() : sizeBytes;
        id = id == null ? Optional.empty() : id;
        state = state == null ? Optional.empty() : state;
        sourceUrl = sourceUrl == null ? Optional.empty() : sourceUrl;
        size = size == null ? Optional.empty() : size;
        sha256 = sha256 == null ? Optional.empty() : sha256;
        reason = reason == null ? Optional.empty() : reason;
    }

    /** A reference to a file elsewhere (an agent's attachment). */
    public Attachment(String mediaType, String url, Optional<String> name, Optional<Long> sizeBytes) {
        this(mediaType, url, name, sizeBytes, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public static Attachment of(String mediaType, String url) {
        return new Attachment(mediaType, url, Optional.empty(), Optional.empty());
    }

    /**
     * An inbound file still on the platform at {@code sourceUrl}, to be downloaded into the store;
     * {@code mediaType} is a MIME type when the platform gave one, else {@link #UNKNOWN_MEDIA_TYPE}.
     */
    public static Attachment pending(String mediaType, String sourceUrl) {
        return new Attachment(mediaType, sourceUrl, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(AttachmentState.PENDING), Optional.of(sourceUrl), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** This attachment as kept by the store under {@code storeId}. */
    public Attachment stored(long storeId, String realMediaType, long bytes, String digest) {
        return new Attachment(realMediaType, "/api/attachments/" + storeId, name, sizeBytes, Optional.of(storeId),
                Optional.of(AttachmentState.STORED), sourceUrl, Optional.of(bytes), Optional.of(digest),
                Optional.empty());
    }

    /** This attachment with its store id, still waiting for its bytes. */
    public Attachment withId(long storeId) {
        return new Attachment(mediaType, url, name, sizeBytes, Optional.of(storeId), state, sourceUrl, size, sha256,
                reason);
    }

    /** This attachment given up on: unavailable, and why. */
    public Attachment failed(String why) {
        return new Attachment(mediaType, url, name, sizeBytes, id, Optional.of(AttachmentState.FAILED), sourceUrl,
                size, sha256, Optional.of(why));
    }
}
