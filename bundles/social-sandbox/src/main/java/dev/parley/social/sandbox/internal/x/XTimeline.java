package dev.parley.social.sandbox.internal.x;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the simulated X knows: users, tweets and DM events, so the listing endpoints return what
 * webhooks reported and the send endpoints can apply X's rules (who may be DMed, duplicate tweets).
 * Listings are newest first with opaque pagination tokens, as on X.
 */
final class XTimeline {

    private final XAccount account;
    private final Map<String, XUser> users = new HashMap<>();
    private final List<Tweet> tweets = new ArrayList<>();
    private final List<DirectMessage> directMessages = new ArrayList<>();
    private final Set<String> dmSenders = new HashSet<>();
    private final Set<String> tweetFingerprints = new HashSet<>();

    XTimeline(XAccount account) {
        this.account = account;
        users.put(account.userId(), account.asUser());
    }

    synchronized void remember(XUser user) {
        XUser known = users.get(user.id());
        // a later post that does not say whether the user takes DMs keeps what an earlier one said
        users.put(user.id(), known != null && known.receivesYourDm() && !user.receivesYourDm()
                ? new XUser(user.id(), user.handle(), user.name(), user.followers(), user.verified(), true)
                : user);
    }

    synchronized Optional<XUser> user(String id) {
        return Optional.ofNullable(users.get(id));
    }

    synchronized Optional<Tweet> tweet(String id) {
        return tweets.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    synchronized void add(Tweet tweet) {
        tweets.add(tweet);
    }

    /**
     * Records the account's own tweet unless the same text already went out as a reply to the same
     * tweet: X refuses such a duplicate, which is what a naive retry after a timeout runs into.
     */
    synchronized boolean addOwnTweet(Tweet tweet) {
        if (!tweetFingerprints.add(tweet.text() + "\u0000" + tweet.inReplyToTweetId().orElse(""))) {
            return false;
        }
        tweets.add(tweet);
        return true;
    }

    synchronized Optional<DirectMessage> directMessage(String id) {
        return directMessages.stream().filter(dm -> dm.id().equals(id)).findFirst();
    }

    synchronized void add(DirectMessage message) {
        directMessages.add(message);
        if (!message.sender().id().equals(account.userId())) {
            dmSenders.add(message.sender().id());
        }
    }

    /** X lets the account DM someone who wrote to it or who accepts DMs from anyone. */
    synchronized boolean acceptsDirectMessages(String userId) {
        return dmSenders.contains(userId) || Optional.ofNullable(users.get(userId))
                .filter(u -> !u.id().equals(account.userId())).map(XUser::receivesYourDm).orElse(false);
    }

    synchronized TimelinePage<Tweet> mentions(Optional<String> sinceId, Optional<String> untilId, int max,
            Optional<String> paginationToken) {
        Predicate<Tweet> mention = t -> !t.author().id().equals(account.userId());
        Predicate<Tweet> window = t -> sinceId.map(s -> DirectMessage.compareIds(t.id(), s) > 0).orElse(true)
                && untilId.map(u -> DirectMessage.compareIds(t.id(), u) < 0).orElse(true);
        return TimelinePage.of(tweets.stream().filter(mention.and(window)).toList(), Tweet::id, max, paginationToken);
    }

    /** The account's own posts, newest first: what {@code GET /2/users/{id}/tweets} lists. */
    synchronized TimelinePage<Tweet> ownTweets(int max, Optional<String> paginationToken) {
        return TimelinePage.of(tweets.stream().filter(t -> t.author().id().equals(account.userId())).toList(), Tweet::id,
                max, paginationToken);
    }

    synchronized TimelinePage<DirectMessage> directMessages(int max, Optional<String> paginationToken) {
        return TimelinePage.of(List.copyOf(directMessages), DirectMessage::id, max, paginationToken);
    }

    synchronized void clear() {
        users.keySet().retainAll(Set.of(account.userId()));
        tweets.clear();
        directMessages.clear();
        dmSenders.clear();
        tweetFingerprints.clear();
    }
}
