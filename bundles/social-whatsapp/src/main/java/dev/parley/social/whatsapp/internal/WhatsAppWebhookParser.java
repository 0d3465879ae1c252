package dev.parley.social.whatsapp.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 * WhatsApp Cloud API webhook bodies ({@code object: whatsapp_business_account}) to normalized
 * messages, every documented kind with a deliberate outcome (docs/PLATFORMS-COVERAGE.md). Each
 * {@code entry[].changes[]} of field {@code messages} carries the number's {@code metadata}, the
 * senders' {@code contacts[]} (profile name by {@code wa_id}: the customer's identity) and either
 * {@code messages[]} or {@code statuses[]}. Text, media (image, audio, video, document, sticker:
 * attachments by media id, resolved when downloaded), location, shared contacts, interactive
 * button and list replies and template quick-reply {@code button}s become customer messages (a
 * reply to a message carries its {@code context.id}); reactions are REACTIONs; an {@code
 * unsupported} message is still a customer message, with a placeholder naming WhatsApp's error;
 * statuses of our own messages are STATUS events; anything else (system notices, orders, errors
 * for the number, other webhook fields) is UNSUPPORTED with its raw type.
 */
final class WhatsAppWebhookParser {

    static final String PLATFORM = "whatsapp";
    static final String CHANNEL = "whatsapp";
    /** The media id of an attachment, and the file name WhatsApp gave a document. */
    static final String MEDIA_ID = "whatsapp.mediaId";
    static final String FILENAME = "whatsapp.filename";
    static final String FORWARDED = "whatsapp.forwarded";
    static final String UNSUPPORTED_ERROR = "whatsapp.error";

    private final WhatsAppApi api;

    WhatsAppWebhookParser(WhatsAppApi api) {
        this.api = api;
    }

    List<InboundMessage> parse(SocialAccount account, byte[] body) {
        JsonNode root = Json.object(body, "WhatsApp webhook body");
        JsonNode entries = root.path("entry");
        if (!entries.isArray()) {
            throw new MalformedEventException("a WhatsApp webhook body needs an 'entry' array");
        }
        String object = Json.text(root, "object").orElse("whatsapp_business_account");
        List<InboundMessage> messages = new ArrayList<>();
        for (JsonNode entry : entries) {
            for (JsonNode change : entry.path("changes")) {
                String field = Json.text(change, "field").orElse("unknown");
                JsonNode value = change.path("value");
                if (!object.equals("whatsapp_business_account") || !field.equals("messages")) {
                    messages.add(ignored(account, "whatsapp.changes." + field, change, Optional.empty()));
                    continue;
                }
                Map<String, String> names = new HashMap<>();
                for (JsonNode contact : value.path("contacts")) {
                    Json.text(contact, "wa_id").ifPresent(id -> Json.text(contact.path("profile"), "name")
                            .ifPresent(name -> names.put(id, name)));
                }
                for (JsonNode message : value.path("messages")) {
                    messages.add(message(account, message, names));
                }
                for (JsonNode status : value.path("statuses")) {
                    messages.add(status(account, status));
                }
                if (value.path("errors").isArray() && !value.path("errors").isEmpty()) {
                    messages.add(ignored(account, "whatsapp.errors", value, Optional.of(error(value.path("errors")))));
                }
            }
        }
        return messages;
    }

