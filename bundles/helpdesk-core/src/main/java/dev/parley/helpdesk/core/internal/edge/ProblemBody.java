package dev.parley.helpdesk.core.internal.edge;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The RFC 9457 body every refusal at the edge answers with, whoever produced the status. */
final class ProblemBody {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 300;

    private ProblemBody() {
    }

    static byte[] of(int status, String title, String detail, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", clip(detail));
        if (instance != null) {
            body.put("instance", clip(instance));
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // a map of strings and an int always serializes; keep the compiler and the reader honest anyway
            return ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Whatever a client sent is echoed at most this long, so a 1 MB URI does not come back as a 1 MB detail. */
    static String clip(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "…";
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }

    static String detail(int status) {
        return switch (status) {
            case 400 -> "the request is not well-formed HTTP (for example a malformed %-escape in its path)";
            case 404 -> "nothing is served at this path";
            case 405 -> "this method is not supported at this path";
            case 408 -> "the request did not arrive in time";
            case 413 -> "the request body is too large";
            case 414 -> "the request line is too long";
            case 431 -> "the request headers are too large";
            case 500 -> "the server failed to handle this request";
            default -> title(status);
        };
    }
}
