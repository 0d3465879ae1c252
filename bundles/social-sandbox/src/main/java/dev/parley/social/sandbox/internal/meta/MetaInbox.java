package dev.parley.social.sandbox.internal.meta;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the simulated page knows: its customers, when each last wrote (the start of the messaging
 * window), and the comments it may answer, publicly or once privately.
 */
final class MetaInbox {

    private final Map<String, MetaUser> users = new HashMap<>();
    private final Map<String, Instant> lastCustomerMessage = new HashMap<>();
    private final Map<String, PageComment> comments = new HashMap<>();
    private final Set<String> privatelyAnswered = new HashSet<>();
    private final Map<String, IgMention> mentions = new HashMap<>();

    synchronized void remember(MetaUser user) {
        users.put(user.id(), user);
    }

    synchronized Optional<MetaUser> user(String id) {
        return Optional.ofNullable(users.get(id));
    }

    synchronized void customerWrote(String userId, Instant at) {
        lastCustomerMessage.merge(userId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    synchronized Optional<Instant> lastCustomerMessage(String userId) {
        return Optional.ofNullable(lastCustomerMessage.get(userId));
    }

    synchronized void add(PageComment comment) {
        comments.put(comment.id(), comment);
    }

    synchronized Optional<PageComment> comment(String id) {
        return Optional.ofNullable(comments.get(id));
    }

    /** Marks the comment privately answered; false when it already was (Meta allows one). */
    synchronized boolean answerPrivately(String commentId) {
        return privatelyAnswered.add(commentId);
    }

    /** Keyed by its comment id, or its media id for a caption mention (as the Graph API finds them). */
    synchronized void add(IgMention mention) {
        mentions.put(mention.commentId().orElse("media:" + mention.mediaId()), mention);
    }

    synchronized Optional<IgMention> mentionInComment(String commentId) {
        return Optional.ofNullable(mentions.get(commentId));
    }

    synchronized Optional<IgMention> mentionInCaption(String mediaId) {
        return Optional.ofNullable(mentions.get("media:" + mediaId));
    }

    synchronized void clear() {
        mentions.clear();
        users.clear();
        lastCustomerMessage.clear();
        comments.clear();
        privatelyAnswered.clear();
    }
}
