package dev.parley.social.sandbox.internal.x;

import java.time.Instant;
import java.util.Optional;

/**
 * A DM event between the account and a customer.
 *
 * @param sentThroughApi true for the account's own sends, which X reports with a source app
 * @param media the picture attached, served (to signed requests) from the ton stand-in
 */
public record DirectMessage(String id, String conversationId, XUser sender, XUser recipient, String text,
        Instant createdAt, boolean sentThroughApi, Optional<Media> media) {

    /** A DM's picture: X's media id and the sandbox file (SandboxMedia) behind it. */
    public record Media(String id, String file) {

        /** The path X serves it under: {@code /1.1/ton/data/dm/<dm id>/<media id>/<file>}. */
        String path(String dmId) {
            return "/1.1/ton/data/dm/" + dmId + "/" + id + "/" + file;
        }
    }

    public DirectMessage {
        media = media == null ? Optional.empty() : media;
    }

    public DirectMessage(String id, String conversationId, XUser sender, XUser recipient, String text,
            Instant createdAt, boolean sentThroughApi) {
        this(id, conversationId, sender, recipient, text, createdAt, sentThroughApi, Optional.empty());
    }

    /** X's 1:1 conversation id: the two user ids, smaller first. */
    static String conversationId(String a, String b) {
        return compareIds(a, b) <= 0 ? a + "-" + b : b + "-" + a;
    }

    static int compareIds(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
