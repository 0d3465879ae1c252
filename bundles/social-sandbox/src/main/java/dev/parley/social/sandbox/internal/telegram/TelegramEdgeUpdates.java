package dev.parley.social.sandbox.internal.telegram;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.customer.InvalidFieldException;
import dev.parley.social.sandbox.internal.wire.WireJson;

/**
 * The updates a real bot gets beyond a customer's plain message, in the Bot API's shapes, so each can
 * be tried against the connector: a mention in a basic group and that group's upgrade to the
 * supergroup ({@code migrate_to_chat_id} in the group, {@code migrate_from_chat_id} in the supergroup;
 * the Bot API then refuses sends to the group with 400 and {@code parameters.migrate_to_chat_id}), an
 * album (two photos sharing a {@code media_group_id}, the first captioned with the mention), a mention
 * in a forum topic ({@code message_thread_id}, {@code is_topic_message}, the topic's first message as
 * {@code reply_to_message}), a {@code text_mention}, a mention in a caption ({@code caption_entities}),
 * an anonymous admin ({@code sender_chat}), a connected business account's chat ({@code
 * business_message} from the customer or from the account's own app, {@code deleted_business_messages},
 * {@code business_connection}), a reaction set or taken back ({@code message_reaction}), a tap on a
 * message sent in inline mode ({@code callback_query} without {@code message}), a service message
 * ({@code new_chat_members}), a {@code channel_post}, the bot removed from the group ({@code
 * my_chat_member} left) and an update kind the connector cannot know.
 */
final class TelegramEdgeUpdates {

    /** The business connection the sandbox's business account has with the bot. */
    static final String BUSINESS_CONNECTION = "sandbox-business-1";
    /** The business account's own user (writing from its app). */
    static final String BUSINESS_OWNER = "8800000001";
    /** The forum topic a topic mention is written in, unless the post's payload names another. */
    static final long DEFAULT_TOPIC = 7;

    /** What a post became: the updates, in order; its id and conversation as the connector names them. */
    record Built(List<ObjectNode> updates, String id, String conversation) {
    }

    private final TelegramSimulation sim;
    private final TelegramBot bot;
    private final TelegramState state;
    private final WireJson json;
    private final Clock clock;

    TelegramEdgeUpdates(TelegramSimulation sim, TelegramBot bot, TelegramState state, WireJson json, Clock clock) {
        this.sim = sim;
        this.bot = bot;
        this.state = state;
        this.json = json;
        this.clock = clock;
    }

    /** The basic group the sandbox's supergroup was before its upgrade. */
    String basicGroupId() {
        return basicGroupId(bot);
    }

    static String basicGroupId(TelegramBot bot) {
        String digits = bot.groupId().replaceAll("[^0-9]", "");
        return "-4" + digits.substring(Math.max(0, digits.length() - 9));
    }

