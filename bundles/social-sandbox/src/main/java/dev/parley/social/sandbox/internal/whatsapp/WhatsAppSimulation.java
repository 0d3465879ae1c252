package dev.parley.social.sandbox.internal.whatsapp;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.customer.InvalidFieldException;
import dev.parley.social.sandbox.internal.customer.PostedMessage;
import dev.parley.social.sandbox.internal.delivery.Webhook;
import dev.parley.social.sandbox.internal.delivery.WebhookDelivery;
import dev.parley.social.sandbox.internal.delivery.WebhookSink;
import dev.parley.social.sandbox.internal.wire.Platform;
import dev.parley.social.sandbox.internal.wire.PlatformIds;
import dev.parley.social.sandbox.internal.wire.WebhookSignatures;
import dev.parley.social.sandbox.internal.wire.WireJson;

/**
 * One simulated WhatsApp Business number: a customer's message of every kind becomes a signed
 * webhook in the Cloud API's shape (Meta-escaped JSON, {@code X-Hub-Signature-256} with the app
 * secret); the Cloud API answers the number's sends under WhatsApp's rules (the 24-hour customer
 * service window by the sandbox clock, approved templates) and reports each sent message's
 * statuses afterwards as webhooks: sent, delivered, read, or failed for a number not on WhatsApp
 * (one starting 999).
 */
public final class WhatsAppSimulation {

    /** How long after a send each status webhook follows (sent, delivered, read). */
    static final long STATUS_STEP_MILLIS = 150;

    private final WhatsAppAccount account;
    private final URI webhookUrl;
    private final WhatsAppState state = new WhatsAppState();
    private final WhatsAppPayloads payloads;
    private final WireJson json;
    private final Clock clock;
    private final WebhookSink sink;
    private final BiConsumer<Runnable, Long> later;
    private final WhatsAppApi api;

    public WhatsAppSimulation(WhatsAppAccount account, URI webhookBaseUrl, WireJson json, Clock clock, WebhookSink sink,
            BiConsumer<Runnable, Long> later) {
        this.account = account;
        String base = webhookBaseUrl.toString().replaceAll("/+$", "");
        this.webhookUrl = URI.create(base + "/webhooks/whatsapp/" + account.name());
        this.payloads = new WhatsAppPayloads(json);
        this.json = json;
        this.clock = clock;
        this.sink = sink;
        this.later = later;
        this.api = new WhatsAppApi(account, state, json, clock, URI.create(base + "/sandbox/whatsapp"), this::statuses);
    }

    public WhatsAppAccount account() {
        return account;
    }

    public URI webhookUrl() {
        return webhookUrl;
    }

    public WhatsAppApi api() {
        return api;
    }

