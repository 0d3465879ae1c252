package dev.parley.helpdesk.core.internal.relay;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A ticket event's properties as a row holds them, each with its Java type ({@code L}ong,
 * {@code I}nteger, {@code B}oolean, {@code S}tring, {@code A}: String[]), so a relayed event has
 * exactly the properties the local one had. Other types are left out (ticket events carry none).
 */
final class EventProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventProperties() {
    }

    static String encode(Event event) {
        ObjectNode out = JSON.createObjectNode();
        for (String name : event.getPropertyNames()) {
            if (name.equals(EventConstants.EVENT_TOPIC)) {
                continue;
            }
            Object value = event.getProperty(name);
            ArrayNode typed = JSON.createArrayNode();
            if (value instanceof Long l) {
                typed.add("L").add(l);
            } else if (value instanceof Integer i) {
                typed.add("I").add(i);
            } else if (value instanceof Boolean b) {
                typed.add("B").add(b);
            } else if (value instanceof String s) {
                typed.add("S").add(s);
            } else if (value instanceof String[] array) {
                typed.add("A");
                for (String s : array) {
                    typed.add(s);
                }
            } else {
                continue;
            }
            out.set(name, typed);
        }
        return out.toString();
    }

    static Map<String, Object> decode(String json) {
        Map<String, Object> properties = new HashMap<>();
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return properties;
        }
        root.fields().forEachRemaining(field -> {
            JsonNode typed = field.getValue();
            switch (typed.path(0).asText()) {
                case "L" -> properties.put(field.getKey(), typed.path(1).asLong());
                case "I" -> properties.put(field.getKey(), typed.path(1).asInt());
                case "B" -> properties.put(field.getKey(), typed.path(1).asBoolean());
                case "S" -> properties.put(field.getKey(), typed.path(1).asText());
                case "A" -> {
                    String[] array = new String[typed.size() - 1];
                    for (int i = 1; i < typed.size(); i++) {
                        array[i - 1] = typed.get(i).asText();
                    }
                    properties.put(field.getKey(), array);
                }
                default -> {
                    // an unknown type written by a newer node: left out
                }
            }
        });
        return properties;
    }
}