    Built build(CustomerPost.Validated post, String userId, ObjectNode from) {
        String group = bot.groupId();
        String mention = "@" + bot.username();
        return switch (post.kind()) {
            case TELEGRAM_BASIC_GROUP_MENTION -> {
                ObjectNode m = mention(basicGroup(), from, post.text());
                yield one(wrap("message", m), basicGroupId() + ":" + m.get("message_id").asText(),
                        basicGroupId() + ":" + userId);
            }
            case TELEGRAM_GROUP_UPGRADE -> {
                ObjectNode last = sim.message(basicGroup(), from, "");
                last.put("migrate_to_chat_id", Long.parseLong(group));
                ObjectNode first = sim.message(sim.groupChat(), from, "");
                first.put("migrate_from_chat_id", Long.parseLong(basicGroupId()));
                state.upgraded(basicGroupId(), group);
                yield new Built(List.of(wrap("message", last), wrap("message", first)), "update:{update}",
                        basicGroupId() + ":" + userId);
            }
            case TELEGRAM_GROUP_ALBUM -> {
                String album = Long.toString(13_000_000_000L + state.nextCallbackId() % 1_000_000);
                ObjectNode captioned = sim.message(sim.groupChat(), from, "");
                captioned.put("media_group_id", album).put("caption", mention + " " + post.text());
                captioned.putArray("caption_entities").addObject().put("type", "mention").put("offset", 0)
                        .put("length", mention.length());
                sim.attach(captioned, "photo.png", "image");
                ObjectNode second = sim.message(sim.groupChat(), from, "");
                second.put("media_group_id", album);
                sim.attach(second, "photo.png", "image");
                yield new Built(List.of(wrap("message", captioned), wrap("message", second)),
                        group + ":" + captioned.get("message_id").asText(), group + ":" + userId);
            }
            case TELEGRAM_TOPIC_MENTION -> {
                long topic = post.payload().map(p -> {
                    if (!p.matches("[0-9]{1,9}")) {
                        throw new InvalidFieldException("payload", "payload is the forum topic's message_thread_id");
                    }
                    return Long.parseLong(p);
                }).orElse(DEFAULT_TOPIC);
                ObjectNode chat = sim.groupChat().put("is_forum", true);
                ObjectNode m = mention(chat, from, post.text());
                m.put("message_thread_id", topic).put("is_topic_message", true);
                ObjectNode root = json.object().put("message_id", topic).put("message_thread_id", topic)
                        .put("date", clock.instant().getEpochSecond() - 3_600);
                root.set("from", sim.user(bot.botId(), bot.username(), bot.firstName()).put("is_bot", true));
                root.set("chat", chat.deepCopy());
                root.putObject("forum_topic_created").put("name", "Orders").put("icon_color", 7322096);
                m.set("reply_to_message", root);
                yield one(wrap("message", m), group + ":" + m.get("message_id").asText(),
                        group + "#" + topic + ":" + userId);
            }
            case TELEGRAM_TEXT_MENTION -> {
                ObjectNode m = sim.message(sim.groupChat(), from, bot.firstName() + " " + post.text());
                m.putArray("entities").addObject().put("type", "text_mention").put("offset", 0)
                        .put("length", bot.firstName().length())
                        .set("user", sim.user(bot.botId(), bot.username(), bot.firstName()).put("is_bot", true));
                yield one(wrap("message", m), group + ":" + m.get("message_id").asText(), group + ":" + userId);
            }
            case TELEGRAM_CAPTION_MENTION -> {
                ObjectNode m = sim.message(sim.groupChat(), from, "");
                m.put("caption", post.text() + " " + mention);
                m.putArray("caption_entities").addObject().put("type", "mention")
                        .put("offset", post.text().length() + 1).put("length", mention.length());
                sim.attach(m, post.attachment().orElse("document.pdf"), post.attachment().isPresent()
                        ? post.attachmentType() : "file");
                yield one(wrap("message", m), group + ":" + m.get("message_id").asText(), group + ":" + userId);
            }
            case TELEGRAM_ANONYMOUS_ADMIN -> {
                ObjectNode anonymous = sim.user("1087968824", "GroupAnonymousBot", "Group").put("is_bot", true);
                ObjectNode m = mention(sim.groupChat(), anonymous, post.text());
                m.set("sender_chat", sim.groupChat());
                m.put("author_signature", post.authorName());
                yield one(wrap("message", m), group + ":" + m.get("message_id").asText(), group + ":" + group);
            }
            case TELEGRAM_BUSINESS_MESSAGE, TELEGRAM_BUSINESS_OWNER -> {
                boolean owner = post.kind() == CustomerPost.Kind.TELEGRAM_BUSINESS_OWNER;
                ObjectNode author = owner ? sim.user(BUSINESS_OWNER, "acme_shop", "Acme Shop") : from;
                ObjectNode m = sim.message(privateChat(userId, post), author, post.text());
                m.put("business_connection_id", BUSINESS_CONNECTION);
                yield one(wrap("business_message", m), userId + ":" + m.get("message_id").asText(),
                        userId + "@" + BUSINESS_CONNECTION);
            }
            case TELEGRAM_BUSINESS_DELETE -> {
                String target = post.inReplyTo().orElseThrow();
                ObjectNode d = json.object().put("business_connection_id", BUSINESS_CONNECTION);
                d.set("chat", privateChat(userId, post));
                d.putArray("message_ids").add(messageId(target));
                yield one(wrap("deleted_business_messages", d), "update:{update}:" + userId + ":" + messageId(target),
                        userId + "@" + BUSINESS_CONNECTION);
            }
            case TELEGRAM_BUSINESS_CONNECTION -> {
                ObjectNode c = json.object().put("id", BUSINESS_CONNECTION);
                c.set("user", sim.user(BUSINESS_OWNER, "acme_shop", "Acme Shop"));
                c.put("user_chat_id", Long.parseLong(BUSINESS_OWNER)).put("date", clock.instant().getEpochSecond())
                        .put("is_enabled", true);
                c.putObject("rights").put("can_reply", true);
                yield one(wrap("business_connection", c), "update:{update}", BUSINESS_OWNER);
            }
            case TELEGRAM_REACTION, TELEGRAM_UNREACTION -> {
                String target = post.inReplyTo().orElseThrow();
                String chat = target.contains(":") ? target.substring(0, target.lastIndexOf(':')) : userId;
                if (!chat.matches("-?[0-9]+")) {
                    throw new InvalidFieldException("inReplyTo", "inReplyTo is a message id <chat>:<message>");
                }
                ObjectNode r = json.object();
                r.set("chat", chat.equals(group) ? sim.groupChat() : privateChat(chat, post));
                r.put("message_id", messageId(target));
                r.set("user", from);
                r.put("date", clock.instant().getEpochSecond());
                ArrayNode emoji = json.mapper().createArrayNode();
                emoji.addObject().put("type", "emoji").put("emoji", post.payload().orElse("\uD83D\uDC4D"));
                boolean set = post.kind() == CustomerPost.Kind.TELEGRAM_REACTION;
                r.set("old_reaction", set ? json.mapper().createArrayNode() : emoji);
                r.set("new_reaction", set ? emoji : json.mapper().createArrayNode());
                yield one(wrap("message_reaction", r), "update:{update}:" + chat + ":" + messageId(target),
                        chat.equals(group) ? group + ":" + userId : chat);
            }
            case TELEGRAM_INLINE_BUTTON -> {
                ObjectNode q = json.object().put("id", Long.toString(state.nextCallbackId()));
                q.set("from", from);
                q.put("inline_message_id", "AAAAA" + Long.toHexString(clock.millis()));
                q.put("chat_instance", "-" + userId);
                q.put("data", post.payload().orElse("sandbox:inline"));
                yield one(wrap("callback_query", q), "callback:" + q.get("id").asText(), userId);
            }
            case TELEGRAM_SERVICE -> {
                ObjectNode m = sim.message(sim.groupChat(), from, "");
                m.putArray("new_chat_members").add(from.deepCopy());
                yield one(wrap("message", m), "update:{update}", group + ":" + userId);
            }
            case TELEGRAM_CHANNEL_POST -> {
                ObjectNode channel = json.object().put("id", -1005550001L).put("title", "Acme news")
                        .put("type", "channel");
                ObjectNode m = json.object().put("message_id", state.nextMessageId("-1005550001"));
                m.set("sender_chat", channel.deepCopy());
                m.set("chat", channel);
                m.put("date", clock.instant().getEpochSecond()).put("text", post.text());
                yield one(wrap("channel_post", m), "update:{update}", "-1005550001");
            }
            case TELEGRAM_BOT_REMOVED -> {
                ObjectNode u = json.object();
                u.set("chat", sim.groupChat());
                u.set("from", from);
                u.put("date", clock.instant().getEpochSecond());
                ObjectNode botUser = sim.user(bot.botId(), bot.username(), bot.firstName()).put("is_bot", true);
                u.putObject("old_chat_member").put("status", "member").set("user", botUser);
                u.putObject("new_chat_member").put("status", "left").set("user", botUser.deepCopy());
                yield one(wrap("my_chat_member", u), "update:{update}", group);
            }
            case TELEGRAM_UNKNOWN -> one(wrap("sandbox_future_update", json.object().put("note",
                    "an update kind added to the Bot API after this connector was written")), "update:{update}", "");
            default -> throw new InvalidFieldException("kind", "kind " + post.kind().key() + " is not a Telegram kind");
        };
    }

