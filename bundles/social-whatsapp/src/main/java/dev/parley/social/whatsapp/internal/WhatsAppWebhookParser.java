package dev.parley.social.whatsapp.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialAuthor;
import dev.parley.social.kit.Json;

/**
 * WhatsApp Cloud API webhook bodies ({@code object: whatsapp_business_account}) to normalized
 * events, every documented kind with a deliberate outcome (docs/PLATFORMS-COVERAGE.md). Each
 * {@code entry[].changes[]} is read on its own: field {@code messages} carries the number's
 * {@code metadata}, the senders' {@code contacts[]} (profile name, {@code wa_id}, and the
 * business-scoped {@code user_id} and {@code username} since 2026) and {@code messages[]},
 * {@code statuses[]} and/or {@code errors[]}; {@code smb_message_echoes} the number's messages sent
 * from the WhatsApp Business app (ECHO); any other field is acknowledged and ignored with its name
 * (a template status change also makes the template list be fetched again).
 *
 * <p>One element that cannot be read (a message without an id, a reaction without its target, an
 * unknown type) never costs its siblings: it becomes an UNSUPPORTED event carrying the reason and
 * its JSON, so a delivery is refused (400) only when its body is not a WhatsApp body at all. Meta
 * redelivers a refused delivery for days, with the good messages in it.
 */
final class WhatsAppWebhookParser {

    static final String PLATFORM = "whatsapp";
    static final String CHANNEL = "whatsapp";
    static final String OBJECT = "whatsapp_business_account";
    /** The media id of an attachment, and the file name WhatsApp gave a document. */
    static final String MEDIA_ID = "whatsapp.mediaId";
    static final String FILENAME = "whatsapp.filename";
    /** "true" for a forwarded message, "frequently" for one forwarded many times. */
    static final String FORWARDED = "whatsapp.forwarded";
    /** WhatsApp's error of an unsupported message, or why an event was ignored. */
    static final String UNSUPPORTED_ERROR = "whatsapp.error";
    /** The JSON of an event kept as it came (bounded), for an ignored kind: nothing is lost. */
    static final String RAW = "whatsapp.raw";
    /** The business-scoped user id (BSUID) of the customer, and its parent, when WhatsApp sends them. */
    static final String USER_ID = "whatsapp.userId";
    static final String PARENT_USER_ID = "whatsapp.parentUserId";
    static final String GROUP_ID = "whatsapp.groupId";
    /** A product the customer asked about ({@code context.referred_product}). */
    static final String PRODUCT = "whatsapp.product";
    /** System notices: the customer's ids before and after (number change, BSUID change). */
    static final String PREVIOUS_ID = "whatsapp.previousId";
    static final String NEW_ID = "whatsapp.newId";
    static final String PREVIOUS_USER_ID = "whatsapp.previousUserId";
    static final String NEW_USER_ID = "whatsapp.newUserId";
    static final String REFERRAL_HEADLINE = "whatsapp.referral.headline";
    static final String REFERRAL_BODY = "whatsapp.referral.body";
    static final String REFERRAL_CLICK_ID = "whatsapp.referral.ctwaClid";
    static final String PRICING_CATEGORY = "whatsapp.pricing.category";
    static final String PRICING_TYPE = "whatsapp.pricing.type";
    static final String CONVERSATION_ORIGIN = "whatsapp.conversation.origin";

    private final WhatsAppContent content;
    private final Consumer<SocialAccount> templatesChanged;

    WhatsAppWebhookParser(WhatsAppApi api) {
        this(api, account -> { });
    }

    WhatsAppWebhookParser(WhatsAppApi api, Consumer<SocialAccount> templatesChanged) {
        this.content = new WhatsAppContent(api);
        this.templatesChanged = templatesChanged;
    }

    List<InboundMessage> parse(SocialAccount account, byte[] body) {
        JsonNode root = Json.object(body, "WhatsApp webhook body");
        JsonNode entries = root.path("entry");
        if (!entries.isArray()) {
            throw new MalformedEventException("a WhatsApp webhook body needs an 'entry' array");
        }
        String object = Json.text(root, "object").orElse(OBJECT);
        List<InboundMessage> events = new ArrayList<>();
        for (JsonNode entry : entries) {
            JsonNode changes = entry.path("changes");
            if (!changes.isArray()) {
                events.add(ignored(account, "whatsapp.entry", entry, "an entry without a 'changes' array"));
                continue;
            }
            for (JsonNode change : changes) {
                events.addAll(change(account, object, change));
            }
        }
        return events;
    }

