package dev.parley.social.whatsapp.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.parley.social.api.MediaLimit;

/**
 * The files the Cloud API sends and their documented size limits (the media API's supported
 * types): images JPEG/PNG up to 5 MB; video MP4/3GPP and audio AAC/AMR/MP3/M4A/OGG (Opus) up to
 * 16 MB; documents (PDF, plain text, Word, Excel, PowerPoint) up to 100 MB; stickers WebP up to
 * 500 KB (animated; a static one up to 100 KB, which WhatsApp itself checks). Images, videos and
 * documents carry the text as their caption; audio and stickers take none.
 */
final class WhatsAppMedia {

    private static final long KB = 1024L;
    private static final long MB = 1024L * KB;

    static final List<MediaLimit> LIMITS = List.of(
            new MediaLimit("image/jpeg", 5 * MB, "image"),
            new MediaLimit("image/png", 5 * MB, "image"),
            new MediaLimit("image/webp", 500 * KB, "sticker"),
            new MediaLimit("video/mp4", 16 * MB, "video"),
            new MediaLimit("video/3gpp", 16 * MB, "video"),
            new MediaLimit("audio/aac", 16 * MB, "audio"),
            new MediaLimit("audio/amr", 16 * MB, "audio"),
            new MediaLimit("audio/mpeg", 16 * MB, "audio"),
            new MediaLimit("audio/mp4", 16 * MB, "audio"),
            new MediaLimit("audio/ogg", 16 * MB, "audio"),
            new MediaLimit("application/pdf", 100 * MB, "document"),
            new MediaLimit("text/plain", 100 * MB, "document"),
            new MediaLimit("application/msword", 100 * MB, "document"),
            new MediaLimit("application/vnd.openxmlformats-officedocument.wordprocessingml.document", 100 * MB, "document"),
            new MediaLimit("application/vnd.ms-excel", 100 * MB, "document"),
            new MediaLimit("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 100 * MB, "document"),
            new MediaLimit("application/vnd.ms-powerpoint", 100 * MB, "document"),
            new MediaLimit("application/vnd.openxmlformats-officedocument.presentationml.presentation", 100 * MB,
                    "document"));

    static final Set<String> CAPTIONED = Set.of("image", "video", "document");

    private WhatsAppMedia() {
    }

    /** The message type a file of {@code mediaType} is sent as, if WhatsApp takes it. */
    static Optional<String> kind(String mediaType) {
        String type = mediaType.toLowerCase(Locale.ROOT);
        return LIMITS.stream().filter(l -> l.matches(type)).findFirst().map(MediaLimit::kind);
    }
}
