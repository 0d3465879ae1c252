package dev.parley.social.sandbox.internal.api;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.ApiResponse;
import dev.parley.social.sandbox.internal.wire.Platform;

/** Every write call the simulated platforms received, oldest first, bounded. */
public final class SentLog {

    static final int CAPACITY = 10_000;

    private final Clock clock;
    private final Deque<SentRequest> entries = new ArrayDeque<>();
    private long sequence;

    public SentLog(Clock clock) {
        this.clock = clock;
    }

    synchronized SentRequest record(Platform platform, ApiRequest request, JsonNode body, ApiResponse response,
            Optional<String> actingAs) {
        Map<String, List<String>> query = new LinkedHashMap<>(request.query());
        query.computeIfPresent("access_token", (k, v) -> List.of("(redacted)"));
        SentRequest sent = new SentRequest(++sequence, platform.key(), request.method(), request.path(), query, body,
                request.authorization().isPresent() || request.param("access_token").isPresent(), response.status(),
                response.createdId(), clock.instant(), actingAs);
        entries.addLast(sent);
        if (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
        return sent;
    }

    public synchronized List<SentRequest> list(Optional<Platform> platform) {
        return entries.stream().filter(s -> platform.map(p -> p.key().equals(s.platform())).orElse(true)).toList();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
