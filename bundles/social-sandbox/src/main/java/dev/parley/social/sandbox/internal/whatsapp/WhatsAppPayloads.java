package dev.parley.social.sandbox.internal.whatsapp;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.sandbox.internal.wire.WireJson;

/**
 * Webhook bodies in the Cloud API's documented shape: {@code object: whatsapp_business_account},
 * {@code entry[{id: <business account id>, changes[{field: messages, value{messaging_product,
 * metadata{display_phone_number, phone_number_id}, contacts[{profile{name}, wa_id}], messages[]}}]}]},
 * or {@code value.statuses[]} for what became of the number's own messages.
 */
final class WhatsAppPayloads {

    private final WireJson json;

    WhatsAppPayloads(WireJson json) {
        this.json = json;
    }

    /** The {@code value} of one messages change, wrapped in its entry and body. */
    private ObjectNode envelope(WhatsAppAccount account, ObjectNode value) {
        return change(account, "messages", value);
    }

    /** One change of {@code field} with {@code value}, wrapped in its entry and body. */
    ObjectNode change(WhatsAppAccount account, String field, ObjectNode value) {
        ObjectNode root = json.object().put("object", "whatsapp_business_account");
        ObjectNode change = root.putArray("entry").addObject().put("id", account.businessAccountId())
                .put("time", System.currentTimeMillis() / 1000).putArray("changes").addObject();
        change.set("value", value);
        change.put("field", field);
        return root;
    }

    /**
     * A messages change carrying {@code messages} as they are (each complete), with {@code contact}
     * (absent for system notices, which come without contacts).
     */
    ObjectNode messages(WhatsAppAccount account, Optional<ObjectNode> contact, List<ObjectNode> messages) {
        ObjectNode value = value(account);
        contact.ifPresent(c -> value.putArray("contacts").add(c));
        ArrayNode array = value.putArray("messages");
        messages.forEach(array::add);
        return envelope(account, value);
    }

    /** {@code value.errors}: a problem of the number or the app, not of one message. */
    ObjectNode errors(WhatsAppAccount account, int code, String title, String details) {
        ObjectNode value = value(account);
        ObjectNode e = value.putArray("errors").addObject().put("code", code).put("title", title)
                .put("message", "(#" + code + ") " + title);
        e.putObject("error_data").put("details", details);
        e.put("href", "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/");
        return envelope(account, value);
    }

    /** A message the number sent from the WhatsApp Business app ({@code smb_message_echoes}). */
    ObjectNode appEcho(WhatsAppAccount account, String to, String wamid, String text, Instant at) {
        ObjectNode value = value(account);
        value.putArray("message_echoes").addObject().put("from", account.displayNumber()).put("to", to)
                .put("id", wamid).put("timestamp", Long.toString(at.getEpochSecond())).put("type", "text")
                .putObject("text").put("body", text);
        return change(account, "smb_message_echoes", value);
    }

    ObjectNode value(WhatsAppAccount account) {
        ObjectNode value = json.object().put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", account.displayNumber())
                .put("phone_number_id", account.phoneNumberId());
        return value;
    }

    /** A customer's message: {@code message} already holds its type and content; from, id, timestamp are added. */
    ObjectNode customerMessage(WhatsAppAccount account, String waId, String profileName, String wamid,
            ObjectNode message, Optional<String> quoted, Instant at) {
        ObjectNode value = value(account);
        value.putArray("contacts").addObject().put("wa_id", waId).putObject("profile").put("name", profileName);
        ObjectNode m = json.object();
        quoted.ifPresent(id -> m.putObject("context").put("from", account.displayNumber()).put("id", id));
        m.put("from", waId).put("id", wamid).put("timestamp", Long.toString(at.getEpochSecond()));
        m.setAll(message);
        value.putArray("messages").add(m);
        return envelope(account, value);
    }

    /** A status of one of the number's messages; {@code error} (code, title, details) only for failed. */
    ObjectNode status(WhatsAppAccount account, String wamid, String recipient, String status, Instant at,
            Optional<String[]> error) {
        ObjectNode value = value(account);
        ObjectNode s = value.putArray("statuses").addObject().put("id", wamid).put("status", status)
                .put("timestamp", Long.toString(at.getEpochSecond()))
                .put(recipient.matches("[A-Z]{2}\\..+") ? "recipient_user_id" : "recipient_id", recipient);
        if (error.isPresent()) {
            ArrayNode errors = s.putArray("errors");
            ObjectNode e = errors.addObject().put("code", Integer.parseInt(error.get()[0])).put("title", error.get()[1])
                    .put("message", error.get()[1]);
            e.putObject("error_data").put("details", error.get()[2]);
            e.put("href", "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/");
        } else {
            ObjectNode conversation = s.putObject("conversation").put("id", "CONVERSATION_" + recipient);
            if (status.equals("sent")) {
                conversation.put("expiration_timestamp", Long.toString(at.plusSeconds(86_400).getEpochSecond()));
            }
            conversation.putObject("origin").put("type", "service");
            s.putObject("pricing").put("billable", true).put("pricing_model", "CBP").put("category", "service");
        }
        return envelope(account, value);
    }
}
