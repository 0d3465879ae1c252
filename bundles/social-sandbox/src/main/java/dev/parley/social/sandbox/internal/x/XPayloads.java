package dev.parley.social.sandbox.internal.x;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.sandbox.internal.wire.WireJson;
import dev.parley.social.sandbox.internal.wire.WireTime;

/**
 * X's JSON shapes: Account Activity webhooks carry v1.1 objects (tweets with {@code id_str},
 * {@code created_at} like {@code Wed Oct 10 20:19:24 +0000 2018}), the v2 API returns only the
 * default fields unless {@code tweet.fields} / {@code dm_event.fields} / {@code user.fields} ask
 * for more, exactly so a client that forgets to ask is caught here.
 */
final class XPayloads {

    /** The app id X reports as {@code source_app_id} on DMs the account sent through the API. */
    static final String SOURCE_APP_ID = "268278";
    private static final Pattern MENTION = Pattern.compile("@([A-Za-z0-9_]{1,15})");

    private final WireJson json;

    XPayloads(WireJson json) {
        this.json = json;
    }

    ObjectNode tweetCreateEvents(XAccount account, Tweet tweet) {
        ObjectNode root = json.object().put("for_user_id", account.userId()).put("user_has_blocked", "false");
        root.putArray("tweet_create_events").add(tweetV11(account, tweet));
        return root;
    }

    ObjectNode tweetV11(XAccount account, Tweet tweet) {
        ObjectNode t = json.object();
        t.put("created_at", WireTime.xV11(tweet.createdAt()));
        t.put("id", Long.parseLong(tweet.id()));
        t.put("id_str", tweet.id());
        t.put("text", tweet.text());
        t.put("source", "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>");
        t.put("truncated", false);
        if (tweet.inReplyToTweetId().isPresent()) {
            t.put("in_reply_to_status_id", Long.parseLong(tweet.inReplyToTweetId().get()));
            t.put("in_reply_to_status_id_str", tweet.inReplyToTweetId().get());
        } else {
            t.putNull("in_reply_to_status_id");
            t.putNull("in_reply_to_status_id_str");
        }
        if (tweet.inReplyToUser().isPresent()) {
            XUser to = tweet.inReplyToUser().get();
            t.put("in_reply_to_user_id", Long.parseLong(to.id()));
            t.put("in_reply_to_user_id_str", to.id());
            t.put("in_reply_to_screen_name", to.handle());
        } else {
            t.putNull("in_reply_to_user_id");
            t.putNull("in_reply_to_user_id_str");
            t.putNull("in_reply_to_screen_name");
        }
        t.set("user", userV11(tweet.author()));
        t.putNull("geo");
        t.putNull("coordinates");
        t.putNull("place");
        t.put("is_quote_status", false);
        t.put("quote_count", 0).put("reply_count", 0).put("retweet_count", 0).put("favorite_count", 0);
        t.set("entities", entities(account, tweet.text()));
        t.put("favorited", false).put("retweeted", false).put("filter_level", "low").put("lang", "en");
        t.put("timestamp_ms", Long.toString(tweet.createdAt().toEpochMilli()));
        return t;
    }

    ObjectNode userV11(XUser user) {
        return json.object()
                .put("id", Long.parseLong(user.id()))
                .put("id_str", user.id())
                .put("name", user.name())
                .put("screen_name", user.handle())
                .put("protected", false)
                .put("verified", user.verified())
                .put("followers_count", user.followers())
                .put("friends_count", 100)
                .put("statuses_count", 1_000)
                .put("profile_image_url_https", "https://pbs.twimg.com/profile_images/sandbox/" + user.id() + "_normal.jpg");
    }

