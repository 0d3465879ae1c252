package dev.parley.social.api;

import java.util.Objects;

/**
 * A file attached to a social message, by reference: {@code mediaType} is the platform's kind
 * ("image", "video", "audio", "file", "sticker", or a MIME type when the platform gives one, such
 * as X's video variants) and {@code url} where it can be fetched. The helpdesk keeps a MIME type
 * only ({@code type/subtype}); a kind word is a hint, and the real type comes from the bytes.
 */
public record MediaAttachment(String mediaType, String url) {

    public MediaAttachment {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(url, "url");
    }
}
