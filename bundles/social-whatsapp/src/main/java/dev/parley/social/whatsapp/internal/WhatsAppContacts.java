package dev.parley.social.whatsapp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.kit.Json;

/**
 * The senders of one messages change ({@code value.contacts[]}): a profile name, and since 2026 a
 * {@code username}, the business-scoped {@code user_id} and its {@code parent_user_id}, by the
 * {@code wa_id} or the {@code user_id} the message names. Every part is optional: a contact
 * without {@code profile} still identifies the sender, a system notice comes with no contacts.
 */
final class WhatsAppContacts {

    record Contact(Optional<String> waId, Optional<String> userId, Optional<String> parentUserId,
            Optional<String> name, Optional<String> username) {

        static final Contact NONE = new Contact(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private final List<Contact> contacts;

    private WhatsAppContacts(List<Contact> contacts) {
        this.contacts = contacts;
    }

    static WhatsAppContacts of(JsonNode array) {
        List<Contact> contacts = new ArrayList<>();
        for (JsonNode c : array.isArray() ? array : Json.MAPPER.createArrayNode()) {
            JsonNode profile = c.path("profile");
            contacts.add(new Contact(Json.text(c, "wa_id"), Json.text(c, "user_id"), Json.text(c, "parent_user_id"),
                    Json.text(profile, "name"), Json.text(profile, "username")));
        }
        return new WhatsAppContacts(List.copyOf(contacts));
    }

    /**
     * The contact of a message from {@code phone} / {@code userId}; the only contact when the ids do
     * not match (WhatsApp documents that a user's phone number and wa_id may differ); else none.
     */
    Contact find(Optional<String> phone, Optional<String> userId) {
        for (Contact c : contacts) {
            if (phone.isPresent() && c.waId().equals(phone) || userId.isPresent() && c.userId().equals(userId)) {
                return c;
            }
        }
        return contacts.size() == 1 ? contacts.get(0) : Contact.NONE;
    }
}