    private InboundMessage message(SocialAccount account, JsonNode message, Map<String, String> names) {
        String id = Json.text(message, "id").orElseThrow(() -> new MalformedEventException("a WhatsApp message has no id"));
        String from = Json.text(message, "from")
                .orElseThrow(() -> new MalformedEventException("WhatsApp message " + id + " has no 'from'"));
        String type = Json.text(message, "type").orElse("unknown");
        SocialAuthor author = new SocialAuthor(from, Optional.empty(), Optional.ofNullable(names.get(from)),
                OptionalLong.empty(), false, Optional.of(true));
        Instant at = time(message);
        JsonNode context = message.path("context");
        Optional<String> replyTo = Json.flag(context, "forwarded") || Json.flag(context, "frequently_forwarded")
                ? Optional.empty() : Json.text(context, "id");
        Map<String, String> properties = new LinkedHashMap<>();
        if (Json.flag(context, "forwarded") || Json.flag(context, "frequently_forwarded")) {
            properties.put(FORWARDED, "true");
        }
        referral(message.path("referral"), properties);
        List<MediaAttachment> attachments = new ArrayList<>();
        String text;
        JsonNode content = message.path(type);
        switch (type) {
            case "text" -> text = Json.text(content, "body").orElse("");
            case "image", "video", "audio", "document", "sticker" -> {
                String mediaId = Json.text(content, "id").orElseThrow(() -> new MalformedEventException(
                        "WhatsApp " + type + " message " + id + " has no media id"));
                attachments.add(new MediaAttachment(Json.text(content, "mime_type").orElse(kindWord(type)),
                        api.mediaUrl(account, mediaId)));
                properties.put(MEDIA_ID, mediaId);
                Json.text(content, "filename").ifPresent(name -> properties.put(FILENAME, name));
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
                JsonNode reply = content.path(kind);
                Json.text(reply, "id").ifPresent(p -> properties.put(InboundMessage.PAYLOAD, p));
                text = Json.text(reply, "title").map(t -> Json.text(reply, "description").map(d -> t + " — " + d).orElse(t))
                        .or(() -> Json.text(reply, "body")).orElse("[" + kind + "]");
                return new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation(from), id, MessageKind.MESSAGE,
                        Optional.of("whatsapp.interactive." + kind), author, text, List.of(), MessageVisibility.PRIVATE,
                        replyTo, at, properties);
            }
            case "button" -> {
                Json.text(content, "payload").ifPresent(p -> properties.put(InboundMessage.PAYLOAD, p));
                text = Json.text(content, "text").orElse("[button]");
            }
            case "reaction" -> {
                return reaction(account, id, author, at, content);
            }
            case "unsupported" -> {
                // the customer wrote something WhatsApp cannot hand over (a poll, an edit, a view-once): the agent sees that
                String error = error(message.path("errors"));
                properties.put(UNSUPPORTED_ERROR, error);
                text = "[unsupported message: " + error + "]";
            }
            default -> {
                return ignored(account, "whatsapp.message." + type, message, Optional.empty());
            }
        }
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation(from), id, MessageKind.MESSAGE,
                Optional.of("whatsapp.message." + type), author, text, attachments, MessageVisibility.PRIVATE, replyTo,
                at, properties);
    }

    private InboundMessage reaction(SocialAccount account, String id, SocialAuthor author, Instant at, JsonNode reaction) {
        String target = Json.text(reaction, "message_id")
                .orElseThrow(() -> new MalformedEventException("WhatsApp reaction " + id + " has no message_id"));
        Optional<String> emoji = Json.text(reaction, "emoji");
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation(author.platformId()), id,
                MessageKind.REACTION, Optional.of("whatsapp.message.reaction"), author, emoji.orElse(""), List.of(),
                MessageVisibility.PRIVATE, Optional.empty(), at, Map.of(InboundMessage.TARGET_ID, target,
                        InboundMessage.REACTION, emoji.orElse(""),
                        InboundMessage.REACTION_ACTION, emoji.isPresent() ? "react" : "unreact"));
    }

    private InboundMessage status(SocialAccount account, JsonNode status) {
        String target = Json.text(status, "id").orElseThrow(() -> new MalformedEventException("a WhatsApp status has no id"));
        String state = Json.text(status, "status").orElse("unknown");
        String recipient = Json.text(status, "recipient_id").orElse("unknown");
        Instant at = time(status);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(InboundMessage.TARGET_ID, target);
        switch (state) {
            case "sent", "delivered", "read", "failed" -> {
                properties.put(InboundMessage.DELIVERY_STATUS, state);
                if (state.equals("failed")) {
                    properties.put(InboundMessage.DELIVERY_ERROR, "WhatsApp could not deliver it: "
                            + error(status.path("errors")));
                }
                return new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation(recipient),
                        "status:" + target + ":" + state, MessageKind.STATUS, Optional.of("whatsapp.status." + state),
                        SocialAuthor.of(account.accountId()), "", List.of(), MessageVisibility.PRIVATE, Optional.empty(),
                        at, properties);
            }
            case "deleted" -> {
                // the customer deleted a message they sent us (older API versions report it this way)
                return new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation(recipient),
                        "deleted:" + target, MessageKind.RETRACTION, Optional.of("whatsapp.status.deleted"),
                        SocialAuthor.of(recipient), "", List.of(), MessageVisibility.PRIVATE, Optional.empty(), at,
                        Map.of(InboundMessage.TARGET_ID, target));
            }
            default -> {
                return ignored(account, "whatsapp.status." + state, status, Optional.empty());
            }
        }
    }

    private static InboundMessage ignored(SocialAccount account, String rawType, JsonNode node, Optional<String> error) {
        String id = rawType + ":" + Json.digest(node);
        String from = Json.text(node, "from").orElse(account.accountId());
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation(from), id, MessageKind.UNSUPPORTED,
                Optional.of(rawType), SocialAuthor.of(from), error.orElse(""), List.of(), MessageVisibility.PRIVATE,
                Optional.empty(), time(node), error.map(e -> Map.of(UNSUPPORTED_ERROR, e)).orElse(Map.of()));
    }

    /** WhatsApp's error objects as an agent can read them: {@code Message type unknown (131051): details}. */
    static String error(JsonNode errors) {
        List<String> described = new ArrayList<>();
        for (JsonNode e : errors) {
            String title = Json.text(e, "title").or(() -> Json.text(e, "message")).orElse("error");
            String code = Json.text(e, "code").map(c -> " (" + c + ")").orElse("");
            String details = Json.text(e.path("error_data"), "details").filter(d -> !d.equals(title))
                    .map(d -> ": " + d).orElse("");
            described.add(title + code + details);
        }
        return described.isEmpty() ? "no reason given" : String.join("; ", described);
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

    /** Click-to-WhatsApp ads and posts: where the customer came from. */
    private static void referral(JsonNode referral, Map<String, String> properties) {
        if (!referral.isObject()) {
            return;
        }
        Json.text(referral, "source_type").ifPresent(v -> properties.put(InboundMessage.REFERRAL_SOURCE, v));
        Json.text(referral, "source_url").ifPresent(v -> properties.put(InboundMessage.REFERRAL_REF, v));
        if ("ad".equals(Json.text(referral, "source_type").orElse(""))) {
            Json.text(referral, "source_id").ifPresent(v -> properties.put(InboundMessage.REFERRAL_AD_ID, v));
        }
        Json.text(referral, "headline").ifPresent(v -> properties.put(InboundMessage.REFERRAL_TYPE, v));
    }

    private static String kindWord(String type) {
        return type.equals("document") ? "file" : type;
    }

    static String conversation(String waId) {
        return "wa:" + waId;
    }

    /** WhatsApp timestamps are Unix seconds, as strings. */
    private static Instant time(JsonNode node) {
        OptionalLong seconds = Json.number(node, "timestamp");
        return seconds.isPresent() ? Instant.ofEpochSecond(seconds.getAsLong()) : Instant.now();
    }
}