    private ObjectNode entities(XAccount account, String text) {
        ObjectNode entities = json.object();
        entities.putArray("hashtags");
        entities.putArray("urls");
        entities.putArray("symbols");
        ArrayNode mentions = entities.putArray("user_mentions");
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            ObjectNode mention = mentions.addObject().put("screen_name", m.group(1));
            if (m.group(1).equalsIgnoreCase(account.handle())) {
                mention.put("name", account.displayName()).put("id", Long.parseLong(account.userId()))
                        .put("id_str", account.userId());
            }
            mention.putArray("indices").add(text.codePointCount(0, m.start())).add(text.codePointCount(0, m.end()));
        }
        return entities;
    }

    ObjectNode directMessageEvents(XAccount account, DirectMessage dm) {
        return directMessageEvents(account, dm, "");
    }

    /**
     * A DM as Account Activity delivers it; a picture comes as {@code message_data.attachment} of
     * type media whose {@code media_url_https} is on ton.twitter.com ({@code apiBase} stands in for
     * it), with the t.co link X appends to the text.
     */
    ObjectNode directMessageEvents(XAccount account, DirectMessage dm, String apiBase) {
        ObjectNode root = json.object().put("for_user_id", account.userId());
        ObjectNode event = root.putArray("direct_message_events").addObject()
                .put("type", "message_create")
                .put("id", dm.id())
                .put("created_timestamp", Long.toString(dm.createdAt().toEpochMilli()));
        ObjectNode create = event.putObject("message_create");
        create.putObject("target").put("recipient_id", dm.recipient().id());
        create.put("sender_id", dm.sender().id());
        if (dm.sentThroughApi()) {
            create.put("source_app_id", SOURCE_APP_ID);
        }
        String text = dm.media().isPresent() ? (dm.text() + " https://t.co/sndbx" + dm.media().get().id().substring(0, 4))
                .strip() : dm.text();
        ObjectNode data = create.putObject("message_data").put("text", text);
        data.set("entities", entities(account, text));
        dm.media().ifPresent(media -> {
            String url = apiBase + media.path(dm.id());
            ObjectNode m = data.putObject("attachment").put("type", "media").putObject("media")
                    .put("id", Long.parseLong(media.id())).put("id_str", media.id())
                    .put("media_url", url).put("media_url_https", url)
                    .put("url", "https://t.co/sndbx" + media.id().substring(0, 4))
                    .put("display_url", "pic.twitter.com/sndbx" + media.id().substring(0, 4))
                    .put("expanded_url", "https://twitter.com/messages/media/" + dm.id()).put("type", "photo");
            m.putObject("sizes").putObject("large").put("w", 1).put("h", 1).put("resize", "fit");
        });
        if (dm.sentThroughApi()) {
            root.putObject("apps").putObject(SOURCE_APP_ID).put("id", SOURCE_APP_ID).put("name", "Parley")
                    .put("url", "https://parley.dev");
        }
        ObjectNode users = root.putObject("users");
        for (XUser user : new XUser[] {dm.sender(), dm.recipient()}) {
            users.putObject(user.id())
                    .put("id", user.id())
                    .put("created_timestamp", "1422556069340")
                    .put("name", user.name())
                    .put("screen_name", user.handle())
                    .put("protected", false)
                    .put("verified", user.verified())
                    .put("followers_count", user.followers())
                    .put("friends_count", 100)
                    .put("statuses_count", 1_000)
                    .put("profile_image_url", "http://pbs.twimg.com/profile_images/sandbox/" + user.id() + "_normal.jpg")
                    .put("profile_image_url_https", "https://pbs.twimg.com/profile_images/sandbox/" + user.id() + "_normal.jpg");
        }
        return root;
    }

    ObjectNode tweetV2(Tweet tweet, Set<String> fields) {
        ObjectNode t = json.object().put("id", tweet.id()).put("text", tweet.text());
        t.putArray("edit_history_tweet_ids").add(tweet.id());
        if (fields.contains("author_id")) {
            t.put("author_id", tweet.author().id());
        }
        if (fields.contains("created_at")) {
            t.put("created_at", WireTime.xV2(tweet.createdAt()));
        }
        if (fields.contains("conversation_id")) {
            t.put("conversation_id", tweet.conversationId());
        }
        if (fields.contains("in_reply_to_user_id") && tweet.inReplyToUser().isPresent()) {
            t.put("in_reply_to_user_id", tweet.inReplyToUser().get().id());
        }
        if (fields.contains("referenced_tweets") && tweet.inReplyToTweetId().isPresent()) {
            t.putArray("referenced_tweets").addObject().put("type", "replied_to")
                    .put("id", tweet.inReplyToTweetId().get());
        }
        if (fields.contains("lang")) {
            t.put("lang", "en");
        }
        return t;
    }

    ObjectNode dmEventV2(DirectMessage dm, Set<String> fields) {
        ObjectNode e = json.object().put("id", dm.id()).put("event_type", "MessageCreate").put("text", dm.text());
        if (fields.contains("created_at")) {
            e.put("created_at", WireTime.xV2(dm.createdAt()));
        }
        if (fields.contains("sender_id")) {
            e.put("sender_id", dm.sender().id());
        }
        if (fields.contains("dm_conversation_id")) {
            e.put("dm_conversation_id", dm.conversationId());
        }
        if (fields.contains("participant_ids")) {
            e.putArray("participant_ids").add(dm.sender().id()).add(dm.recipient().id());
        }
        return e;
    }

    ObjectNode userV2(XUser user, Set<String> fields) {
        ObjectNode u = json.object().put("id", user.id()).put("name", user.name()).put("username", user.handle());
        if (fields.contains("verified")) {
            u.put("verified", user.verified());
        }
        if (fields.contains("public_metrics")) {
            u.putObject("public_metrics").put("followers_count", user.followers()).put("following_count", 100)
                    .put("tweet_count", 1_000).put("listed_count", 0);
        }
        if (fields.contains("receives_your_dm")) {
            u.put("receives_your_dm", user.receivesYourDm());
        }
        if (fields.contains("profile_image_url")) {
            u.put("profile_image_url", "https://pbs.twimg.com/profile_images/sandbox/" + user.id() + "_normal.jpg");
        }
        return u;
    }
}
