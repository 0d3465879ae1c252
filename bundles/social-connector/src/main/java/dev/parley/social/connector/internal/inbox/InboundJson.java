package dev.parley.social.connector.internal.inbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MediaAttachment;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.SocialAuthor;
import dev.parley.social.kit.Json;

/**
 * The inbox row's payload: an {@link InboundMessage} as JSON. Written field by field so the
 * stored format is ours, independent of how the API records evolve; unknown fields are ignored
 * on reading, so a newer connector's rows stay readable.
 */
final class InboundJson {

    private InboundJson() {
    }

    static String write(InboundMessage m) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("platform", m.platform()).put("account", m.account()).put("channel", m.channel())
                .put("conversationKey", m.conversationKey()).put("externalId", m.externalId())
                .put("kind", m.kind().name()).put("text", m.text()).put("visibility", m.visibility().name())
                .put("createdAt", m.createdAt().toEpochMilli());
        m.rawType().ifPresent(t -> root.put("rawType", t));
        m.inReplyToId().ifPresent(id -> root.put("inReplyToId", id));
        SocialAuthor a = m.author();
        ObjectNode author = root.putObject("author").put("platformId", a.platformId()).put("verified", a.verified());
        a.handle().ifPresent(h -> author.put("handle", h));
        a.displayName().ifPresent(n -> author.put("displayName", n));
        a.followerCount().ifPresent(n -> author.put("followerCount", n));
        a.canReceiveDm().ifPresent(dm -> author.put("canReceiveDm", dm));
        ArrayNode attachments = root.putArray("attachments");
        m.attachments().forEach(att -> attachments.addObject().put("mediaType", att.mediaType()).put("url", att.url()));
        if (!m.properties().isEmpty()) {
            ObjectNode properties = root.putObject("properties");
            m.properties().forEach(properties::put);
        }
        return root.toString();
    }

    static InboundMessage read(String payload) {
        return fromNode(parse(payload));
    }

    /** A JSON array of messages as {@link #write} writes each (the records of an older version's inbox journal, OldJournal). */
    static List<InboundMessage> readArray(String payload) {
        List<InboundMessage> messages = new ArrayList<>();
        for (JsonNode node : parse(payload)) {
            messages.add(fromNode(node));
        }
        return messages;
    }

    private static JsonNode parse(String payload) {
        try {
            return Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable inbox payload", e);
        }
    }

    private static InboundMessage fromNode(JsonNode root) {
        JsonNode a = root.path("author");
        SocialAuthor author = new SocialAuthor(a.path("platformId").asText(), Json.text(a, "handle"),
                Json.text(a, "displayName"),
                a.has("followerCount") ? OptionalLong.of(a.path("followerCount").asLong()) : OptionalLong.empty(),
                a.path("verified").asBoolean(false),
                a.has("canReceiveDm") ? Optional.of(a.path("canReceiveDm").asBoolean()) : Optional.empty());
        List<MediaAttachment> attachments = new ArrayList<>();
        for (JsonNode att : root.path("attachments")) {
            attachments.add(new MediaAttachment(att.path("mediaType").asText(), att.path("url").asText()));
        }
        return new InboundMessage(root.path("platform").asText(), root.path("account").asText(),
                root.path("channel").asText(), root.path("conversationKey").asText(), root.path("externalId").asText(),
                MessageKind.valueOf(root.path("kind").asText()), Json.text(root, "rawType"), author,
                root.path("text").asText(""), attachments, MessageVisibility.valueOf(root.path("visibility").asText()),
                Json.text(root, "inReplyToId"), Instant.ofEpochMilli(root.path("createdAt").asLong()),
                properties(root.path("properties")));
    }

    private static Map<String, String> properties(JsonNode node) {
        Map<String, String> properties = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
        return properties;
    }
}
