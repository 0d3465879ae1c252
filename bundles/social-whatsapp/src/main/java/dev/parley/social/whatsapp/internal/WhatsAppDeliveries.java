package dev.parley.social.whatsapp.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.api.DeliveryPart;
import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.kit.Json;

/**
 * One Meta app posts the WhatsApp events of every number of its business accounts to its one
 * callback URL; this splits a delivery by number: each {@code entry[].changes[]} belongs to the
 * account whose {@code accountId} is its {@code value.metadata.phone_number_id}. A delivery for one
 * number, the usual case, is kept as it came (as signed).
 */
final class WhatsAppDeliveries {

    private WhatsAppDeliveries() {
    }

    static List<DeliveryPart> split(SocialAccount postedTo, byte[] body) {
        JsonNode root = Json.object(body, "WhatsApp webhook body");
        JsonNode entries = root.path("entry");
        if (!entries.isArray()) {
            throw new MalformedEventException("a WhatsApp webhook body needs an 'entry' array");
        }
        Map<String, List<JsonNode>> byNumber = new LinkedHashMap<>();
        for (JsonNode entry : entries) {
            Map<String, ObjectNode> parts = new LinkedHashMap<>();
            // changes that are not an array stay with the entry: the parser keeps them as ignored, with the reason
            JsonNode changes = entry.path("changes");
            for (JsonNode change : changes.isArray() ? changes : Json.MAPPER.createArrayNode()) {
                String number = Json.text(change.path("value").path("metadata"), "phone_number_id")
                        .orElse(postedTo.accountId());
                parts.computeIfAbsent(number, n -> entryLike(entry)).withArray("changes").add(change);
            }
            if (parts.isEmpty()) {
                byNumber.computeIfAbsent(postedTo.accountId(), n -> new ArrayList<>()).add(entry);
            }
            parts.forEach((number, part) -> byNumber.computeIfAbsent(number, n -> new ArrayList<>()).add(part));
        }
        if (byNumber.size() <= 1) {
            String number = byNumber.isEmpty() ? postedTo.accountId() : byNumber.keySet().iterator().next();
            return List.of(new DeliveryPart(number, body));
        }
        List<DeliveryPart> parts = new ArrayList<>(byNumber.size());
        byNumber.forEach((number, list) -> {
            ObjectNode part = ((ObjectNode) root).deepCopy();
            part.putArray("entry").addAll(list);
            try {
                parts.add(new DeliveryPart(number, Json.MAPPER.writeValueAsBytes(part)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a parsed WhatsApp body could not be written again", e);
            }
        });
        return parts;
    }

    /** The entry without its changes (its business account id), to hold one number's changes. */
    private static ObjectNode entryLike(JsonNode entry) {
        ObjectNode copy = entry instanceof ObjectNode o ? o.deepCopy() : Json.MAPPER.createObjectNode();
        copy.remove("changes");
        return copy;
    }
}
