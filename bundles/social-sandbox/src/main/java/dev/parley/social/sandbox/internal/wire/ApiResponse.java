package dev.parley.social.sandbox.internal.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A simulated platform's answer, plus the id it created (for the record of sends). */
public record ApiResponse(int status, Map<String, String> headers, byte[] body, Optional<String> createdId) {

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(int status, byte[] body) {
        return new ApiResponse(status, Map.of("Content-Type", "application/json; charset=utf-8"), body,
                Optional.empty());
    }

    public ApiResponse withHeaders(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new ApiResponse(status, all, body, createdId);
    }

    public ApiResponse withCreatedId(String id) {
        return new ApiResponse(status, headers, body, Optional.of(id));
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
