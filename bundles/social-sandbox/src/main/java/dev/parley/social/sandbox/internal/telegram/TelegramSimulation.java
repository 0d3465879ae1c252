package dev.parley.social.sandbox.internal.telegram;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.customer.InvalidFieldException;
import dev.parley.social.sandbox.internal.customer.PostedMessage;
import dev.parley.social.sandbox.internal.customer.SandboxMedia;
import dev.parley.social.sandbox.internal.delivery.Webhook;
import dev.parley.social.sandbox.internal.delivery.WebhookDelivery;
import dev.parley.social.sandbox.internal.delivery.WebhookSink;
import dev.parley.social.sandbox.internal.wire.Platform;
import dev.parley.social.sandbox.internal.wire.PlatformIds;
import dev.parley.social.sandbox.internal.wire.WireJson;

/**
 * A Telegram bot with customers who write to it in a private chat and mention it in a group (and
 * every other update kind of the Bot API, {@link TelegramEdgeUpdates}). Each
 * customer post becomes an {@code Update} in the Bot API's shape: delivered by POST to the bot's
 * webhook with {@code X-Telegram-Bot-Api-Secret-Token} while a webhook is set (as setWebhook left
 * it), else kept for {@code getUpdates} until an offset past it confirms it. The bot starts with
 * its webhook set to the connector's {@code /webhooks/telegram/<account>}; deleteWebhook switches
 * it to polling, as on Telegram.
 */
public final class TelegramSimulation {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    private static final Set<String> MEDIA_KINDS = Set.of("image", "file", "audio", "video");

    private final TelegramBot bot;
    private final WireJson json;
    private final Clock clock;
    private final WebhookSink sink;
    private final TelegramState state;
    private final TelegramApi api;
    private final URI defaultWebhook;
    private final TelegramEdgeUpdates edges;

    public TelegramSimulation(TelegramBot bot, URI webhookBaseUrl, WireJson json, Clock clock, WebhookSink sink) {
        this.bot = bot;
        this.json = json;
        this.clock = clock;
        this.sink = sink;
        this.defaultWebhook = URI.create(webhookBaseUrl.toString().replaceAll("/+$", "") + "/webhooks/telegram/"
                + bot.account());
        this.state = new TelegramState(defaultWebhook, bot.secretToken(), clock);
        this.api = new TelegramApi(bot, state, json, clock, this::deliverQueued);
        this.edges = new TelegramEdgeUpdates(this, bot, state, json, clock);
    }

    public TelegramBot bot() {
        return bot;
    }

    public TelegramApi api() {
        return api;
    }

    public URI webhookUrl() {
        return state.webhookUrl().orElse(defaultWebhook);
    }

    public boolean webhookSet() {
        return state.webhookUrl().isPresent();
    }

    public void reset() {
        state.reset(defaultWebhook, bot.secretToken());
    }

    /** The customer's message, edit, button tap or block, as an update to the bot. */
    public PostedMessage post(CustomerPost.Validated post) {
        String userId = post.authorId().orElseGet(() -> PlatformIds.stableUserId('5', post.authorHandle()));
        if (userId.equals(bot.botId())) {
            throw new InvalidFieldException("authorId", "authorId is the sandbox bot itself");
        }
        ObjectNode from = user(userId, post.authorHandle(), post.authorName());
        ObjectNode update = json.object();
        String id;
        String conversation;
        switch (post.kind()) {
            case TELEGRAM_MESSAGE, TELEGRAM_STICKER -> {
                ObjectNode m = message(privateChat(userId, post), from, post.text());
                if (post.kind() == CustomerPost.Kind.TELEGRAM_STICKER) {
                    m.set("sticker", file("sticker", "photo.png", "stickers").put("emoji", "\uD83D\uDC4D")
                            .put("type", "regular").put("width", 512).put("height", 512).put("is_animated", false)
                            .put("is_video", false));
                } else {
                    post.attachment().ifPresent(name -> attach(m, name, post.attachmentType()));
                }
                update.set("message", m);
                id = userId + ":" + m.get("message_id").asText();
                conversation = userId;
            }
            case TELEGRAM_GROUP_MENTION, TELEGRAM_GROUP_REPLY, TELEGRAM_GROUP_CHATTER -> {
                ObjectNode chat = groupChat();
                String text = post.kind() == CustomerPost.Kind.TELEGRAM_GROUP_MENTION ? "@" + bot.username() + " "
                        + post.text() : post.text();
                ObjectNode m = message(chat, from, text);
                if (post.kind() == CustomerPost.Kind.TELEGRAM_GROUP_MENTION) {
                    m.putArray("entities").addObject().put("type", "mention").put("offset", 0)
                            .put("length", bot.username().length() + 1);
                }
                if (post.kind() == CustomerPost.Kind.TELEGRAM_GROUP_REPLY) {
                    JsonNode answered = state.sent(bot.groupId(), post.inReplyTo().orElseThrow()).orElseThrow(() ->
                            new InvalidFieldException("inReplyTo", "the bot sent no message " + post.inReplyTo().get()
                                    + " in the group"));
                    m.set("reply_to_message", answered);
                }
                update.set("message", m);
                id = bot.groupId() + ":" + m.get("message_id").asText();
                conversation = bot.groupId() + ":" + userId;
            }
            case TELEGRAM_EDIT -> {
                String target = post.inReplyTo().orElseThrow();
                ObjectNode m = message(privateChat(userId, post), from, post.text());
                m.put("message_id", Long.parseLong(target.substring(target.lastIndexOf(':') + 1)));
                m.put("edit_date", clock.instant().getEpochSecond());
                update.set("edited_message", m);
                id = "update:{update}:" + userId + ":" + m.get("message_id").asText();
                conversation = userId;
            }
            case TELEGRAM_BUTTON -> {
                ObjectNode q = update.putObject("callback_query");
                q.put("id", Long.toString(state.nextCallbackId()));
                q.set("from", from);
                q.put("chat_instance", "-" + userId);
                String data = post.payload().orElse("sandbox:button");
                q.put("data", data);
                ObjectNode shown = message(privateChat(userId, post), user(bot.botId(), bot.username(),
                        bot.firstName()).put("is_bot", true), "Please choose:");
                shown.putObject("reply_markup").putArray("inline_keyboard").addArray().addObject()
                        .put("text", post.text().isBlank() ? data : post.text()).put("callback_data", data);
                q.set("message", shown);
                id = "callback:" + q.get("id").asText();
                conversation = userId;
            }
            case TELEGRAM_BLOCK, TELEGRAM_UNBLOCK -> {
                boolean blocked = post.kind() == CustomerPost.Kind.TELEGRAM_BLOCK;
                state.blocked(userId, blocked);
                ObjectNode u = update.putObject("my_chat_member");
                u.set("chat", privateChat(userId, post));
                u.set("from", from);
                u.put("date", clock.instant().getEpochSecond());
                ObjectNode botUser = user(bot.botId(), bot.username(), bot.firstName()).put("is_bot", true);
                u.putObject("old_chat_member").put("status", blocked ? "member" : "kicked").set("user", botUser);
                ObjectNode now = u.putObject("new_chat_member").put("status", blocked ? "kicked" : "member");
                now.set("user", botUser);
                if (blocked) {
                    now.put("until_date", 0);
                }
                id = "update:{update}:" + userId;
                conversation = userId;
            }
            default -> {
                TelegramEdgeUpdates.Built built = edges.build(post, userId, from);
                long last = 0;
                for (ObjectNode each : built.updates()) {
                    last = state.enqueue(each);
                }
                return new PostedMessage(built.id().replace("{update}", Long.toString(last)), built.conversation(),
                        deliverQueued());
            }
        }
        long updateId = state.enqueue(update);
        return new PostedMessage(id.replace("{update}", Long.toString(updateId)), conversation, deliverQueued());
    }

