package dev.parley.social.api;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A webhook call as the platform made it: the method, query parameters (first value of each),
 * headers (names in lower case) and the raw body bytes exactly as received, which is what
 * signatures are computed over. The body array is shared, not copied: do not modify it.
 */
public record WebhookRequest(String method, Map<String, String> query, Map<String, String> headers, byte[] body) {

    public WebhookRequest {
        Objects.requireNonNull(method, "method");
        query = query == null ? Map.of() : Map.copyOf(query);
        headers = headers == null ? Map.of()
                : headers.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                        e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
        body = body == null ? new byte[0] : body;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name));
    }
}
