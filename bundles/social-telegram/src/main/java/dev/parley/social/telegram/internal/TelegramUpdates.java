package dev.parley.social.telegram.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialAuthor;
import dev.parley.social.kit.Json;

/**
 * Telegram {@code Update} objects, normalized. Messages ({@code message}, {@code edited_message},
 * {@code business_message}, {@code edited_business_message}) are read by {@link TelegramMessages}; here
 * the other kinds: a button tap ({@code callback_query}, also on a message sent in inline mode, which
 * has no {@code message}), a reaction ({@code message_reaction}), messages a business account's
 * customer deleted ({@code deleted_business_messages}), the bot blocked or allowed again in a private
 * chat ({@code my_chat_member}). Every other update ({@code channel_post}, {@code chat_member}, {@code
 * business_connection}, polls, inline queries, payments, kinds added to the Bot API later) is
 * acknowledged as UNSUPPORTED under its field name and a reason, never a failure. Telegram's message
 * ids are unique per chat only, so a message's external id is {@code <chat id>:<message id>}; events
 * that are no message of their own are named by their {@code update_id} and what they are about
 * ({@code update:<update_id>:<chat>:<message>}), so a redelivered update is the same event and an id
 * Telegram draws again after a week of silence names no earlier event. Media keep Telegram's {@code
 * file_id} as a token-free source ({@link #FILE_SCHEME}); the download URL, which holds the bot token,
 * is made only when fetched.
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
    /** A tap on a message sent in inline mode: that message's inline_message_id (it names no chat). */
    static final String INLINE_MESSAGE = "telegram.inlineMessageId";
    /** The forum topic (message_thread_id) a message was written in. */
    static final String TOPIC = "telegram.topic";
    /** The business connection a message of a business account's chat came through. */
    static final String BUSINESS_CONNECTION = "telegram.businessConnection";
    /** The album (media_group_id) a photo or video belongs to: one message per item, on one ticket. */
    static final String MEDIA_GROUP = "telegram.mediaGroupId";

    private final Clock clock;
    private final TelegramMessages messages;

    TelegramUpdates() {
        this(Clock.systemUTC(), new ChatMigrations(Optional.empty()));
    }

    TelegramUpdates(Clock clock, ChatMigrations migrations) {
        this.clock = clock;
        this.messages = new TelegramMessages(clock, migrations);
    }

    /** The normalized messages of one update (usually one; none for group talk not meant for the bot). */
    List<InboundMessage> parse(SocialAccount account, JsonNode update) {
        if (!update.isObject()) {
            throw new MalformedEventException("a Telegram update is a JSON object");
        }
        JsonNode idNode = update.path("update_id");
        if (!idNode.isIntegralNumber() || idNode.asLong() < 0) {
            throw new MalformedEventException("the update has no update_id");
        }
        long updateId = idNode.asLong();
        String type = type(update);
        JsonNode value = update.path(type);
        return switch (type) {
            case "message", "edited_message", "business_message", "edited_business_message" ->
                messages.parse(account, updateId, value, type);
            case "callback_query" -> callback(account, updateId, value);
            case "my_chat_member" -> membership(account, updateId, value);
            case "message_reaction" -> reaction(account, updateId, value);
            case "deleted_business_messages" -> deleted(account, updateId, value);
            case "chat_member" -> List.of(unsupported(account, updateId, "chat_member:"
                    + Json.text(value.path("new_chat_member"), "status").orElse("unknown")));
            case "business_connection" -> List.of(unsupported(account, updateId, "business_connection:"
                    + (value.path("is_enabled").asBoolean(false) ? "enabled" : "disabled")));
            default -> List.of(unsupported(account, updateId, type));
        };
    }

    /** The updates of one webhook body: exactly one Update object. */
    List<InboundMessage> parse(SocialAccount account, byte[] body) {
        return parse(account, Json.object(body, "Telegram update"));
    }

    /** The field an update is about: the first one besides update_id ("empty" when there is none). */
    static String type(JsonNode update) {
        return update.properties().stream().map(Map.Entry::getKey).filter(k -> !k.equals("update_id")).findFirst()
                .orElse("empty");
    }

    /**
     * A button tap: the button's text when the message still shows it, its callback data as the payload.
     * A tap on a message sent in inline mode names no chat: it goes to the tapping user's private chat.
     */
    private List<InboundMessage> callback(SocialAccount account, long updateId, JsonNode q) {
        String queryId = Json.text(q, "id").orElseThrow(() -> new MalformedEventException("callback_query has no id"));
        JsonNode from = required(q, "from");
        String authorId = id(from, "callback_query.from.id");
        JsonNode message = q.path("message");
        String chatId = message.path("chat").isObject() ? id(message.get("chat"), "callback_query.message.chat.id")
                : authorId;
        String chatType = Json.text(message.path("chat"), "type").orElse("private");
        boolean group = !chatType.equals("private");
        Optional<Long> topic = message.path("is_topic_message").asBoolean(false)
                ? Optional.of(message.path("message_thread_id").asLong()) : Optional.empty();
        Optional<String> connection = Json.text(message, "business_connection_id").filter(c -> !c.isBlank());
        String data = Json.text(q, "data").or(() -> Json.text(q, "game_short_name")).orElse("");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(UPDATE_ID, Long.toString(updateId));
        properties.put(CHAT_TYPE, chatType);
        properties.put(CALLBACK_ID, queryId);
        properties.put(InboundMessage.PAYLOAD, data);
        Json.text(q, "inline_message_id").ifPresent(id -> properties.put(INLINE_MESSAGE, id));
        topic.ifPresent(t -> properties.put(TOPIC, Long.toString(t)));
        Optional<String> inReplyTo = message.path("message_id").isIntegralNumber()
                ? Optional.of(chatId + ":" + message.get("message_id").asText()) : Optional.empty();
        String text = buttonText(message, data).orElse(data.isEmpty() ? "[button]" : data);
        ChatAddress address = new ChatAddress(chatId, topic, group ? Optional.of(authorId) : Optional.empty(),
                connection);
        return List.of(new InboundMessage(PLATFORM, account.name(), CHANNEL, address.key(), "callback:" + queryId,
                MessageKind.MESSAGE, Optional.of("callback_query"), author(from, authorId), text, List.of(),
                group ? MessageVisibility.PUBLIC : MessageVisibility.PRIVATE, inReplyTo,
                clock.instant(), properties)); // a tap has no date of its own (its message's is when the bot wrote)
    }

    /**
     * The bot's own membership: in a private chat, "kicked" is the user blocking the bot and "member"
     * allowing it again (restarting it); in a group, being added, removed or promoted changes no ticket.
     */
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
        return List.of(new InboundMessage(PLATFORM, account.name(), CHANNEL, chatId, eventId(updateId, chatId),
                MessageKind.BLOCK, Optional.of("my_chat_member"), author(from, authorId), "", List.of(),
                MessageVisibility.PRIVATE, Optional.empty(), at(u), properties));
    }

    /**
     * A reaction set or taken back by a user (or, anonymously, for a chat): the newest emoji it set (a
     * custom emoji as {@code custom_emoji:<id>}, a paid one as {@code paid}), or "unreact" when none is left.
     */
    private List<InboundMessage> reaction(SocialAccount account, long updateId, JsonNode r) {
        JsonNode chat = required(r, "chat");
        String chatId = id(chat, "message_reaction.chat.id");
        String messageId = id(r, "message_reaction.message_id");
        String chatType = Json.text(chat, "type").orElse("private");
        boolean group = !chatType.equals("private");
        JsonNode user = r.path("user");
        JsonNode actor = r.path("actor_chat");
        String authorId = user.isObject() ? id(user, "message_reaction.user.id")
                : actor.isObject() ? id(actor, "message_reaction.actor_chat.id") : chatId;
        List<String> before = emojis(r.path("old_reaction"));
        List<String> now = emojis(r.path("new_reaction"));
        String target = chatId + ":" + messageId;
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(UPDATE_ID, Long.toString(updateId));
        properties.put(CHAT_TYPE, chatType);
        properties.put(InboundMessage.TARGET_ID, target);
        String emoji = now.stream().filter(e -> !before.contains(e)).reduce((a, b) -> b)
                .or(() -> now.isEmpty() ? Optional.empty() : Optional.of(now.get(now.size() - 1)))
                .orElse(before.isEmpty() ? "" : before.get(before.size() - 1));
        properties.put(InboundMessage.REACTION, emoji);
        properties.put(InboundMessage.REACTION_ACTION, now.isEmpty() ? "unreact" : "react");
        ChatAddress address = new ChatAddress(chatId, Optional.empty(), group ? Optional.of(authorId)
                : Optional.empty(), Optional.empty());
        return List.of(new InboundMessage(PLATFORM, account.name(), CHANNEL, address.key(), eventId(updateId, target),
                MessageKind.REACTION, Optional.of("message_reaction"), user.isObject() ? author(user, authorId)
                        : SocialAuthor.of(authorId), emoji, List.of(),
                group ? MessageVisibility.PUBLIC : MessageVisibility.PRIVATE, Optional.empty(), at(r), properties));
    }

    /** Messages deleted in a connected business account's chat: each a RETRACTION of the stored message. */
    private List<InboundMessage> deleted(SocialAccount account, long updateId, JsonNode d) {
        JsonNode chat = required(d, "chat");
        String chatId = id(chat, "deleted_business_messages.chat.id");
        Optional<String> connection = Json.text(d, "business_connection_id").filter(c -> !c.isBlank());
        String key = new ChatAddress(chatId, Optional.empty(), Optional.empty(), connection).key();
        List<InboundMessage> retractions = new ArrayList<>();
        for (JsonNode id : d.path("message_ids")) {
            if (!id.isIntegralNumber()) {
                continue;
            }
            String target = chatId + ":" + id.asText();
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put(UPDATE_ID, Long.toString(updateId));
            properties.put(CHAT_TYPE, "private");
            properties.put(InboundMessage.TARGET_ID, target);
            connection.ifPresent(c -> properties.put(BUSINESS_CONNECTION, c));
            retractions.add(new InboundMessage(PLATFORM, account.name(), CHANNEL, key, eventId(updateId, target),
                    MessageKind.RETRACTION, Optional.of("deleted_business_messages"), SocialAuthor.of(chatId), "",
                    List.of(), MessageVisibility.PRIVATE, Optional.empty(), clock.instant(), properties));
        }
        return retractions.isEmpty() ? List.of(unsupported(account, updateId, "deleted_business_messages:none"))
                : retractions;
    }

    private Instant at(JsonNode node) {
        long seconds = Json.number(node, "date").orElse(0);
        return seconds > 0 ? Instant.ofEpochSecond(seconds) : clock.instant();
    }

    private static List<String> emojis(JsonNode reactions) {
        List<String> emojis = new ArrayList<>();
        for (JsonNode r : reactions) {
            switch (r.path("type").asText("")) {
                case "emoji" -> Json.text(r, "emoji").ifPresent(emojis::add);
                case "custom_emoji" -> emojis.add("custom_emoji:" + r.path("custom_emoji_id").asText(""));
                case "paid" -> emojis.add("paid");
                default -> emojis.add(r.path("type").asText("reaction"));
            }
        }
        return emojis;
    }

    /** The id of an event about something else: its update and what it is about, stable when redelivered. */
    static String eventId(long updateId, String about) {
        return "update:" + updateId + ":" + about;
    }

    static InboundMessage unsupported(SocialAccount account, long updateId, String type) {
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, "update:" + updateId, "update:" + updateId,
                MessageKind.UNSUPPORTED, Optional.of(type), SocialAuthor.of("unknown"), "", List.of(),
                MessageVisibility.PRIVATE, Optional.empty(), Instant.EPOCH, Map.of(UPDATE_ID, Long.toString(updateId)));
    }

    /** The chat a conversation key names. */
    static String chatOf(String conversationKey) {
        return ChatAddress.parse(conversationKey).map(ChatAddress::chat).orElse(conversationKey);
    }

    static SocialAuthor author(JsonNode from, String id) {
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

    static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isObject()) {
            throw new MalformedEventException("the update has no " + field + " object");
        }
        return value;
    }

    /** A numeric id as text (Telegram ids exceed 32 bits; a chat id may be negative). */
    static String id(JsonNode node, String what) {
        String field = what.substring(what.lastIndexOf('.') + 1);
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber()) {
            throw new MalformedEventException("the update's " + what + " is not a number");
        }
        return value.asText();
    }
}
