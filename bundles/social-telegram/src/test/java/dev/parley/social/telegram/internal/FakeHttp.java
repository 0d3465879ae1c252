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

    /** {@code body}: the JSON body, a GET's query parameters or a multipart's fields (a file as its type and name). */
    record Call(String url, JsonNode body, java.time.Duration waited) {
        Call(String url, JsonNode body) {
            this(url, body, null);
        }

        String method() {
            String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** A long poll left unanswered until cancelled (the platform stopping). */
    FakeHttp hang() {
        replies.add(HANG);
        return this;
    }

    private static final Object HANG = new Object();

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

    @Override
    public synchronized CompletableFuture<Reply> postJsonAsync(String url, Map<String, String> headers, byte[] json,
            java.time.Duration waited) {
        return next(url, Json.object(json, "request"), waited);
    }

    @Override
    public synchronized CompletableFuture<Reply> postMultipartAsync(String url, Map<String, String> headers,
            List<FormPart> parts) {
        com.fasterxml.jackson.databind.node.ObjectNode form = Json.MAPPER.createObjectNode();
        for (FormPart part : parts) {
            if (part.value().isPresent()) {
                form.put(part.name(), part.value().get());
            } else {
                form.putObject(part.name()).put("mediaType", part.file().get().mediaType())
                        .put("fileName", part.file().get().fileName().orElse(""));
            }
        }
        return next(url, form, null);
    }

    private CompletableFuture<Reply> next(String url, JsonNode body) {
        return next(url, body, null);
    }

    private CompletableFuture<Reply> next(String url, JsonNode body, java.time.Duration waited) {
        calls.add(new Call(url, body, waited));
        if (!replies.isEmpty() && replies.peekFirst() == HANG) {
            replies.removeFirst();
            return new CompletableFuture<>();
        }
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
