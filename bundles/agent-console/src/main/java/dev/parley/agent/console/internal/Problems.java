package dev.parley.agent.console.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** RFC 9457 problem+json answers of the console's own endpoints, shaped like the host's. */
final class Problems {

    static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, int status, String title, String detail,
            Map<String, Object> extra) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        body.putAll(extra);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }

    static void json(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }

    static void signInAgain(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(request, response, 401, "Unauthorized", "no console session, or it expired: sign in again with your "
                + "agent token", Map.of("signIn", "/agent/session"));
    }
}
