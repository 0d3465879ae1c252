package dev.parley.social.sandbox.internal.x;

import java.time.Instant;

/**
 * A DM event between the account and a customer.
 *
 * @param sentThroughApi true for the account's own sends, which X reports with a source app
 */
public record DirectMessage(String id, String conversationId, XUser sender, XUser recipient, String text,
        Instant createdAt, boolean sentThroughApi) {

    /** X's 1:1 conversation id: the two user ids, smaller first. */
    static String conversationId(String a, String b) {
        return compareIds(a, b) <= 0 ? a + "-" + b : b + "-" + a;
    }

    static int compareIds(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