    /** While a webhook is set, every update not yet delivered goes to it, in order. */
    private CompletableFuture<List<WebhookDelivery>> deliverQueued() {
        Optional<URI> url = state.webhookUrl();
        List<ObjectNode> due = url.isPresent() ? state.takeUndelivered() : List.of();
        if (due.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<CompletableFuture<List<WebhookDelivery>>> sends = new ArrayList<>();
        for (ObjectNode update : due) {
            Map<String, String> headers = new HashMap<>();
            headers.put("Content-Type", "application/json");
            state.secretToken().ifPresent(secret -> headers.put(SECRET_HEADER, secret));
            sends.add(sink.deliver(new Webhook(Platform.TELEGRAM, bot.account(), update.get("update_id").asText(),
                    url.get(), update.toString().getBytes(StandardCharsets.UTF_8), headers)));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).thenApply(ignored -> sends.stream()
                .flatMap(s -> s.join().stream()).toList());
    }

    ObjectNode message(ObjectNode chat, ObjectNode from, String text) {
        ObjectNode m = json.object();
        m.put("message_id", state.nextMessageId(chat.get("id").asText()));
        m.set("from", from);
        m.set("chat", chat);
        m.put("date", clock.instant().getEpochSecond());
        if (!text.isEmpty()) {
            m.put("text", text);
        }
        return m;
    }

    void attach(ObjectNode m, String name, String type) {
        if (!MEDIA_KINDS.contains(type) || SandboxMedia.file(name).isEmpty()) {
            throw new InvalidFieldException("attachment", "a Telegram message attaches one of " + SandboxMedia.NAMES);
        }
        if (m.has("text")) {
            m.set("caption", m.remove("text"));
        }
        switch (type) {
            case "image" -> {
                ArrayNode sizes = m.putArray("photo");
                sizes.add(file("photo-small", name, "photos").put("width", 90).put("height", 90));
                sizes.add(file("photo", name, "photos").put("width", 1280).put("height", 1280));
            }
            case "audio" -> m.set("voice", file("voice", name, "voice").put("duration", 2).put("mime_type", "audio/ogg"));
            case "video" -> m.set("video", file("video", name, "videos").put("duration", 3).put("width", 640)
                    .put("height", 360).put("mime_type", "video/mp4"));
            default -> m.set("document", file("document", name, "documents").put("file_name", name)
                    .put("mime_type", SandboxMedia.file(name).get().contentType()));
        }
    }

    /** A file object whose file_id getFile resolves to {@code <folder>/file_<n>} serving {@code name}'s bytes. */
    private ObjectNode file(String kind, String name, String folder) {
        TelegramState.StoredFile stored = state.storeFile(kind, name, folder);
        return json.object().put("file_id", stored.fileId()).put("file_unique_id", stored.uniqueId())
                .put("file_size", SandboxMedia.file(name).map(f -> f.bytes().length).orElse(0));
    }

    private ObjectNode privateChat(String userId, CustomerPost.Validated post) {
        ObjectNode chat = json.object().put("id", Long.parseLong(userId)).put("first_name", post.authorName())
                .put("username", post.authorHandle()).put("type", "private");
        return chat;
    }

    ObjectNode groupChat() {
        return json.object().put("id", Long.parseLong(bot.groupId())).put("title", bot.groupTitle())
                .put("type", "supergroup");
    }

    ObjectNode user(String id, String username, String name) {
        return json.object().put("id", Long.parseLong(id)).put("is_bot", false).put("first_name", name)
                .put("username", username).put("language_code", "en");
    }
}
