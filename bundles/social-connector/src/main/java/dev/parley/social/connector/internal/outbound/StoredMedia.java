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
