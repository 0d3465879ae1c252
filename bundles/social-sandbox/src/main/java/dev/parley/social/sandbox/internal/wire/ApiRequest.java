package dev.parley.social.sandbox.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One call to a simulated platform API, detached from the servlet so the platform logic is plain
 * code: {@code path} is relative to the platform root ({@code /2/tweets}, {@code /v19.0/123/messages}),
 * header names are lowercase; {@code url} is the whole URL as the client addressed it (scheme, the
 * Host it sent, path and raw query), which a request signature such as OAuth 1.0a covers.
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
        byte[] body, String url) {

    public ApiRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        url = url == null ? "http://localhost" + path : url;
    }

    public ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
            byte[] body) {
        this(method, path, query, headers, body, null);
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

    /**
     * The credential of an {@code Authorization: Bearer …} header, or the {@code oauth_token} of an
     * OAuth 1.0a one (its signature is checked where a platform requires it), if any.
     */
    public Optional<String> authorization() {
        Optional<String> header = header("authorization").map(String::strip);
        if (header.filter(h -> h.regionMatches(true, 0, "OAuth ", 0, 6)).isPresent()) {
            return Optional.ofNullable(OAuth1Verifier.parameters(header.get()).get("oauth_token"))
                    .or(() -> Optional.of(header.get().substring(6).strip())).filter(t -> !t.isEmpty());
        }
        return header.filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(h.indexOf(' ') + 1).strip())
                .filter(token -> !token.isEmpty());
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
