package dev.parley.helpdesk.api;

import java.util.Objects;
import java.util.Optional;

/** A file attached to a message, referenced by URL (the host does not store binaries). */
public record Attachment(String mediaType, String url, Optional<String> name, Optional<Long> sizeBytes) {

    public Attachment {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(url, "url");
        name = name == null ? Optional.empty() : name;
        sizeBytes = sizeBytes == null ? Optional.empty() : sizeBytes;
    }

    public static Attachment of(String mediaType, String url) {
        return new Attachment(mediaType, url, Optional.empty(), Optional.empty());
    }
}