    private List<InboundMessage> change(SocialAccount account, String object, JsonNode change) {
        String field = Json.text(change, "field").orElse("unknown");
        JsonNode value = change.path("value");
        if (!object.equals(OBJECT)) {
            return List.of(ignored(account, "whatsapp.object." + object, change, "object '" + object
                    + "' is not a WhatsApp Business Account"));
        }
        return switch (field) {
            case "messages" -> messagesChange(account, value);
            case "smb_message_echoes" -> each(account, value, "message_echoes", "echo", e -> echo(account, e));
            case "message_template_status_update", "message_template_components_update", "template_category_update",
                    "message_template_quality_update" -> {
                templatesChanged.accept(account);
                yield List.of(ignored(account, "whatsapp.changes." + field, change, "template "
                        + Json.text(value, "message_template_name").orElse("?") + " "
                        + Json.text(value, "event").or(() -> Json.text(value, "new_category")).orElse("changed")
                        + ": the template list is fetched again"));
            }
            default -> List.of(ignored(account, "whatsapp.changes." + field, change, "webhook field '" + field
                    + "' carries no customer message"));
        };
    }

    private List<InboundMessage> messagesChange(SocialAccount account, JsonNode value) {
        WhatsAppContacts contacts = WhatsAppContacts.of(value.path("contacts"));
        List<InboundMessage> events = new ArrayList<>();
        events.addAll(each(account, value, "messages", "message", m -> message(account, m, contacts)));
        events.addAll(each(account, value, "statuses", "status", s -> status(account, s)));
        JsonNode errors = value.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            // out-of-band errors of the number or the app (130429 rate limit hit, 131000 something went wrong, ...)
            events.add(ignored(account, "whatsapp.errors", value, error(errors)));
        }
        if (events.isEmpty()) {
            events.add(ignored(account, "whatsapp.messages.empty", value, "a messages change with no messages, "
                    + "statuses or errors"));
        }
        return events;
    }

    /** Each element of {@code value.<array>}, one that cannot be read kept as UNSUPPORTED with the reason. */
    private static List<InboundMessage> each(SocialAccount account, JsonNode value, String array, String what,
            java.util.function.Function<JsonNode, InboundMessage> read) {
        JsonNode elements = value.path(array);
        if (elements.isMissingNode() || elements.isNull()) {
            return List.of();
        }
        if (!elements.isArray()) {
            return List.of(ignored(account, "whatsapp.malformed." + what, value, "'" + array + "' is not an array"));
        }
        List<InboundMessage> events = new ArrayList<>(elements.size());
        for (JsonNode element : elements) {
            events.add(guarded(account, what, element, () -> read.apply(element)));
        }
        return events;
    }

    private static InboundMessage guarded(SocialAccount account, String what, JsonNode node, Supplier<InboundMessage> read) {
        try {
            return read.get();
        } catch (MalformedEventException e) {
            return ignored(account, "whatsapp.malformed." + what, node, e.getMessage());
        } catch (RuntimeException e) {
            return ignored(account, "whatsapp.malformed." + what, node, "a " + what + " not in the documented shape ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private InboundMessage message(SocialAccount account, JsonNode message, WhatsAppContacts contacts) {
        if (!message.isObject()) {
            throw new MalformedEventException("a WhatsApp message that is not an object");
        }
        String id = Json.text(message, "id").orElseThrow(() -> new MalformedEventException("a WhatsApp message has no id"));
        String type = Json.text(message, "type").orElse("unknown");
        Optional<String> phone = Json.text(message, "from");
        Optional<String> userId = Json.text(message, "from_user_id");
        if (type.equals("system")) {
            return system(account, id, message, phone.or(() -> userId));
        }
        // since 2026 a customer with a username may come as a business-scoped user id (BSUID) alone
        String from = phone.or(() -> userId).orElseThrow(() -> new MalformedEventException("WhatsApp message " + id
                + " has neither 'from' nor 'from_user_id'"));
        WhatsAppContacts.Contact contact = contacts.find(phone, userId);
        SocialAuthor author = new SocialAuthor(from, contact.username(), contact.name(), OptionalLong.empty(), false,
                Optional.of(true));
        Instant at = time(message);
        Map<String, String> properties = new LinkedHashMap<>();
        userId.or(contact::userId).ifPresent(u -> properties.put(USER_ID, u));
        Json.text(message, "from_parent_user_id").or(contact::parentUserId).ifPresent(u -> properties.put(PARENT_USER_ID, u));
        Optional<String> group = Json.text(message, "group_id");
        group.ifPresent(g -> properties.put(GROUP_ID, g));
        String conversation = group.map(WhatsAppWebhookParser::groupConversation).orElse(conversation(from));
        MessageVisibility visibility = group.isPresent() ? MessageVisibility.PUBLIC : MessageVisibility.PRIVATE;
        JsonNode context = message.path("context");
        boolean forwarded = Json.flag(context, "forwarded") || Json.flag(context, "frequently_forwarded");
        if (forwarded) {
            properties.put(FORWARDED, Json.flag(context, "frequently_forwarded") ? "frequently" : "true");
        }
        Optional<String> replyTo = forwarded ? Optional.empty() : Json.text(context, "id");
        JsonNode product = context.path("referred_product");
        Json.text(product, "product_retailer_id").ifPresent(p -> properties.put(PRODUCT, p
                + Json.text(product, "catalog_id").map(c -> " (catalog " + c + ")").orElse("")));
        referral(message.path("referral"), properties);
        if (type.equals("reaction")) {
            return reaction(account, id, author, conversation, visibility, at, message.path("reaction"));
        }
        JsonNode errors = message.path("errors");
        String read = !errors.isArray() || errors.isEmpty() ? type : switch (type) {
            // WhatsApp could not hand the content over: whatever the type says, the error is what there is
            case "text", "image", "video", "audio", "document", "sticker", "location", "contacts", "interactive",
                    "button", "order" -> type;
            default -> "unsupported";
        };
        Optional<WhatsAppContent.Content> c = content.read(account, id, read, message, properties);
        if (c.isEmpty()) {
            return ignored(account, "whatsapp.message." + type, message, type.equals("request_welcome")
                    ? "the customer opened the chat for the first time; no message yet"
                    : "message type '" + type + "' carries nothing Parley shows");
        }
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation, id, MessageKind.MESSAGE,
                Optional.of(c.get().rawType()), author, c.get().text(), c.get().attachments(), visibility, replyTo, at,
                properties);
    }

    private static InboundMessage reaction(SocialAccount account, String id, SocialAuthor author, String conversation,
            MessageVisibility visibility, Instant at, JsonNode reaction) {
        String target = Json.text(reaction, "message_id")
                .orElseThrow(() -> new MalformedEventException("WhatsApp reaction " + id + " has no message_id"));
        // a removed reaction comes with no emoji, or an empty one
        Optional<String> emoji = Json.text(reaction, "emoji");
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation, id, MessageKind.REACTION,
                Optional.of("whatsapp.message.reaction"), author, emoji.orElse(""), List.of(), visibility,
                Optional.empty(), at, Map.of(InboundMessage.TARGET_ID, target, InboundMessage.REACTION, emoji.orElse(""),
                        InboundMessage.REACTION_ACTION, emoji.isPresent() ? "react" : "unreact"));
    }

    /**
     * A notice about the customer's identity: {@code user_changed_number} (the new number in
     * {@code system.wa_id}; {@code customer_changed_number} with {@code new_wa_id} in older versions),
     * {@code user_changed_user_id} (a new BSUID), {@code user_identity_changed}. Kept on the old
     * conversation with both ids: the evidence a person's identity moved, never a ticket message. A
     * new number (or the new BSUID of a customer known by it alone) is {@link MessageKind#MOVED}: the
     * customer and the conversation go on under it.
     */
    private static InboundMessage system(SocialAccount account, String id, JsonNode message, Optional<String> from) {
        JsonNode system = message.path("system");
        String kind = Json.text(system, "type").orElse("unknown");
        Map<String, String> properties = new LinkedHashMap<>();
        Optional<String> phone = Json.text(message, "from");
        Optional<String> previousUserId = Json.text(system, "previous_user_id");
        Optional<String> newUserId = Json.text(system, "user_id");
        // a customer known by a BSUID alone writes from the new one; the notice belongs to the old
        Optional<String> old = phone.isEmpty() && previousUserId.isPresent() ? previousUserId
                : from.or(() -> previousUserId).or(() -> Json.text(system, "customer"));
        String oldId = old.orElse(account.accountId());
        properties.put(PREVIOUS_ID, oldId);
        Optional<String> newNumber = Json.text(system, "new_wa_id").or(() -> Json.text(system, "wa_id"))
                .filter(n -> !n.equals(oldId));
        newNumber.ifPresent(n -> properties.put(NEW_ID, n));
        previousUserId.ifPresent(u -> properties.put(PREVIOUS_USER_ID, u));
        newUserId.ifPresent(u -> properties.put(NEW_USER_ID, u));
        Json.text(system, "identity").ifPresent(h -> properties.put("whatsapp.identity", h));
        String text = Json.text(system, "body").orElse("[WhatsApp system notice: " + kind + "]");
        // the customer goes on under the new id: their number, or the BSUID of a customer known by it alone
        Optional<String> movedTo = old.isEmpty() ? Optional.empty() : newNumber
                .or(() -> phone.isEmpty() ? newUserId.filter(n -> !n.equals(oldId)) : Optional.empty());
        if (movedTo.isPresent()) {
            properties.put(InboundMessage.MOVED_TO_AUTHOR, movedTo.get());
            properties.put(InboundMessage.MOVED_TO_CONVERSATION, conversation(movedTo.get()));
        } else {
            properties.put(UNSUPPORTED_ERROR, "a WhatsApp system notice (" + kind + "), not a message of the customer");
        }
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation(oldId), id,
                movedTo.isPresent() ? MessageKind.MOVED : MessageKind.UNSUPPORTED,
                Optional.of("whatsapp.system." + kind), SocialAuthor.of(oldId), text, List.of(), MessageVisibility.PRIVATE,
                Optional.empty(), time(message), properties);
    }

    private static InboundMessage status(SocialAccount account, JsonNode status) {
        String target = Json.text(status, "id").orElseThrow(() -> new MalformedEventException("a WhatsApp status has no id"));
        String state = Json.text(status, "status").map(s -> s.toLowerCase(Locale.ROOT)).orElse("unknown");
        boolean group = "group".equals(Json.text(status, "recipient_type").orElse(""));
        String recipient = Json.text(status, "recipient_id").or(() -> Json.text(status, "recipient_user_id"))
                .orElse(account.accountId());
        String conversation = group ? groupConversation(recipient) : conversation(recipient);
        Instant at = time(status);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(InboundMessage.TARGET_ID, target);
        JsonNode pricing = status.path("pricing");
        Json.text(pricing, "category").ifPresent(c -> properties.put(PRICING_CATEGORY, c));
        Json.text(pricing, "type").ifPresent(t -> properties.put(PRICING_TYPE, t));
        Json.text(status.path("conversation").path("origin"), "type").ifPresent(o -> properties.put(CONVERSATION_ORIGIN, o));
        switch (state) {
            case "sent", "delivered", "read", "failed" -> {
                properties.put(InboundMessage.DELIVERY_STATUS, state);
                if (state.equals("failed")) {
                    properties.put(InboundMessage.DELIVERY_ERROR, "WhatsApp could not deliver it: "
                            + error(status.path("errors")));
                }
                // a group's status per participant: one status each, so the participant is part of the id
                String each = Json.text(status, "recipient_participant_id").map(p -> ":" + p).orElse("");
                return new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation,
                        "status:" + target + ":" + state + each, MessageKind.STATUS, Optional.of("whatsapp.status." + state),
                        SocialAuthor.of(account.accountId()), "", List.of(), MessageVisibility.PRIVATE, Optional.empty(),
                        at, properties);
            }
            case "deleted" -> {
                // the customer deleted a message they sent us (older API versions report it this way)
                return new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation,
                        "deleted:" + target, MessageKind.RETRACTION, Optional.of("whatsapp.status.deleted"),
                        SocialAuthor.of(recipient), "", List.of(), MessageVisibility.PRIVATE, Optional.empty(), at,
                        Map.of(InboundMessage.TARGET_ID, target));
            }
            default -> {
                // "played" (a voice message listened to), or a status WhatsApp adds later
                return ignored(account, "whatsapp.status." + state, status, "status '" + state + "' changes no "
                        + "delivery state");
            }
        }
    }

    /**
     * A message the number sent from the WhatsApp Business app (coexistence): an ECHO on the
     * customer's conversation, so the agents see what was answered outside Parley.
     */
    private InboundMessage echo(SocialAccount account, JsonNode echo) {
        String id = Json.text(echo, "id").orElseThrow(() -> new MalformedEventException("a WhatsApp echo has no id"));
        String to = Json.text(echo, "to").or(() -> Json.text(echo, "to_user_id")).orElseThrow(
                () -> new MalformedEventException("WhatsApp echo " + id + " has no 'to'"));
        String type = Json.text(echo, "type").orElse("unknown");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(InboundMessage.ORIGIN_APP, "whatsapp-business-app");
        Optional<WhatsAppContent.Content> c = content.read(account, id, type, echo, properties);
        String text = c.map(WhatsAppContent.Content::text).orElse("[" + type + "]");
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation(to), id, MessageKind.ECHO,
                Optional.of("whatsapp.echo." + type), SocialAuthor.of(Json.text(echo, "from").orElse(account.accountId())),
                text, c.map(WhatsAppContent.Content::attachments).orElse(List.of()), MessageVisibility.PRIVATE,
                Json.text(echo.path("context"), "id"), time(echo), properties);
    }

    /** An event kept as ignored: counted by its raw type, with the reason and its JSON (bounded). */
    static InboundMessage ignored(SocialAccount account, String rawType, JsonNode node, String reason) {
        String id = rawType + ":" + Json.digest(node);
        String from = Json.text(node, "from").or(() -> Json.text(node, "from_user_id")).orElse(account.accountId());
        return new InboundMessage(PLATFORM, account.name(), CHANNEL, conversation(from), id, MessageKind.UNSUPPORTED,
                Optional.of(rawType), SocialAuthor.of(from), reason, List.of(), MessageVisibility.PRIVATE,
                Optional.empty(), time(node), Map.of(UNSUPPORTED_ERROR, reason, RAW, WhatsAppContent.bounded(node.toString())));
    }

    /** WhatsApp's error objects as an agent can read them: {@code Message type unknown (131051): details}. */
    static String error(JsonNode errors) {
        List<String> described = new ArrayList<>();
        for (JsonNode e : errors) {
            String title = Json.text(e, "title").or(() -> Json.text(e, "message")).orElse("error");
            String code = Json.text(e, "code").map(c -> " (" + c + ")").orElse("");
            String details = Json.text(e.path("error_data"), "details").or(() -> Json.text(e, "details"))
                    .filter(d -> !d.equals(title)).map(d -> ": " + d).orElse("");
            described.add(title + code + details);
        }
        return described.isEmpty() ? "no reason given" : String.join("; ", described);
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
        Json.text(referral, "media_type").ifPresent(v -> properties.put(InboundMessage.REFERRAL_TYPE, v));
        Json.text(referral, "headline").ifPresent(v -> properties.put(REFERRAL_HEADLINE, v));
        Json.text(referral, "body").ifPresent(v -> properties.put(REFERRAL_BODY, v));
        Json.text(referral, "ctwa_clid").ifPresent(v -> properties.put(REFERRAL_CLICK_ID, v));
    }

    static String conversation(String waId) {
        return "wa:" + waId;
    }

    /** A group's conversation: replies go to the group ({@code recipient_type: group}). */
    static String groupConversation(String groupId) {
        return "wa:group:" + groupId;
    }

    /** WhatsApp timestamps are Unix seconds, as strings (numbers accepted too). */
    private static Instant time(JsonNode node) {
        OptionalLong seconds = Json.number(node, "timestamp");
        if (seconds.isEmpty() || seconds.getAsLong() < 0 || seconds.getAsLong() > MAX_SECONDS) {
            return Instant.now();
        }
        return Instant.ofEpochSecond(seconds.getAsLong());
    }

    /** Year 9999: a timestamp beyond it is no time WhatsApp sent. */
    private static final long MAX_SECONDS = 253_402_300_799L;
}