    public PostedMessage post(CustomerPost.Validated post) {
        String waId = post.authorId().orElseGet(() -> PlatformIds.stableUserId('4', post.authorHandle()));
        if (waId.equals(account.phoneNumberId()) || waId.equals(account.displayNumber())) {
            throw new InvalidFieldException("authorId", "authorId is the sandbox number itself");
        }
        Instant now = clock.instant();
        String wamid = state.newMessageId();
        ObjectNode message = json.object();
        Optional<String> quoted = post.inReplyTo();
        String type = post.kind().key();
        switch (post.kind()) {
            case WA_TEXT -> message.put("type", "text").putObject("text").put("body", post.text());
            case WA_IMAGE, WA_AUDIO, WA_VIDEO, WA_DOCUMENT, WA_STICKER -> {
                String file = post.attachment().filter(a -> !a.contains("://"))
                        .orElse(post.kind() == CustomerPost.Kind.WA_DOCUMENT ? "document.pdf" : "photo.png");
                String mediaId = state.addMedia(file);
                ObjectNode media = message.put("type", type).putObject(type)
                        .put("mime_type", mimeType(post.kind(), file)).put("sha256", "sandbox-" + mediaId)
                        .put("id", mediaId);
                if (!post.text().isBlank() && post.kind() != CustomerPost.Kind.WA_AUDIO
                        && post.kind() != CustomerPost.Kind.WA_STICKER) {
                    media.put("caption", post.text());
                }
                if (post.kind() == CustomerPost.Kind.WA_DOCUMENT) {
                    media.put("filename", file);
                }
                if (post.kind() == CustomerPost.Kind.WA_AUDIO) {
                    media.put("voice", true);
                }
                if (post.kind() == CustomerPost.Kind.WA_STICKER) {
                    media.put("animated", false);
                }
            }
            case WA_LOCATION -> message.put("type", "location").putObject("location").put("latitude", 52.5200)
                    .put("longitude", 13.4050).put("name", post.text().isBlank() ? "Sandbox Store" : post.text())
                    .put("address", "1 Sandbox Street");
            case WA_CONTACTS -> {
                ObjectNode card = message.put("type", "contacts").putArray("contacts").addObject();
                card.putObject("name").put("formatted_name", post.text().isBlank() ? "Barbara Johnson" : post.text())
                        .put("first_name", "Barbara");
                card.putArray("phones").addObject().put("phone", "+1 (940) 555-1234").put("wa_id", "19405551234")
                        .put("type", "CELL");
            }
            case WA_BUTTON_REPLY -> message.put("type", "interactive").putObject("interactive").put("type", "button_reply")
                    .putObject("button_reply").put("id", post.payload().orElse("sandbox-button")).put("title", post.text());
            case WA_LIST_REPLY -> message.put("type", "interactive").putObject("interactive").put("type", "list_reply")
                    .putObject("list_reply").put("id", post.payload().orElse("sandbox-row")).put("title", post.text())
                    .put("description", "Sandbox row");
            case WA_BUTTON -> message.put("type", "button").putObject("button")
                    .put("payload", post.payload().orElse("SANDBOX_QUICK_REPLY")).put("text", post.text());
            case WA_REACTION -> {
                ObjectNode reaction = message.put("type", "reaction").putObject("reaction")
                        .put("message_id", post.inReplyTo().orElseThrow());
                if (!post.text().isBlank()) {
                    reaction.put("emoji", post.text().strip());
                }
                quoted = Optional.empty();
            }
            case WA_UNSUPPORTED -> {
                message.put("type", "unsupported");
                ObjectNode error = message.putArray("errors").addObject().put("code", 131051)
                        .put("title", "Message type unknown").put("message", "Message type unknown");
                error.putObject("error_data").put("details", "Message type is currently not supported.");
                message.putObject("unsupported").put("type", "poll_creation");
            }
            case WA_ORDER -> {
                ObjectNode order = message.put("type", "order").putObject("order").put("catalog_id", CATALOG);
                order.putArray("product_items").addObject().put("product_retailer_id", post.payload().orElse("sku-42"))
                        .put("quantity", 2).put("item_price", 19.99).put("currency", "EUR");
                if (!post.text().isBlank()) {
                    order.put("text", post.text());
                }
            }
            case WA_FLOW -> message.put("type", "interactive").putObject("interactive").put("type", "nfm_reply")
                    .putObject("nfm_reply").put("name", "flow").put("body", "Sent")
                    .put("response_json", post.payload().orElse("{\"flow_token\":\"sandbox\",\"rating\":\"5\"}"));
            case WA_AD_REFERRAL -> {
                message.put("type", "text").putObject("text").put("body", post.text());
                message.putObject("referral").put("source_url", "https://fb.me/sandbox-ad").put("source_id",
                        post.payload().orElse("120226305854810726")).put("source_type", "ad")
                        .put("body", "Summer sale on everything").put("headline", "Chat with us").put("media_type", "image")
                        .put("image_url", "https://scontent.xx.fbcdn.net/sandbox-ad.jpg")
                        .put("ctwa_clid", "ARAkLkA8rmlFeiCktEJQ-sandbox-" + wamid.hashCode());
            }
            case WA_FORWARDED -> {
                message.put("type", "text").putObject("text").put("body", post.text());
                message.putObject("context").put("forwarded", true).put("frequently_forwarded", true);
                quoted = Optional.empty();
            }
            case WA_NEW_TYPE -> message.put("type", "poll").putObject("poll").put("question", post.text().isBlank()
                    ? "Which colour?" : post.text());
            case WA_REQUEST_WELCOME -> message.put("type", "request_welcome");
            case WA_GROUP -> {
                message.put("type", "text").putObject("text").put("body", post.text());
                message.put("group_id", post.payload().orElse(GROUP));
            }
            case WA_USERNAME -> {
                return postByUserId(post, wamid, now);
            }
            case WA_APP_ECHO -> {
                ObjectNode payload = payloads.appEcho(account, waId, wamid, post.text(), now);
                return new PostedMessage(wamid, waId, deliver(wamid, payload));
            }
            case WA_TEMPLATE_STATUS -> {
                String name = post.payload().orElse(account.templates().isEmpty() ? "order_update"
                        : account.templates().get(0).name());
                ObjectNode value = json.object().put("event", post.text().isBlank() ? "APPROVED" : post.text().strip())
                        .put("message_template_id", Math.abs((long) name.hashCode())).put("message_template_name", name)
                        .put("message_template_language", "en_US").put("reason", "NONE");
                return new PostedMessage(wamid, waId, deliver(wamid, payloads.change(account,
                        "message_template_status_update", value)));
            }
            case WA_ERRORS -> {
                return new PostedMessage(wamid, waId, deliver(wamid, payloads.errors(account, 130429, "Rate limit hit",
                        "Cloud API message throughput has been reached.")));
            }
            case WA_MALFORMED -> {
                // WhatsApp (or a proxy) got one element wrong: the good message beside it must still be taken
                ObjectNode broken = json.object().put("from", waId).put("timestamp", Long.toString(now.getEpochSecond()))
                        .put("type", "text");
                broken.putObject("text").put("body", "a message without an id");
                ObjectNode good = json.object().put("from", waId).put("id", wamid)
                        .put("timestamp", Long.toString(now.getEpochSecond())).put("type", "text");
                good.putObject("text").put("body", post.text());
                state.customerWrote(waId, now);
                return new PostedMessage(wamid, waId, deliver(wamid, payloads.messages(account,
                        Optional.of(contact(waId, post.authorName())), List.of(broken, good))));
            }
            case WA_SYSTEM -> {
                // documented: no contacts array; the new number in system.wa_id
                String newId = post.payload().filter(p -> p.matches("[0-9]{6,19}"))
                        .orElseGet(() -> PlatformIds.stableUserId('5', post.authorHandle()));
                ObjectNode system = json.object().put("from", waId).put("id", wamid)
                        .put("timestamp", Long.toString(now.getEpochSecond())).put("type", "system");
                system.putObject("system").put("body", "User " + post.authorName() + " changed from " + waId + " to "
                        + newId).put("wa_id", newId).put("type", "user_changed_number");
                return new PostedMessage(wamid, waId, deliver(wamid, payloads.messages(account, Optional.empty(),
                        List.of(system))));
            }
            default -> throw new InvalidFieldException("kind", "kind " + type + " is not a WhatsApp kind");
        }
        if (post.kind() != CustomerPost.Kind.WA_REQUEST_WELCOME) {
            state.customerWrote(post.kind() == CustomerPost.Kind.WA_GROUP ? message.path("group_id").asText() : waId, now);
        }
        ObjectNode payload = payloads.customerMessage(account, waId, post.authorName(), wamid, message, quoted, now);
        return new PostedMessage(wamid, waId, deliver(wamid, payload));
    }

