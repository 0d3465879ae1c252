package dev.parley.social.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A file attached to a social message, by reference: {@code mediaType} is the platform's kind
 * ("image", "video", "audio", "file", "sticker", or a MIME type when the platform gives one, such
 * as X's video variants) and {@code url} where it can be fetched. The helpdesk keeps a MIME type
 * only ({@code type/subtype}); a kind word is a hint, and the real type comes from the bytes.
 * An outgoing file kept in Parley's attachment store also has its {@code content} (since 1.8): a
 * platform that uploads files sends those bytes (its {@code url} is then Parley's own {@code
 * /api/attachments/{id}}, which no platform can fetch); one that cannot upload sends the link.
 */
public record MediaAttachment(String mediaType, String url, Optional<MediaContent> content) {

    /** A file by its URL only (the 1.7 shape). */
    public MediaAttachment(String mediaType, String url) {
        this(mediaType, url, Optional.empty());
    }

    public MediaAttachment {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(url, "url");
        content = content == null ? Optional.empty() : content;
    }
}
