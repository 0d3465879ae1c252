package dev.parley.social.connector.internal.webhook;

import java.io.IOException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletResponse;

import dev.parley.social.kit.Json;

/**
 * RFC 9457 problem responses for the webhook endpoints, which live outside {@code /api} and so
 * outside the host's problem filter. The detail never echoes the body or a secret.
 */
final class WebhookProblems {

    static final String MEDIA_TYPE = "application/problem+json";

    private WebhookProblems() {
    }

    static void write(HttpServletResponse response, int status, String title, String detail, String instance)
            throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("type", "about:blank").put("title", title)
                .put("status", status).put("detail", detail).put("instance", instance);
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(Json.MAPPER.writeValueAsBytes(body));
    }
}