    /** The sandbox catalog's id and the group a {@code group} post is written in by default. */
    static final String CATALOG = "194836987003835";
    static final String GROUP = "120363000000000001";

    private ObjectNode contact(String waId, String name) {
        ObjectNode contact = json.object().put("wa_id", waId);
        contact.putObject("profile").put("name", name);
        return contact;
    }

    /**
     * A customer who adopted a username (2026): known by a business-scoped user id alone, no phone
     * number in the webhook; the number answers them with {@code recipient}.
     */
    private PostedMessage postByUserId(CustomerPost.Validated post, String wamid, Instant now) {
        String userId = "US." + PlatformIds.stableUserId('1', post.authorHandle()).substring(1);
        ObjectNode contact = json.object().put("user_id", userId);
        contact.putObject("profile").put("name", post.authorName()).put("username", "@" + post.authorHandle());
        ObjectNode m = json.object().put("from_user_id", userId).put("id", wamid)
                .put("timestamp", Long.toString(now.getEpochSecond())).put("type", "text");
        m.putObject("text").put("body", post.text());
        state.customerWrote(userId, now);
        return new PostedMessage(wamid, userId, deliver(wamid, payloads.messages(account, Optional.of(contact), List.of(m))));
    }

    private static String mimeType(CustomerPost.Kind kind, String file) {
        return switch (kind) {
            case WA_AUDIO -> "audio/ogg; codecs=opus";
            case WA_VIDEO -> "video/mp4";
            case WA_STICKER -> "image/webp";
            default -> file.endsWith(".pdf") ? "application/pdf" : "image/png";
        };
    }

    /** After a send: sent, delivered and read as WhatsApp reports them; failed for a number not on WhatsApp. */
    private void statuses(WhatsAppApi.Sent sent) {
        if (!sent.deliverable()) {
            later.accept(() -> deliver(sent.wamid(), payloads.status(account, sent.wamid(), sent.to(), "failed",
                    clock.instant(), Optional.of(new String[] {"131026", "Message undeliverable",
                        "Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp "
                                + "phone number."}))), STATUS_STEP_MILLIS);
            return;
        }
        List<String> steps = List.of("sent", "delivered", "read");
        for (int i = 0; i < steps.size(); i++) {
            String status = steps.get(i);
            later.accept(() -> deliver(sent.wamid(), payloads.status(account, sent.wamid(), sent.to(), status,
                    clock.instant(), Optional.empty())), STATUS_STEP_MILLIS * (i + 1));
        }
    }

    public Webhook webhook(String messageId, ObjectNode payload) {
        byte[] body = json.metaBytes(payload);
        return new Webhook(Platform.WHATSAPP, account.name(), messageId, webhookUrl, body,
                Map.of(WebhookSignatures.META_HEADER, WebhookSignatures.meta(account.appSecret(), body)));
    }

    private CompletableFuture<List<WebhookDelivery>> deliver(String messageId, ObjectNode payload) {
        return sink.deliver(webhook(messageId, payload));
    }

    public void reset() {
        state.clear();
    }
}
