package dev.parley.social.telegram.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.PlatformHttp;
import dev.parley.social.kit.Json;

/** A PlatformHttp that answers queued replies (200 {"ok":true,"result":true} when none) and records every call. */
final class FakeHttp implements PlatformHttp {

    record Call(String url, JsonNode body) {
        String method() {
            return url.substring(url.lastIndexOf('/') + 1);
        }
    }

    final List<Call> calls = new ArrayList<>();
    private final Deque<Object> replies = new ArrayDeque<>();

    FakeHttp answer(int status, String json) {
        replies.add(new Reply(status, Map.of(), json.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    FakeHttp fail(IOException e) {
        replies.add(e);
        return this;
    }

    @Override
    public synchronized CompletableFuture<Reply> getAsync(String url, Map<String, String> headers) {
        return next(url, null);
    }

    @Override
    public synchronized CompletableFuture<Reply> postJsonAsync(String url, Map<String, String> headers, byte[] json) {
        return next(url, Json.object(json, "request"));
    }

    private CompletableFuture<Reply> next(String url, JsonNode body) {
        calls.add(new Call(url, body));
        Object reply = replies.isEmpty() ? new Reply(200, Map.of(), "{\"ok\":true,\"result\":true}".getBytes(
                StandardCharsets.UTF_8)) : replies.removeFirst();
        return reply instanceof IOException e ? CompletableFuture.failedFuture(e)
                : CompletableFuture.completedFuture((Reply) reply);
    }

    @Override
    public boolean mayHaveArrived(IOException e) {
        return !(e instanceof java.net.ConnectException);
    }

    List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }
}
