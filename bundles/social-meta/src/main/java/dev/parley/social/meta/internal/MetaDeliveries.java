package dev.parley.social.meta.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.api.DeliveryPart;
import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.kit.Json;

/**
 * One Meta app posts the events of every Page and Instagram account subscribed to it to its one
 * callback URL; this splits such a delivery by account. An entry belongs to the account in its
 * {@code id}; a messaging event inside it (also in {@code standby}, another app's thread) to its
 * {@code recipient.id}, or for an echo of the account's own message to its {@code sender.id}, when
 * that names another account. A delivery for one account, the usual case, is kept as it came.
 */
final class MetaDeliveries {

    private static final List<String> MESSAGING_ARRAYS = List.of("messaging", "standby");

    private MetaDeliveries() {
    }

    static List<DeliveryPart> split(SocialAccount postedTo, byte[] body) {
        JsonNode root = Json.object(body, "Meta webhook body");
        JsonNode entries = root.path("entry");
        if (!entries.isArray()) {
            throw new MalformedEventException("a Meta webhook body needs an 'entry' array");
        }
        Map<String, List<JsonNode>> byAccount = new LinkedHashMap<>();
        boolean moved = false;
        for (JsonNode entry : entries) {
            String ownId = Json.text(entry, "id").orElse(postedTo.accountId());
            if (!(entry instanceof ObjectNode object)) {
                byAccount.computeIfAbsent(ownId, id -> new ArrayList<>()).add(entry);
                continue;
            }
            ObjectNode kept = object.deepCopy();
            Map<String, ObjectNode> others = new LinkedHashMap<>();
            for (String array : MESSAGING_ARRAYS) {
                JsonNode items = object.path(array);
                if (!items.isArray()) {
                    continue;
                }
                ArrayNode keep = kept.putArray(array);
                for (JsonNode item : items) {
                    String to = addressee(item).orElse(ownId);
                    if (to.equals(ownId)) {
                        keep.add(item);
                    } else {
                        others.computeIfAbsent(to, id -> entryFor(id, object)).withArray(array).add(item);
                    }
                }
            }
            byAccount.computeIfAbsent(ownId, id -> new ArrayList<>()).add(others.isEmpty() ? entry : kept);
            others.forEach((id, part) -> byAccount.computeIfAbsent(id, i -> new ArrayList<>()).add(part));
            moved |= !others.isEmpty();
        }
        if (byAccount.size() == 1 && !moved) {
            return List.of(new DeliveryPart(byAccount.keySet().iterator().next(), body)); // as signed, not re-serialized
        }
        List<DeliveryPart> parts = new ArrayList<>(byAccount.size());
        byAccount.forEach((id, list) -> {
            ObjectNode part = ((ObjectNode) root).deepCopy();
            part.putArray("entry").addAll(list);
            parts.add(new DeliveryPart(id, bytes(part)));
        });
        return parts;
    }

    /** The account a messaging event is for: the recipient, or the sender of an echo (the account itself). */
    private static Optional<String> addressee(JsonNode item) {
        boolean echo = Json.flag(item.path("message"), "is_echo");
        return Json.text(item.path(echo ? "sender" : "recipient"), "id");
    }

    private static ObjectNode entryFor(String id, ObjectNode original) {
        ObjectNode entry = Json.MAPPER.createObjectNode().put("id", id);
        if (original.has("time")) {
            entry.set("time", original.get("time"));
        }
        return entry;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed Meta body could not be written again", e);
        }
    }
}
