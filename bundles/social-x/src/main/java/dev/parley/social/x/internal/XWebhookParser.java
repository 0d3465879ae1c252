package dev.parley.social.x.internal;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.MediaAttachment;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialAuthor;

/**
 * X Account Activity webhook bodies to normalized messages: {@code tweet_create_events} (public
 * mentions and replies, v1.1 Tweet objects) and {@code direct_message_events}. Our own tweets and
 * DMs come back as ECHO; activity that is never a customer message (likes, follows, typing, read
 * receipts, deletes) is left out; any other event kind is UNSUPPORTED with its key as raw type.
 */
public final class XWebhookParser {

    public static final String PLATFORM = "x";
    public static final String CHANNEL = "x";

    private static final DateTimeFormatter V11_TIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy",
            Locale.ROOT);
    private static final Set<String> ENVELOPE = Set.of("for_user_id", "user_has_blocked", "users", "apps", "source");
    private static final Set<String> NOT_CUSTOMER_MESSAGES = Set.of("favorite_events", "follow_events",
            "unfollow_events", "block_events", "unblock_events", "mute_events", "unmute_events", "user_event",
            "tweet_delete_events", "direct_message_indicate_typing_events", "direct_message_mark_read_events");

    public List<InboundMessage> parse(SocialAccount account, byte[] body) {
        JsonNode root = Json.object(body, "X webhook body");
        String forUser = Json.text(root, "for_user_id").orElse(account.accountId());
        List<InboundMessage> messages = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (ENVELOPE.contains(key) || NOT_CUSTOMER_MESSAGES.contains(key)) {
                continue;
            }
            JsonNode events = field.getValue();
            if (!events.isArray()) {
                throw new MalformedEventException("'" + key + "' must be an array of events");
            }
            for (JsonNode event : events) {
                switch (key) {
                    case "tweet_create_events" -> messages.add(tweet(account, forUser, event));
                    case "direct_message_events" -> messages.add(directMessage(account, forUser, event, root.path("users")));
                    default -> messages.add(unsupported(account, key, event));
                }
            }
        }
        return messages;
    }

    private InboundMessage tweet(SocialAccount account, String forUser, JsonNode tweet) {
        String id = Json.text(tweet, "id_str").or(() -> Json.text(tweet, "id"))
                .orElseThrow(() -> new MalformedEventException("a tweet_create_event has no id_str"));
        JsonNode user = tweet.path("user");
        SocialAuthor author = v11User(user);
        if (tweet.has("retweeted_status")) {
            return new InboundMessage(PLATFORM, account.name(), CHANNEL, "tweet:" + id, id, MessageKind.UNSUPPORTED,
                    Optional.of("retweet"), author, text(tweet), List.of(), MessageVisibility.PUBLIC, Optional.empty(),
                    v11Time(tweet));
        }
        Optional<String> inReplyTo = Json.text(tweet, "in_reply_to_status_id_str");
        String root = Json.text(tweet, "conversation_id_str").or(() -> inReplyTo).orElse(id);
        MessageKind kind = author.platformId().equals(forUser) ? MessageKind.ECHO : MessageKind.COMMENT;
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, "tweet:" + root, id, kind,
                Optional.of("tweet_create_events"), author, text(tweet), media(tweet), MessageVisibility.PUBLIC,
                inReplyTo, v11Time(tweet));
    }

    private static String text(JsonNode tweet) {
        return Json.text(tweet.path("extended_tweet"), "full_text").or(() -> Json.text(tweet, "full_text"))
                .or(() -> Json.text(tweet, "text")).orElse("");
    }

    private static List<MediaAttachment> media(JsonNode tweet) {
        JsonNode extended = tweet.path("extended_tweet").path("extended_entities").path("media");
        JsonNode media = extended.isArray() ? extended : tweet.path("extended_entities").path("media");
        if (!media.isArray()) {
            media = tweet.path("entities").path("media");
        }
        List<MediaAttachment> attachments = new ArrayList<>();
        for (JsonNode item : media) {
            Json.text(item, "media_url_https").or(() -> Json.text(item, "media_url"))
                    .ifPresent(url -> attachments.add(new MediaAttachment(Json.text(item, "type").orElse("photo"), url)));
        }
        return attachments;
    }

    private InboundMessage directMessage(SocialAccount account, String forUser, JsonNode event, JsonNode users) {
        String id = Json.text(event, "id")
                .orElseThrow(() -> new MalformedEventException("a direct_message_event has no id"));
        String type = Json.text(event, "type").orElse("");
        Instant created = Json.number(event, "created_timestamp").stream().mapToObj(Instant::ofEpochMilli).findFirst()
                .orElseGet(Instant::now);
        JsonNode create = event.path("message_create");
        if (!type.equals("message_create") || !create.isObject()) {
            return new InboundMessage(PLATFORM, account.name(), CHANNEL, "dm-event:" + id, id, MessageKind.UNSUPPORTED,
                    Optional.of("direct_message_events." + (type.isEmpty() ? "unknown" : type)), SocialAuthor.of(forUser),
                    "", List.of(), MessageVisibility.PRIVATE, Optional.empty(), created);
        }
        String sender = Json.text(create, "sender_id")
                .orElseThrow(() -> new MalformedEventException("direct message " + id + " has no sender_id"));
        String recipient = Json.text(create.path("target"), "recipient_id").orElse(forUser);
        JsonNode data = create.path("message_data");
        List<MediaAttachment> attachments = new ArrayList<>();
        JsonNode media = data.path("attachment").path("media");
        Json.text(media, "media_url_https").ifPresent(url -> attachments.add(
                new MediaAttachment(Json.text(media, "type").orElse("photo"), url)));
        MessageKind kind = sender.equals(forUser) ? MessageKind.ECHO : MessageKind.MESSAGE;
        SocialAuthor author = users.has(sender) ? v11User(users.path(sender)) : SocialAuthor.of(sender);
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, dmConversation(sender, recipient), id, kind,
                Optional.of("direct_message_events"), author, Json.text(data, "text").orElse(""), attachments,
                MessageVisibility.PRIVATE, Optional.empty(), created);
    }

    /** X's 1:1 conversation id: {@code smaller-larger} of the two numeric user ids. */
    public static String dmConversation(String userA, String userB) {
        boolean aFirst = userA.length() != userB.length() ? userA.length() < userB.length() : userA.compareTo(userB) <= 0;
        return "dm:" + (aFirst ? userA + "-" + userB : userB + "-" + userA);
    }

    private InboundMessage unsupported(SocialAccount account, String key, JsonNode event) {
        String id = key + ":" + Json.text(event, "id_str").or(() -> Json.text(event, "id")).orElseGet(() -> Json.digest(event));
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, id, id, MessageKind.UNSUPPORTED, Optional.of(key),
                SocialAuthor.of(account.accountId()), "", List.of(), MessageVisibility.PRIVATE, Optional.empty(),
                Instant.now());
    }

    /** A v1.1 user object ({@code id_str, screen_name, name, followers_count, verified}). */
    static SocialAuthor v11User(JsonNode user) {
        String id = Json.text(user, "id_str").or(() -> Json.text(user, "id"))
                .orElseThrow(() -> new MalformedEventException("an X user object has no id"));
        OptionalLong followers = Json.number(user, "followers_count");
        return new SocialAuthor(id, Json.text(user, "screen_name"), Json.text(user, "name"), followers,
                Json.flag(user, "verified"), Optional.empty());
    }

    private static Instant v11Time(JsonNode tweet) {
        OptionalLong millis = Json.number(tweet, "timestamp_ms");
        if (millis.isPresent()) {
            return Instant.ofEpochMilli(millis.getAsLong());
        }
        try {
            return Json.text(tweet, "created_at").map(t -> ZonedDateTime.parse(t, V11_TIME).toInstant())
                    .orElseGet(Instant::now);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }
}
