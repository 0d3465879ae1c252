package dev.parley.social.telegram.internal;

import java.util.List;
import java.util.Locale;

import dev.parley.social.api.MediaLimit;

/**
 * How a bot uploads a file, by the Bot API's limits: a JPEG or PNG up to 10 MB as a photo ({@code
 * sendPhoto}, field {@code photo}); anything else, and a larger image, as a document ({@code
 * sendDocument}, field {@code document}) up to 50 MB, Telegram's limit for files a bot sends by
 * upload. A caption holds at most 1,024 characters.
 */
final class TelegramMedia {

    static final long MB = 1024L * 1024L;
    static final long PHOTO_MAX = 10 * MB;
    static final long DOCUMENT_MAX = 50 * MB;
    static final int CAPTION_MAX = 1_024;

    /** For the messaging policy: documents of any type; photos are documents' subset. */
    static final List<MediaLimit> LIMITS = List.of(new MediaLimit("*/*", DOCUMENT_MAX, "document"));

    record Method(String name, String field) {
    }

    private TelegramMedia() {
    }

    static Method method(String mediaType, long size) {
        String type = mediaType.toLowerCase(Locale.ROOT);
        boolean photo = (type.equals("image/jpeg") || type.equals("image/png")) && size <= PHOTO_MAX;
        return photo ? new Method("sendPhoto", "photo") : new Method("sendDocument", "document");
    }
}
