package dev.parley.social.telegram.internal;

import static dev.parley.social.telegram.internal.TelegramUpdates.CHANNEL;
import static dev.parley.social.telegram.internal.TelegramUpdates.PLATFORM;
import static dev.parley.social.telegram.internal.TelegramUpdates.id;
import static dev.parley.social.telegram.internal.TelegramUpdates.required;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MediaAttachment;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialAuthor;
import dev.parley.social.kit.Json;

/**
 * Telegram {@code Message} objects ({@code message}, {@code edited_message}, {@code business_message},
 * {@code edited_business_message}), normalized. What a customer wrote becomes a MESSAGE (an edit an
 * EDIT of it); a service message (members joining or leaving, a pin, a new title, a group upgraded
 * to a supergroup, a topic created...) is acknowledged as UNSUPPORTED {@code service:<field>}, never
 * a ticket. In a group only what is addressed to the bot is taken: a mention of it ({@code mention}
 * or {@code text_mention}, in the text or in a caption), a command to it ({@code /cmd@bot}), a reply to one of its messages, or another photo of an album ({@code media_group_id})
 * whose captioned item was addressed to it. A message sent for a chat ({@code sender_chat}: an
 * anonymous admin, a channel) is that chat's; an automatic forward of a linked channel's post and a
 * message of another bot are no customer's. In a connected business account's chat, what the
 * account itself writes (from its own app) is an ECHO.
 */
final class TelegramMessages {

    /** Fields of a message that carry what a person wrote; a message with none of them is a service message. */
    private static final List<String> CONTENT = List.of("text", "caption", "photo", "document", "voice", "audio",
            "video", "video_note", "animation", "sticker", "contact", "location", "venue", "poll", "dice", "story",
            "game", "invoice", "paid_media", "checklist", "giveaway", "giveaway_winners", "web_app_data");
    /** Fields every message has (or may have) besides its content and service fields. */
    private static final Set<String> COMMON = Set.of("message_id", "message_thread_id", "from", "sender_chat",
            "sender_boost_count", "sender_business_bot", "date", "business_connection_id", "chat", "forward_origin",
            "is_topic_message", "is_automatic_forward", "reply_to_message", "external_reply", "quote", "reply_to_story",
            "via_bot", "edit_date", "has_protected_content", "is_from_offline", "media_group_id", "author_signature",
            "entities", "caption_entities", "link_preview_options", "effect_id", "show_caption_above_media",
            "has_media_spoiler", "reply_markup", "paid_star_count", "sender_tag", "direct_messages_topic",
            "reply_to_checklist_task_id", "is_paid_post", "suggested_post_info");
    private static final int ALBUMS_REMEMBERED = 2_000;

