package dev.parley.social.connector.internal.outbound;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.parley.helpdesk.api.Attachment;
import dev.parley.helpdesk.api.PolicyViolationException;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.social.api.MediaLimit;

/**
 * What each channel accepts in one message: text length and attachments by type, size and
 * count, as the platforms document them (X: 280 characters per post, 10,000 per DM, one DM
 * attachment, four images per post; Messenger 2,000 characters, Instagram 1,000, WhatsApp 4,096; media sizes
 * from the platforms' upload limits).
 */
final class PlatformLimits {

    private record Media(long maxBytes) {
    }

    private static final long MB = 1024L * 1024L;

    private static final Map<String, Media> X_MEDIA = Map.of("image/jpeg", new Media(5 * MB), "image/png",
            new Media(5 * MB), "image/webp", new Media(5 * MB), "image/gif", new Media(15 * MB), "video/mp4",
            new Media(512 * MB));
    private static final Map<String, Media> META_MEDIA = Map.of("image/jpeg", new Media(8 * MB), "image/png",
            new Media(8 * MB), "image/gif", new Media(8 * MB), "video/mp4", new Media(25 * MB), "audio/mpeg",
            new Media(25 * MB), "audio/mp4", new Media(25 * MB), "application/pdf", new Media(25 * MB));

    private PlatformLimits() {
    }

    static int maxLength(String channel, Visibility visibility) {
        return switch (channel) {
            case "x" -> visibility == Visibility.PUBLIC ? 280 : 10_000;
            case "messenger" -> 2_000;
            case "instagram" -> visibility == Visibility.PUBLIC ? 2_200 : 1_000;
            case "whatsapp" -> 4_096;
            case "telegram" -> 4_096; // sendMessage's text limit
            default -> 8_000; // Facebook Page comments
        };
    }

    static void checkText(String channel, Visibility visibility, String text) {
        int length = text.codePointCount(0, text.length());
        int max = maxLength(channel, visibility);
        if (length > max) {
            String where = visibility == Visibility.PUBLIC ? "a public " + channel + " reply" : "a " + channel + " DM";
            throw new PolicyViolationException("too-long", "the reply has " + length + " characters; " + where
                    + " takes at most " + max,
                    visibility == Visibility.PUBLIC && channel.equals("x")
                            ? "shorten it to " + max + " characters, or continue in a DM where longer messages fit"
                            : "shorten it to " + max + " characters or send it as two messages");
        }
    }

    static void checkAttachments(String channel, Visibility visibility, List<Attachment> attachments) {
        checkAttachments(channel, visibility, attachments, List.of());
    }

    /**
     * The attachments against the platform's own {@code limits} ({@link
     * dev.parley.social.api.SocialPlatform#outgoingMedia}) when it gives them, else this table's.
     */
    static void checkAttachments(String channel, Visibility visibility, List<Attachment> attachments,
            List<MediaLimit> limits) {
        if (attachments.isEmpty()) {
            return;
        }
        boolean x = channel.equals("x");
        int maxCount = x ? (visibility == Visibility.PUBLIC ? 4 : 1) : 1;
        if (attachments.size() > maxCount) {
            throw new PolicyViolationException("attachment-not-allowed", "a " + channel + " "
                    + visibility.name().toLowerCase(Locale.ROOT) + " message takes at most " + maxCount
                    + " attachment(s), not " + attachments.size(), "send the others in further messages");
        }
        if (!limits.isEmpty()) {
            attachments.forEach(a -> checkAgainst(channel, a, limits));
            return;
        }
        for (Attachment a : attachments) {
            if (a.id().isPresent()) {
                // a platform that lists no media limits sends files by link, and Parley's own URL is no public link
                throw new PolicyViolationException("attachment-not-allowed", channel + " sends files by their public "
                        + "link only, so a file from Parley's attachment store (attachment " + a.id().get()
                        + ") cannot be sent there", "share a public link to the file instead");
            }
        }
        Map<String, Media> accepted = x ? X_MEDIA : META_MEDIA;
        for (Attachment a : attachments) {
            Media media = accepted.get(a.mediaType().toLowerCase(Locale.ROOT));
            if (media == null) {
                throw new PolicyViolationException("attachment-not-allowed", channel + " does not accept attachments of "
                        + "type " + a.mediaType(), "send one of " + String.join(", ", accepted.keySet().stream()
                                .sorted().toList()) + ", or share a link in the text");
            }
            Optional<Long> size = a.size().or(a::sizeBytes);
            if (size.isPresent() && size.get() > media.maxBytes()) {
                throw new PolicyViolationException("attachment-not-allowed", "the " + a.mediaType() + " attachment has "
                        + size.get() + " bytes; " + channel + " takes at most " + media.maxBytes(),
                        "compress it or share a link in the text");
            }
        }
    }

    private static void checkAgainst(String channel, Attachment a, List<MediaLimit> limits) {
        Optional<MediaLimit> limit = limits.stream().filter(l -> l.matches(a.mediaType())).findFirst();
        if (limit.isEmpty()) {
            throw new PolicyViolationException("attachment-not-allowed", channel + " does not accept attachments of "
                    + "type " + a.mediaType(), "send one of " + limits.stream().map(l -> l.mediaType() + " ("
                            + l.kind() + ", up to " + readable(l.maxBytes()) + ")").distinct()
                            .collect(java.util.stream.Collectors.joining(", ")) + ", or share a link in the text");
        }
        Optional<Long> size = a.size().or(a::sizeBytes);
        if (size.isPresent() && size.get() > limit.get().maxBytes()) {
            throw new PolicyViolationException("attachment-not-allowed", "the " + a.mediaType() + " attachment has "
                    + size.get() + " bytes (" + readable(size.get()) + "); " + channel + " takes a " + limit.get().kind()
                    + " of at most " + readable(limit.get().maxBytes()), "compress it or share a link in the text");
        }
    }

    private static String readable(long bytes) {
        if (bytes >= MB && bytes % MB == 0) {
            return bytes / MB + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }
}
