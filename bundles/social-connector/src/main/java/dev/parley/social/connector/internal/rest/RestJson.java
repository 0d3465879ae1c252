package dev.parley.social.connector.internal.rest;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.InboxEvent;
import jakarta.servlet.http.HttpServletResponse;

/** JSON shapes of the /api/social resources; times as ISO-8601 strings, absent values as null. */
final class RestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RestJson() {
    }

    static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        MAPPER.writeValue(resp.getOutputStream(), body);
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static String time(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }

    static Map<String, Object> event(InboxEvent e) {
        InboundMessage m = e.message();
        Map<String, Object> author = new LinkedHashMap<>();
        author.put("platformId", m.author().platformId());
        author.put("handle", m.author().handle().orElse(null));
        author.put("displayName", m.author().displayName().orElse(null));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", e.id());
        body.put("state", e.state().name());
        body.put("attempts", e.attempts());
        body.put("reason", e.lastError().orElse(null));
        body.put("receivedAt", time(e.receivedAt()));
        body.put("platform", m.platform());
        body.put("account", m.account());
        body.put("channel", m.channel());
        body.put("kind", m.kind().name());
        body.put("rawType", m.rawType().orElse(null));
        body.put("externalId", m.externalId());
        body.put("conversationKey", m.conversationKey());
        body.put("visibility", m.visibility().name());
        body.put("createdAt", time(m.createdAt()));
        body.put("author", author);
        body.put("text", m.text());
        return body;
    }

    static String[] segments(String pathInfo) {
        if (pathInfo == null) {
            return new String[0];
        }
        return Arrays.stream(pathInfo.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    static ProblemException notAllowed(String method, String allowed) {
        return new ProblemException(405, "Method Not Allowed", method + " is not supported here; use " + allowed,
                null, Map.of("allow", allowed));
    }
}
