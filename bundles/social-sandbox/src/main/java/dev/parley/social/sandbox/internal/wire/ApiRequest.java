package dev.parley.social.sandbox.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One call to a simulated platform API, detached from the servlet so the platform logic is plain
 * code: {@code path} is relative to the platform root ({@code /2/tweets}, {@code /v19.0/123/messages}),
 * header names are lowercase.
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
        byte[] body) {

    public ApiRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    public static ApiRequest of(String method, String path, Map<String, List<String>> query,
            Map<String, String> headers, String body) {
        return new ApiRequest(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    public Optional<String> param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The credential of an {@code Authorization: Bearer …} or OAuth 1.0a header, if any. */
    public Optional<String> authorization() {
        return header("authorization").map(String::strip)
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7) || h.regionMatches(true, 0, "OAuth ", 0, 6))
                .map(h -> h.substring(h.indexOf(' ') + 1).strip())
                .filter(token -> !token.isEmpty());
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
