package dev.parley.social.api;

import java.util.Locale;
import java.util.Objects;

/**
 * One kind of file a platform accepts in an outgoing message and its largest size: {@code
 * mediaType} is a MIME type ({@code image/jpeg}), a family ({@code video/*}) or any type ({@code
 * *}{@code /*}); {@code maxBytes} the platform's documented limit for it; {@code kind} how the
 * platform names it ("image", "document", "sticker"), for the agents' refusal reasons. The first
 * limit that matches a file's type decides.
 *
 * @since 1.8
 */
public record MediaLimit(String mediaType, long maxBytes, String kind) {

    public MediaLimit {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(kind, "kind");
        mediaType = mediaType.strip().toLowerCase(Locale.ROOT);
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
    }

    /** Whether a file of MIME type {@code type} is of this kind. */
    public boolean matches(String type) {
        String t = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
        int semicolon = t.indexOf(';');
        if (semicolon >= 0) {
            t = t.substring(0, semicolon).strip();
        }
        if (mediaType.equals("*/*")) {
            return true;
        }
        if (mediaType.endsWith("/*")) {
            return t.startsWith(mediaType.substring(0, mediaType.length() - 1));
        }
        return t.equals(mediaType);
    }
}
