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
import dev.parley.social.kit.Json;

/**
 * X Account Activity webhook bodies to normalized messages: {@code tweet_create_events} (public
 * mentions, replies and quotes, v1.1 Tweet objects, extended text and media with the best video
 * variant) and {@code direct_message_events} (names from the {@code users} map). Our own tweets
 * and DMs, and those sent from X's app or another tool, come back as ECHO (with {@code
 * source_app_id}); {@code tweet_delete_events} retract the stored tweet; typing indicators and read
 * receipts are left out; likes, follows, retweets without text and any other event kind are
 * UNSUPPORTED with their key as raw type: acknowledged and counted, never a ticket.
 */
public final class XWebhookParser {

    public static final String PLATFORM = "x";
    public static final String CHANNEL = "x";

    private static final DateTimeFormatter V11_TIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy",
            Locale.ROOT);
    private static final Set<String> ENVELOPE = Set.of("for_user_id", "user_has_blocked", "users", "apps", "source");
    /** Left out quietly: they say nothing about a conversation and come by the thousand. */
    private static final Set<String> NOT_CUSTOMER_MESSAGES = Set.of("direct_message_indicate_typing_events",
            "direct_message_mark_read_events");

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
                    case "tweet_delete_events" -> messages.add(delete(account, event));
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
            // a retweet adds no words of its own: counted, never a ticket (a quote tweet is a comment below)
            return new InboundMessage(PLATFORM, account.name(), CHANNEL, "retweet:" + id, "retweet:" + id,
                    MessageKind.UNSUPPORTED, Optional.of("retweet"), author, "", List.of(), MessageVisibility.PUBLIC,
                    Optional.empty(), v11Time(tweet));
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
            attachment(item).ifPresent(attachments::add);
        }
        return attachments;
    }

    /**
     * A photo as its picture; a video or animated GIF as its best MP4 variant by bitrate (the
     * {@code media_url_https} of a video is only its preview picture), falling back to any variant.
     */
    static Optional<MediaAttachment> attachment(JsonNode item) {
        String type = Json.text(item, "type").orElse("photo");
        JsonNode variants = item.path("video_info").path("variants");
        if (variants.isArray() && !variants.isEmpty()) {
            JsonNode best = null;
            long bestRate = -1;
            for (JsonNode v : variants) {
                boolean mp4 = Json.text(v, "content_type").orElse("").equals("video/mp4");
                long rate = mp4 ? Json.number(v, "bitrate").orElse(0) : -1;
                if (Json.text(v, "url").isPresent() && (best == null || rate > bestRate)) {
                    best = v;
                    bestRate = rate;
                }
            }
            if (best != null) {
                String mediaType = type.equals("animated_gif") ? "animated_gif" : "video";
                return Optional.of(new MediaAttachment(mediaType, Json.text(best, "url").get()));
            }
        }
        return Json.text(item, "media_url_https").or(() -> Json.text(item, "media_url"))
                .map(url -> new MediaAttachment(type, url));
    }

    /** {@code tweet_delete_events}: the author deleted a tweet; the stored one is retracted, never a new message. */
    private InboundMessage delete(SocialAccount account, JsonNode event) {
        JsonNode status = event.path("status");
        String id = Json.text(status, "id_str").or(() -> Json.text(status, "id"))
                .orElseThrow(() -> new MalformedEventException("a tweet_delete_event has no status.id"));
        String user = Json.text(status, "user_id_str").or(() -> Json.text(status, "user_id")).orElse("unknown");
        Instant at = Json.number(event, "timestamp_ms").stream().mapToObj(Instant::ofEpochMilli).findFirst()
                .orElseGet(Instant::now);
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, "tweet:" + id, "delete:" + id,
                MessageKind.RETRACTION, Optional.of("tweet_delete_events"), SocialAuthor.of(user), "", List.of(),
                MessageVisibility.PUBLIC, Optional.empty(), at, Map.of(InboundMessage.TARGET_ID, id));
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
        if (media.isObject()) {
            attachment(media).ifPresent(attachments::add);
        }
        MessageKind kind = sender.equals(forUser) ? MessageKind.ECHO : MessageKind.MESSAGE;
        SocialAuthor author = users.has(sender) ? v11User(users.path(sender)) : SocialAuthor.of(sender);
        Map<String, String> properties = kind == MessageKind.ECHO
                ? Json.text(create, "source_app_id").map(app -> Map.of(InboundMessage.ORIGIN_APP, app)).orElse(Map.of())
                : Map.of();
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, dmConversation(sender, recipient), id, kind,
                Optional.of("direct_message_events"), author, Json.text(data, "text").orElse(""), attachments,
                MessageVisibility.PRIVATE, Optional.empty(), created, properties);
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
