package dev.parley.social.sandbox.internal.x;

import java.time.Instant;
import java.util.Optional;

/** A tweet in the sandbox timeline: a customer mention or one of the account's own replies. */
public record Tweet(String id, String text, XUser author, Optional<String> inReplyToTweetId,
        Optional<XUser> inReplyToUser, String conversationId, Instant createdAt) {
}