    private final Clock clock;
    private final ChatMigrations migrations;
    /** Albums ({@code <chat>:<media_group_id>}) whose captioned item was addressed to the bot in a group. */
    private final Map<String, Boolean> albumsForTheBot = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ALBUMS_REMEMBERED;
        }
    };

    TelegramMessages(Clock clock, ChatMigrations migrations) {
        this.clock = clock;
        this.migrations = migrations;
    }

    /** One message update of kind {@code type} ("message", "edited_message", "business_message", ...). */
    List<InboundMessage> parse(SocialAccount account, long updateId, JsonNode m, String type) {
        if (!m.isObject()) {
            throw new dev.parley.social.api.MalformedEventException("the update's " + type + " is not an object");
        }
        boolean edited = type.startsWith("edited_");
        JsonNode chat = required(m, "chat");
        String chatId = id(chat, "chat.id");
        String messageId = id(m, "message_id");
        String chatType = Json.text(chat, "type").orElse("private");
        Json.number(m, "migrate_to_chat_id").ifPresent(to -> migrations.learn(chatId, Long.toString(to)));
        Json.number(m, "migrate_from_chat_id").ifPresent(from -> migrations.learn(Long.toString(from), chatId));
        if (chatType.equals("channel")) {
            return List.of(TelegramUpdates.unsupported(account, updateId, type + ":channel"));
        }
        Optional<String> service = serviceField(m);
        if (service.isPresent()) {
            return List.of(TelegramUpdates.unsupported(account, updateId, "service:" + service.get()));
        }
        boolean group = !chatType.equals("private");
        Optional<Long> topic = m.path("is_topic_message").asBoolean(false)
                ? Optional.of(m.path("message_thread_id").asLong()) : Optional.empty();
        // in a forum topic, a message that answers nobody still carries the topic's first message as reply_to_message
        JsonNode repliedTo = m.path("reply_to_message").isObject()
                && !(topic.isPresent() && m.path("reply_to_message").path("message_id").asLong() == topic.get())
                        ? m.path("reply_to_message") : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        String album = Json.text(m, "media_group_id").map(g -> chatId + ":" + g).orElse("");
        if (group) {
            if (m.path("is_automatic_forward").asBoolean(false)) {
                return List.of(); // a linked channel's post mirrored into its discussion group: group talk
            }
            if (addressedToBot(account, m, repliedTo)) {
                if (!album.isEmpty()) {
                    rememberAlbum(album);
                }
            } else if (album.isEmpty() || !albumForTheBot(album)) {
                return List.of(); // group talk not meant for the bot: never stored
            }
        }
        JsonNode from = m.path("from");
        JsonNode senderChat = m.path("sender_chat");
        String authorId;
        SocialAuthor author;
        if (senderChat.isObject()) {
            authorId = id(senderChat, "sender_chat.id"); // an anonymous admin (the group itself) or a channel
            author = chatAuthor(senderChat, authorId);
        } else {
            authorId = from.isObject() ? id(from, "from.id") : chatId;
            if (authorId.equals(account.accountId())) {
                return List.of(); // the bot's own message: not the customer
            }
            if (from.path("is_bot").asBoolean(false) && !type.contains("business")) {
                return List.of(TelegramUpdates.unsupported(account, updateId, type + ":from_bot"));
            }
            author = TelegramUpdates.author(from, authorId);
        }
        Optional<String> connection = Json.text(m, "business_connection_id").filter(c -> !c.isBlank());
        String conversationChat = migrations.origin(chatId);
        ChatAddress address = new ChatAddress(conversationChat, topic,
                group ? Optional.of(authorId) : Optional.empty(), connection);
        String externalId = chatId + ":" + messageId;
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(TelegramUpdates.UPDATE_ID, Long.toString(updateId));
        properties.put(TelegramUpdates.CHAT_TYPE, chatType);
        topic.ifPresent(t -> properties.put(TelegramUpdates.TOPIC, Long.toString(t)));
        connection.ifPresent(c -> properties.put(TelegramUpdates.BUSINESS_CONNECTION, c));
        if (!album.isEmpty()) {
            properties.put(TelegramUpdates.MEDIA_GROUP, Json.text(m, "media_group_id").orElse(""));
        }
        String text = text(m);
        long seconds = Json.number(m, edited ? "edit_date" : "date").orElse(Json.number(m, "date").orElse(0));
        Instant at = seconds > 0 ? Instant.ofEpochSecond(seconds) : clock.instant();
        Optional<String> inReplyTo = repliedTo.isObject() && repliedTo.path("message_id").isIntegralNumber()
                ? Optional.of(chatId + ":" + repliedTo.path("message_id").asText()) : Optional.empty();
        MessageVisibility visibility = group ? MessageVisibility.PUBLIC : MessageVisibility.PRIVATE;
        // in a business chat (a private chat with the customer) what the account writes itself comes from someone else
        boolean ownAccount = connection.isPresent() && !authorId.equals(chatId);
        if (edited) {
            properties.put(InboundMessage.TARGET_ID, externalId);
            return List.of(new InboundMessage(PLATFORM, account.name(), CHANNEL, address.key(),
                    TelegramUpdates.eventId(updateId, externalId), MessageKind.EDIT, Optional.of(type), author, text,
                    List.of(), visibility, inReplyTo, at, properties));
        }
        return List.of(new InboundMessage(PLATFORM, account.name(), CHANNEL, address.key(), externalId,
                ownAccount ? MessageKind.ECHO : MessageKind.MESSAGE, Optional.of(type), author, text, media(m),
                visibility, inReplyTo, at, properties));
    }

    /** The field naming a service message (new_chat_members, pinned_message, ...) when it has no content. */
    static Optional<String> serviceField(JsonNode m) {
        for (String field : CONTENT) {
            if (m.has(field)) {
                return Optional.empty();
            }
        }
        return m.properties().stream().map(Map.Entry::getKey).filter(k -> !COMMON.contains(k)).findFirst()
                .or(() -> Optional.of("empty"));
    }

    /** The text, the caption, or what a message without either shows (a location, a contact, a poll...). */
    static String text(JsonNode m) {
        Optional<String> written = Json.text(m, "text").or(() -> Json.text(m, "caption"));
        if (written.isPresent()) {
            return written.get();
        }
        if (m.path("venue").isObject()) {
            JsonNode v = m.get("venue");
            return "[venue] " + v.path("title").asText("") + ", " + v.path("address").asText("") + " ("
                    + v.path("location").path("latitude").asText() + ", " + v.path("location").path("longitude").asText()
                    + ")";
        }
        if (m.path("location").isObject()) {
            return "[location] " + m.get("location").path("latitude").asText() + ", "
                    + m.get("location").path("longitude").asText();
        }
        if (m.path("contact").isObject()) {
            JsonNode c = m.get("contact");
            return ("[contact] " + c.path("first_name").asText("") + " " + c.path("last_name").asText("")).strip()
                    + " " + c.path("phone_number").asText("");
        }
        if (m.path("poll").isObject()) {
            return "[poll] " + m.get("poll").path("question").asText("");
        }
        if (m.path("dice").isObject()) {
            return "[dice] " + m.get("dice").path("emoji").asText("") + " " + m.get("dice").path("value").asText("");
        }
        if (m.path("sticker").isObject()) {
            return Json.text(m.get("sticker"), "emoji").orElse("");
        }
        if (m.path("web_app_data").isObject()) {
            return "[web app] " + m.get("web_app_data").path("data").asText("");
        }
        for (String other : List.of("story", "game", "invoice", "paid_media", "checklist", "giveaway",
                "giveaway_winners")) {
            if (m.has(other)) {
                return "[" + other.replace('_', ' ') + "]";
            }
        }
        return "";
    }

    /**
     * Whether a group message is meant for the bot: a mention of it (by {@code @username} or a {@code
     * text_mention} of its user), a command to it by name, or a reply to its message.
     */
    static boolean addressedToBot(SocialAccount account, JsonNode m, JsonNode repliedTo) {
        JsonNode replied = repliedTo.path("from");
        if (replied.isObject() && account.accountId().equals(replied.path("id").asText())) {
            return true;
        }
        String handle = account.handle().map(h -> h.startsWith("@") ? h.substring(1) : h).orElse("")
                .toLowerCase(Locale.ROOT);
        for (String field : List.of("entities", "caption_entities")) {
            String text = Json.text(m, field.equals("entities") ? "text" : "caption").orElse("");
            for (JsonNode e : m.path(field)) {
                String type = e.path("type").asText("");
                if (type.equals("text_mention") && account.accountId().equals(e.path("user").path("id").asText())) {
                    return true;
                }
                int offset = e.path("offset").asInt(-1);
                int length = e.path("length").asInt(-1);
                // offsets count UTF-16 code units, as Java strings do
                if (offset < 0 || length <= 0 || offset + length > text.length()) {
                    continue;
                }
                String entity = text.substring(offset, offset + length).toLowerCase(Locale.ROOT);
                if (type.equals("mention") && !handle.isEmpty() && entity.equals("@" + handle)) {
                    return true;
                }
                // a bare /command in a group may be meant for any of its bots: only /command@bot is surely ours
                if (type.equals("bot_command") && !handle.isEmpty() && entity.endsWith("@" + handle)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Photos (the largest size), documents, voice notes, audio, video, video notes, animations and stickers. */
    static List<MediaAttachment> media(JsonNode m) {
        List<MediaAttachment> media = new ArrayList<>();
        JsonNode photos = m.path("photo");
        if (photos.isArray() && !photos.isEmpty()) {
            JsonNode largest = photos.get(photos.size() - 1); // sizes come smallest first
            fileId(largest).ifPresent(id -> media.add(new MediaAttachment("image", TelegramUpdates.FILE_SCHEME + id)));
        }
        for (String kind : List.of("document", "voice", "audio", "video", "video_note", "animation", "sticker")) {
            JsonNode file = m.path(kind);
            if (!file.isObject()) {
                continue;
            }
            String fallback = switch (kind) {
                case "document" -> "file";
                case "voice", "audio" -> "audio";
                case "sticker" -> "sticker";
                default -> "video";
            };
            String type = Json.text(file, "mime_type").orElse(fallback);
            fileId(file).ifPresent(id -> media.add(new MediaAttachment(type, TelegramUpdates.FILE_SCHEME + id)));
        }
        return media;
    }

    private static Optional<String> fileId(JsonNode file) {
        return Json.text(file, "file_id").filter(id -> !id.isBlank());
    }

    private static SocialAuthor chatAuthor(JsonNode chat, String id) {
        Optional<String> title = Json.text(chat, "title").filter(t -> !t.isBlank());
        return new SocialAuthor(id, Json.text(chat, "username"), title, OptionalLong.empty(), false, Optional.empty());
    }

    private synchronized void rememberAlbum(String album) {
        albumsForTheBot.put(album, Boolean.TRUE);
    }

    private synchronized boolean albumForTheBot(String album) {
        return albumsForTheBot.containsKey(album);
    }
}
