package dev.parley.social.telegram.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

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
 * Telegram {@code Update} objects, normalized. A private chat's messages are PRIVATE; in a group or
 * supergroup only messages addressed to the bot (an {@code @username} mention, a {@code /command@username},
 * a text mention of the bot, or a reply to one of its messages) are taken, as PUBLIC, and the
 * rest of the group's talk is left out entirely. Telegram's message ids are unique per chat only,
 * so a message's external id is {@code <chat id>:<message id>}; events that are no message of
 * their own (edits, button taps, blocks) are named by their {@code update_id}, so a redelivered
 * update is the same event. Media keep Telegram's {@code file_id} as a token-free source
 * ({@link #FILE_SCHEME}); the download URL, which holds the bot token, is made only when fetched.
 */
final class TelegramUpdates {

    static final String PLATFORM = "telegram";
    static final String CHANNEL = "telegram";
    /** The source of a received file: {@code telegram-file:<file_id>}, resolved through getFile when downloaded. */
    static final String FILE_SCHEME = "telegram-file:";
    /** The update an event came in, as a message property (social.telegram.updateId on the ticket). */
    static final String UPDATE_ID = "telegram.updateId";
    static final String CHAT_TYPE = "telegram.chatType";
    /** A button tap's callback query id, answered with answerCallbackQuery. */
    static final String CALLBACK_ID = "telegram.callbackQueryId";

    /** The normalized messages of one update (usually one; none for what the helpdesk never needs). */
    List<InboundMessage> parse(SocialAccount account, JsonNode update) {
        if (!update.isObject()) {
            throw new MalformedEventException("a Telegram update is a JSON object");
        }
        long updateId = Json.number(update, "update_id")
                .orElseThrow(() -> new MalformedEventException("the update has no update_id"));
        if (update.has("message")) {
            return message(account, updateId, update.get("message"), false);
        }
        if (update.has("edited_message")) {
            return message(account, updateId, update.get("edited_message"), true);
        }
        if (update.has("callback_query")) {
            return callback(account, updateId, update.get("callback_query"));
        }
        if (update.has("my_chat_member")) {
            return membership(account, updateId, update.get("my_chat_member"));
        }
        String type = update.properties().stream().map(Map.Entry::getKey).filter(k -> !k.equals("update_id"))
                .findFirst().orElse("empty");
        return List.of(unsupported(account, updateId, type));
    }

    /** The updates of one webhook body: exactly one Update object. */
    List<InboundMessage> parse(SocialAccount account, byte[] body) {
        return parse(account, Json.object(body, "Telegram update"));
    }

    private List<InboundMessage> message(SocialAccount account, long updateId, JsonNode m, boolean edited) {
        JsonNode chat = required(m, "chat");
        String chatId = id(chat, "chat.id");
        String chatType = Json.text(chat, "type").orElse("private");
        JsonNode from = m.path("from");
        String messageId = id(m, "message_id");
        if (chatType.equals("channel")) {
            return List.of(unsupported(account, updateId, edited ? "edited_channel_message" : "channel_message"));
        }
        boolean group = !chatType.equals("private");
        if (group && !addressedToBot(account, m)) {
            return List.of(); // group talk not meant for the bot: never stored
        }
        String authorId = from.isObject() ? id(from, "from.id") : chatId;
        if (authorId.equals(account.accountId())) {
            return List.of(); // the bot's own message (a reply seen by another bot's update): not the customer
        }
        String externalId = chatId + ":" + messageId;
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(UPDATE_ID, Long.toString(updateId));
        properties.put(CHAT_TYPE, chatType);
        String text = Json.text(m, "text").or(() -> Json.text(m, "caption")).orElse("");
        Instant at = Instant.ofEpochSecond(Json.number(m, edited ? "edit_date" : "date")
                .orElse(Json.number(m, "date").orElse(0)));
        Optional<String> inReplyTo = m.path("reply_to_message").isObject()
                ? Optional.of(chatId + ":" + id(m.get("reply_to_message"), "reply_to_message.message_id"))
                : Optional.empty();
        MessageVisibility visibility = group ? MessageVisibility.PUBLIC : MessageVisibility.PRIVATE;
        if (edited) {
            properties.put(InboundMessage.TARGET_ID, externalId);
            return List.of(new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation(chatId, authorId, group),
                    "update:" + updateId, MessageKind.EDIT, Optional.of("edited_message"), author(from, authorId), text,
                    List.of(), visibility, inReplyTo, at, properties));
        }
        return List.of(new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation(chatId, authorId, group),
                externalId, MessageKind.MESSAGE, Optional.of("message"), author(from, authorId), text, media(m),
                visibility, inReplyTo, at, properties));
    }

    /** A button tap: the button's text when the message still shows it, its callback data as the payload. */
    private List<InboundMessage> callback(SocialAccount account, long updateId, JsonNode q) {
        String queryId = Json.text(q, "id").orElseThrow(() -> new MalformedEventException("callback_query has no id"));
        JsonNode from = required(q, "from");
        String authorId = id(from, "callback_query.from.id");
        JsonNode message = q.path("message");
        String chatId = message.path("chat").isObject() ? id(message.get("chat"), "callback_query.message.chat.id")
                : authorId;
        String chatType = Json.text(message.path("chat"), "type").orElse("private");
        boolean group = !chatType.equals("private");
        String data = Json.text(q, "data").orElse("");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(UPDATE_ID, Long.toString(updateId));
        properties.put(CHAT_TYPE, chatType);
        properties.put(CALLBACK_ID, queryId);
        properties.put(InboundMessage.PAYLOAD, data);
        Optional<String> inReplyTo = message.has("message_id")
                ? Optional.of(chatId + ":" + message.get("message_id").asText()) : Optional.empty();
        String text = buttonText(message, data).orElse(data);
        return List.of(new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation(chatId, authorId, group),
                "callback:" + queryId, MessageKind.MESSAGE, Optional.of("callback_query"), author(from, authorId), text,
                List.of(), group ? MessageVisibility.PUBLIC : MessageVisibility.PRIVATE, inReplyTo,
                Instant.ofEpochSecond(Json.number(message, "date").orElse(0)), properties));
    }

    /** The bot's own membership: in a private chat, "kicked" is the user blocking the bot, "member" allowing it again. */
    private List<InboundMessage> membership(SocialAccount account, long updateId, JsonNode u) {
        JsonNode chat = required(u, "chat");
        String chatType = Json.text(chat, "type").orElse("private");
        String status = Json.text(u.path("new_chat_member"), "status").orElse("unknown");
        if (!chatType.equals("private") || !(status.equals("kicked") || status.equals("member"))) {
            return List.of(unsupported(account, updateId, "my_chat_member:" + chatType + ":" + status));
        }
        String chatId = id(chat, "my_chat_member.chat.id");
        JsonNode from = u.path("from");
        String authorId = from.isObject() ? id(from, "my_chat_member.from.id") : chatId;
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(UPDATE_ID, Long.toString(updateId));
        properties.put(CHAT_TYPE, chatType);
        properties.put(InboundMessage.BLOCKED, Boolean.toString(status.equals("kicked")));
        return List.of(new InboundMessage(PLATFORM, account.name(), CHANNEL, chatId, "update:" + updateId,
                MessageKind.BLOCK, Optional.of("my_chat_member"), author(from, authorId), "", List.of(),
                MessageVisibility.PRIVATE, Optional.empty(), Instant.ofEpochSecond(Json.number(u, "date").orElse(0)),
                properties));
    }

    private static InboundMessage unsupported(SocialAccount account, long updateId, String type) {
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, "update:" + updateId, "update:" + updateId,
                MessageKind.UNSUPPORTED, Optional.of(type), SocialAuthor.of("unknown"), "", List.of(),
                MessageVisibility.PRIVATE, Optional.empty(), Instant.EPOCH, Map.of(UPDATE_ID, Long.toString(updateId)));
    }

    /** A private chat is one conversation; in a group each customer's exchange with the bot is their own. */
    static String conversation(String chatId, String authorId, boolean group) {
        return group ? chatId + ":" + authorId : chatId;
    }

    /** The chat a conversation key names (the part before ':' in a group's key). */
    static String chatOf(String conversationKey) {
        int colon = conversationKey.indexOf(':', 1); // a group's id is negative: "-100123:42"
        return colon < 0 ? conversationKey : conversationKey.substring(0, colon);
    }

    /** Whether a group message is meant for the bot: a mention of it, a command to it, or a reply to it. */
    static boolean addressedToBot(SocialAccount account, JsonNode m) {
        JsonNode replied = m.path("reply_to_message").path("from");
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
                if (handle.isEmpty() || offset < 0 || length <= 0 || offset + length > text.length()) {
                    continue;
                }
                String entity = text.substring(offset, offset + length).toLowerCase(Locale.ROOT);
                if (type.equals("mention") && entity.equals("@" + handle)) {
                    return true;
                }
                if (type.equals("bot_command") && entity.endsWith("@" + handle)) {
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
            fileId(largest).ifPresent(id -> media.add(new MediaAttachment("image", FILE_SCHEME + id)));
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
            fileId(file).ifPresent(id -> media.add(new MediaAttachment(type, FILE_SCHEME + id)));
        }
        return media;
    }

    private static Optional<String> fileId(JsonNode file) {
        return Json.text(file, "file_id").filter(id -> !id.isBlank());
    }

    private static SocialAuthor author(JsonNode from, String id) {
        if (!from.isObject()) {
            return SocialAuthor.of(id);
        }
        String name = (Json.text(from, "first_name").orElse("") + " " + Json.text(from, "last_name").orElse("")).strip();
        return new SocialAuthor(id, Json.text(from, "username"), name.isEmpty() ? Optional.empty() : Optional.of(name),
                OptionalLong.empty(), false, Optional.empty());
    }

    /** The text of the inline keyboard button whose callback_data the tap carried. */
    private static Optional<String> buttonText(JsonNode message, String data) {
        for (JsonNode row : message.path("reply_markup").path("inline_keyboard")) {
            for (JsonNode button : row) {
                if (data.equals(button.path("callback_data").asText(null))) {
                    return Json.text(button, "text");
                }
            }
        }
        return Optional.empty();
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isObject()) {
            throw new MalformedEventException("the update has no " + field + " object");
        }
        return value;
    }

    /** A numeric id as text (Telegram ids exceed 32 bits; a chat id may be negative). */
    private static String id(JsonNode node, String what) {
        String field = what.substring(what.lastIndexOf('.') + 1);
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber()) {
            throw new MalformedEventException("the update's " + what + " is not a number");
        }
        return value.asText();
    }
}
