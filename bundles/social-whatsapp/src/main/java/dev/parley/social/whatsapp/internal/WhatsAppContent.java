package dev.parley.social.whatsapp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.MediaAttachment;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.kit.Json;

/**
 * What a customer's WhatsApp message says, by its {@code type}, as the text an agent reads, its
 * attachments and the platform facts kept beside them: text, media (by media id), location, shared
 * contacts, interactive replies (buttons, list rows, Flows' {@code nfm_reply}, call permission),
 * template quick-reply {@code button}s, {@code order}s from a catalog, and {@code unsupported} /
 * {@code unknown} messages with WhatsApp's error. Empty for a type that carries no customer content.
 */
final class WhatsAppContent {

    /** The longest platform JSON kept in a property (a Flow's answers, an order's items). */
    static final int MAX_KEPT_JSON = 4_000;

    record Content(String rawType, String text, List<MediaAttachment> attachments) {
    }

    private final WhatsAppApi api;

    WhatsAppContent(WhatsAppApi api) {
        this.api = api;
    }

    /** The content of {@code message} of {@code type}, facts added to {@code properties}; empty when none. */
    Optional<Content> read(SocialAccount account, String id, String type, JsonNode message, Map<String, String> properties) {
        JsonNode content = message.path(type);
        List<MediaAttachment> attachments = new ArrayList<>();
        String rawType = "whatsapp.message." + type;
        String text;
        switch (type) {
            case "text" -> text = Json.text(content, "body").orElse("");
            case "image", "video", "audio", "document", "sticker" -> {
                String mediaId = Json.text(content, "id").orElseThrow(() -> new MalformedEventException(
                        "WhatsApp " + type + " message " + id + " has no media id"));
                attachments.add(new MediaAttachment(Json.text(content, "mime_type").orElse(kindWord(type)),
                        api.mediaUrl(account, mediaId)));
                properties.put(WhatsAppWebhookParser.MEDIA_ID, mediaId);
                Json.text(content, "filename").ifPresent(name -> properties.put(WhatsAppWebhookParser.FILENAME, name));
                text = Json.text(content, "caption").orElse(switch (type) {
                    case "document" -> "[document" + Json.text(content, "filename").map(n -> ": " + n).orElse("") + "]";
                    case "audio" -> Json.flag(content, "voice") ? "[voice message]" : "";
                    default -> "";
                });
            }
            case "location" -> text = location(content);
            case "contacts" -> text = contacts(message.path("contacts"));
            case "interactive" -> {
                String kind = Json.text(content, "type").orElse("unknown");
                rawType = "whatsapp.interactive." + kind;
                text = interactive(kind, content.path(kind), properties);
            }
            case "button" -> {
                Json.text(content, "payload").ifPresent(p -> properties.put(dev.parley.social.api.InboundMessage.PAYLOAD, p));
                text = Json.text(content, "text").orElse("[button]");
            }
            case "order" -> text = order(content, properties);
            case "unsupported", "unknown" -> {
                // the customer wrote something WhatsApp cannot hand over (a poll, an edit, a view-once): the agent sees that
                String error = WhatsAppWebhookParser.error(message.path("errors"));
                properties.put(WhatsAppWebhookParser.UNSUPPORTED_ERROR, error);
                Json.text(content, "type").ifPresent(t -> properties.put(UNSUPPORTED_TYPE, t));
                text = "[unsupported message: " + error + "]";
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new Content(rawType, text, attachments));
    }

    /** What WhatsApp said the customer sent when it could not hand it over ({@code poll_creation}, {@code edit}). */
    static final String UNSUPPORTED_TYPE = "whatsapp.unsupportedType";
    static final String FLOW_NAME = "whatsapp.flow.name";
    static final String FLOW_RESPONSE = "whatsapp.flow.response";
    static final String ORDER_CATALOG = "whatsapp.order.catalogId";
    static final String ORDER_ITEMS = "whatsapp.order.items";

    private static String interactive(String kind, JsonNode reply, Map<String, String> properties) {
        switch (kind) {
            case "nfm_reply" -> {
                // a WhatsApp Flow (or address message) the customer completed: its answers are JSON in response_json
                Json.text(reply, "name").ifPresent(n -> properties.put(FLOW_NAME, n));
                Json.text(reply, "response_json").ifPresent(r -> properties.put(FLOW_RESPONSE, bounded(r)));
                String name = Json.text(reply, "name").filter(n -> !n.equals("flow")).orElse("form");
                return Json.text(reply, "body").filter(b -> !b.equals("Sent")).map(b -> "[" + name + " sent] " + b)
                        .orElse("[" + name + " sent]");
            }
            case "call_permission_reply" -> {
                return "[call permission: " + Json.text(reply, "response").orElse("answered") + "]";
            }
            default -> {
                Json.text(reply, "id").ifPresent(p -> properties.put(dev.parley.social.api.InboundMessage.PAYLOAD, p));
                return Json.text(reply, "title").map(t -> Json.text(reply, "description").map(d -> t + " — " + d).orElse(t))
                        .or(() -> Json.text(reply, "body")).orElse("[" + kind + "]");
            }
        }
    }

    /** A cart sent from the number's catalog: each item, then the customer's note. */
    private static String order(JsonNode order, Map<String, String> properties) {
        Json.text(order, "catalog_id").ifPresent(c -> properties.put(ORDER_CATALOG, c));
        if (order.path("product_items").isArray()) {
            properties.put(ORDER_ITEMS, bounded(order.path("product_items").toString()));
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : order.path("product_items")) {
            String price = Json.text(item, "item_price").map(p -> " at " + p + Json.text(item, "currency").map(c -> " " + c)
                    .orElse("")).orElse("");
            items.add(Json.text(item, "quantity").orElse("1") + " × " + Json.text(item, "product_retailer_id").orElse("?")
                    + price);
        }
        String text = "[Order: " + (items.isEmpty() ? "no items" : String.join(", ", items)) + "]";
        return Json.text(order, "text").map(t -> text + "\n" + t).orElse(text);
    }

    private static String location(JsonNode location) {
        StringBuilder text = new StringBuilder("[Location");
        Optional<String> name = Json.text(location, "name");
        Optional<String> address = Json.text(location, "address");
        name.ifPresent(n -> text.append(": ").append(n));
        address.ifPresent(a -> text.append(name.isPresent() ? ", " : ": ").append(a));
        text.append(name.isPresent() || address.isPresent() ? " (" : ": ")
                .append(location.path("latitude").asText("?")).append(", ").append(location.path("longitude").asText("?"));
        if (name.isPresent() || address.isPresent()) {
            text.append(')');
        }
        Json.text(location, "url").ifPresent(u -> text.append(' ').append(u));
        return text.append(']').toString();
    }

    private static String contacts(JsonNode contacts) {
        List<String> cards = new ArrayList<>();
        for (JsonNode card : contacts) {
            List<String> parts = new ArrayList<>();
            Json.text(card.path("name"), "formatted_name").ifPresent(parts::add);
            card.path("phones").forEach(p -> Json.text(p, "phone").ifPresent(parts::add));
            card.path("emails").forEach(e -> Json.text(e, "email").ifPresent(parts::add));
            cards.add("[Contact: " + (parts.isEmpty() ? "no details" : String.join(", ", parts)) + "]");
        }
        return cards.isEmpty() ? "[Contact]" : String.join("\n", cards);
    }

    static String bounded(String json) {
        return json.length() <= MAX_KEPT_JSON ? json : json.substring(0, MAX_KEPT_JSON) + "…";
    }

    private static String kindWord(String type) {
        return type.equals("document") ? "file" : type;
    }
}
