package dev.parley.social.connector.internal.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import dev.parley.helpdesk.api.AttachmentStore;
import dev.parley.social.api.MediaContent;

/**
 * A file of the host's attachment store as a platform uploads it: the stored type and size, the
 * bytes read afresh from the store at each {@link #open()} (a retried upload reads them again).
 */
record StoredMedia(AttachmentStore store, AttachmentStore.StoredFile file, Optional<String> fileName)
        implements MediaContent {

    private static final java.util.Map<String, String> EXTENSIONS = java.util.Map.ofEntries(
            java.util.Map.entry("image/jpeg", "jpg"), java.util.Map.entry("image/png", "png"),
            java.util.Map.entry("image/gif", "gif"), java.util.Map.entry("image/webp", "webp"),
            java.util.Map.entry("video/mp4", "mp4"), java.util.Map.entry("audio/ogg", "ogg"),
            java.util.Map.entry("audio/mpeg", "mp3"), java.util.Map.entry("application/pdf", "pdf"),
            java.util.Map.entry("text/plain", "txt"));

    /** The name the agent gave it, else {@code attachment-<id>} with the extension of its type (a document's name on the phone). */
    StoredMedia {
        fileName = fileName.filter(n -> !n.isBlank()).or(() -> Optional.of("attachment-" + file.id()
                + Optional.ofNullable(EXTENSIONS.get(file.mediaType())).map(e -> "." + e).orElse("")));
    }

    @Override
    public String mediaType() {
        return file.mediaType();
    }

    @Override
    public long size() {
        return file.size();
    }

    @Override
    public InputStream open() throws IOException {
        return store.openStored(file.id());
    }
}
