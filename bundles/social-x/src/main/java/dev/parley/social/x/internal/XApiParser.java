package dev.parley.social.x.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MediaAttachment;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialAuthor;
import dev.parley.social.kit.Json;

/**
 * X API v2 responses (mentions timeline, {@code /2/dm_events}) to the same normalized messages the
 * webhook parser produces, so polling is a full alternative to webhooks. Tolerates the fields
 * newer spec versions drop (sender_id, participant_ids, referenced_tweets).
 */
final class XApiParser {

    /** One page of a v2 list: its messages and paging facts from {@code meta}. */
    record Page(List<InboundMessage> messages, Optional<String> newestId, Optional<String> nextToken) {
    }

    Page mentions(SocialAccount account, JsonNode root) {
        Map<String, SocialAuthor> users = users(root);
        Map<String, MediaAttachment> media = media(root);
        List<InboundMessage> messages = new ArrayList<>();
        for (JsonNode tweet : root.path("data")) {
            Optional<String> id = Json.text(tweet, "id");
            if (id.isEmpty()) {
                continue;
            }
            String authorId = Json.text(tweet, "author_id").orElse("unknown");
            Optional<String> inReplyTo = Optional.empty();
            for (JsonNode ref : tweet.path("referenced_tweets")) {
                if ("replied_to".equals(ref.path("type").asText())) {
                    inReplyTo = Json.text(ref, "id");
                }
            }
            String conversation = Json.text(tweet, "conversation_id").orElse(
                    inReplyTo.orElse(id.get()));
            MessageKind kind = authorId.equals(account.accountId()) ? MessageKind.ECHO : MessageKind.COMMENT;
            messages.add(new InboundMessage(XWebhookParser.PLATFORM, account.name(), XWebhookParser.CHANNEL,
                    "tweet:" + conversation, id.get(), kind, Optional.of("mentions"),
                    users.getOrDefault(authorId, SocialAuthor.of(authorId)), Json.text(tweet, "text").orElse(""),
                    attachments(tweet, media), MessageVisibility.PUBLIC, inReplyTo, time(tweet)));
        }
        return new Page(messages, Json.text(root.path("meta"), "newest_id"), Json.text(root.path("meta"), "next_token"));
    }

    Page directMessages(SocialAccount account, JsonNode root) {
        Map<String, SocialAuthor> users = users(root);
        Map<String, MediaAttachment> media = media(root);
        List<InboundMessage> messages = new ArrayList<>();
        for (JsonNode event : root.path("data")) {
            Optional<String> id = Json.text(event, "id");
            if (id.isEmpty()) {
                continue;
            }
            String type = Json.text(event, "event_type").orElse("MessageCreate");
            Optional<String> conversationId = Json.text(event, "dm_conversation_id");
            String sender = Json.text(event, "sender_id")
                    .or(() -> conversationId.flatMap(c -> otherParticipant(c, account.accountId())))
                    .orElse("unknown");
            String key = conversationId.map(c -> "dm:" + c)
                    .orElseGet(() -> XWebhookParser.dmConversation(sender, account.accountId()));
            MessageKind kind = !type.equals("MessageCreate") ? MessageKind.UNSUPPORTED
                    : sender.equals(account.accountId()) ? MessageKind.ECHO : MessageKind.MESSAGE;
            messages.add(new InboundMessage(XWebhookParser.PLATFORM, account.name(), XWebhookParser.CHANNEL, key,
                    id.get(), kind, Optional.of(kind == MessageKind.UNSUPPORTED ? "dm_events." + type : "dm_events"),
                    users.getOrDefault(sender, SocialAuthor.of(sender)), Json.text(event, "text").orElse(""),
                    attachments(event, media), MessageVisibility.PRIVATE, Optional.empty(), time(event)));
        }
        return new Page(messages, messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(0).externalId()),
                Json.text(root.path("meta"), "next_token"));
    }

    /** In a 1:1 conversation id {@code a-b}, the participant who is not us. */
    private static Optional<String> otherParticipant(String conversationId, String us) {
        String[] ids = conversationId.split("-");
        if (ids.length != 2) {
            return Optional.empty();
        }
        return Optional.of(ids[0].equals(us) ? ids[1] : ids[0]);
    }

    private static Map<String, SocialAuthor> users(JsonNode root) {
        Map<String, SocialAuthor> users = new HashMap<>();
        for (JsonNode user : root.path("includes").path("users")) {
            Json.text(user, "id").ifPresent(id -> {
                OptionalLong followers = Json.number(user.path("public_metrics"), "followers_count");
                Optional<Boolean> dm = user.has("receives_your_dm") ? Optional.of(Json.flag(user, "receives_your_dm"))
                        : Optional.empty();
                users.put(id, new SocialAuthor(id, Json.text(user, "username"), Json.text(user, "name"), followers,
                        Json.flag(user, "verified"), dm));
            });
        }
        return users;
    }

    private static Map<String, MediaAttachment> media(JsonNode root) {
        Map<String, MediaAttachment> media = new HashMap<>();
        for (JsonNode item : root.path("includes").path("media")) {
            Optional<String> url = Json.text(item, "url").or(() -> Json.text(item, "preview_image_url"));
            Optional<String> key = Json.text(item, "media_key");
            if (url.isPresent() && key.isPresent()) {
                media.put(key.get(), new MediaAttachment(Json.text(item, "type").orElse("photo"), url.get()));
            }
        }
        return media;
    }

    private static List<MediaAttachment> attachments(JsonNode item, Map<String, MediaAttachment> media) {
        List<MediaAttachment> attachments = new ArrayList<>();
        for (JsonNode key : item.path("attachments").path("media_keys")) {
            MediaAttachment found = media.get(key.asText());
            if (found != null) {
                attachments.add(found);
            }
        }
        return attachments;
    }

    private static Instant time(JsonNode item) {
        try {
            return Json.text(item, "created_at").map(Instant::parse).orElseGet(Instant::now);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }
}
