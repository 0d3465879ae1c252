package dev.parley.social.inbox.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.parley.helpdesk.api.Attachment;
import dev.parley.social.api.MediaAttachment;

/**
 * A platform's attachments as the helpdesk keeps them: each one pending, to be downloaded into the
 * host's attachment store after the message is stored (never before: the ticket does not wait for
 * a CDN). Only a real MIME type is kept as the media type; a platform's word ("image", "photo",
 * "sticker") says nothing about the bytes, so until they are read the type is unknown.
 */
final class InboundAttachments {

    private static final Pattern MIME = Pattern.compile("[a-z]+/[a-z0-9][a-z0-9.+-]*");

    private InboundAttachments() {
    }

    static List<Attachment> of(List<MediaAttachment> media) {
        return media.stream().map(a -> Attachment.pending(mediaType(a.mediaType()), a.url())).toList();
    }

    static String mediaType(String platformType) {
        String type = platformType.strip().toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        type = semicolon < 0 ? type : type.substring(0, semicolon).strip();
        return MIME.matcher(type).matches() ? type : Attachment.UNKNOWN_MEDIA_TYPE;
    }
}
