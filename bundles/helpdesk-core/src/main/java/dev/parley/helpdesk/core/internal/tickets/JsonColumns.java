package dev.parley.helpdesk.core.internal.tickets;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

import dev.parley.helpdesk.api.Attachment;
import dev.parley.helpdesk.core.internal.store.StoreException;

/** Attachments and message properties are stored as JSON text columns. */
final class JsonColumns {

    private static final TypeReference<List<Attachment>> ATTACHMENTS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> PROPERTIES = new TypeReference<>() {
    };

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new Jdk8Module());

    String attachments(List<Attachment> attachments) {
        return attachments.isEmpty() ? null : write(attachments);
    }

    List<Attachment> attachments(String json) {
        return json == null ? List.of() : read(json, ATTACHMENTS);
    }

    String properties(Map<String, String> properties) {
        return properties.isEmpty() ? null : write(properties);
    }

    Map<String, String> properties(String json) {
        return json == null ? Map.of() : read(json, PROPERTIES);
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode " + value.getClass().getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt JSON column: " + e.getOriginalMessage());
        }
    }
}