    private ObjectNode mention(ObjectNode chat, ObjectNode from, String text) {
        String mention = "@" + bot.username();
        ObjectNode m = sim.message(chat, from, mention + " " + text);
        m.putArray("entities").addObject().put("type", "mention").put("offset", 0).put("length", mention.length());
        return m;
    }

    private ObjectNode basicGroup() {
        return json.object().put("id", Long.parseLong(basicGroupId())).put("title", bot.groupTitle())
                .put("type", "group").put("all_members_are_administrators", false);
    }

    private ObjectNode privateChat(String userId, CustomerPost.Validated post) {
        return json.object().put("id", Long.parseLong(userId)).put("first_name", post.authorName())
                .put("username", post.authorHandle()).put("type", "private");
    }

    private ObjectNode wrap(String field, ObjectNode value) {
        ObjectNode update = json.object();
        update.set(field, value);
        return update;
    }

    private static Built one(ObjectNode update, String id, String conversation) {
        List<ObjectNode> updates = new ArrayList<>();
        updates.add(update);
        return new Built(updates, id, conversation);
    }

    private static long messageId(String target) {
        try {
            return Long.parseLong(target.substring(target.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            throw new InvalidFieldException("inReplyTo", "inReplyTo is a message id <chat>:<message>");
        }
    }
}
