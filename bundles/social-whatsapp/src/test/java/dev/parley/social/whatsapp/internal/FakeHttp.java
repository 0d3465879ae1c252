package dev.parley.social.whatsapp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.parley.social.api.PlatformHttp;

/** Records requests and answers with the next canned reply. */
final class FakeHttp implements PlatformHttp {

    record Call(String method, String url, Map<String, String> headers, String body) {
    }

    final List<Call> calls = new ArrayList<>();
    final List<Reply> replies = new ArrayList<>();

    FakeHttp answer(int status, String json) {
        replies.add(new Reply(status, Map.of(), json.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    FakeHttp answer(int status, Map<String, String> headers, String json) {
        replies.add(new Reply(status, headers, json.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    private CompletableFuture<Reply> next() {
        return CompletableFuture.completedFuture(replies.remove(0));
    }

    @Override
    public CompletableFuture<Reply> getAsync(String url, Map<String, String> headers) {
        calls.add(new Call("GET", url, headers, ""));
        return next();
    }

    @Override
    public CompletableFuture<Reply> postJsonAsync(String url, Map<String, String> headers, byte[] json) {
        calls.add(new Call("POST", url, headers, new String(json, StandardCharsets.UTF_8)));
        return next();
    }

    @Override
    public CompletableFuture<Reply> postMultipartAsync(String url, Map<String, String> headers, List<FormPart> parts) {
        StringBuilder form = new StringBuilder();
        for (FormPart part : parts) {
            form.append(part.name()).append('=').append(part.value().orElseGet(() -> "file:"
                    + part.file().get().mediaType() + ":" + part.file().get().size())).append('\n');
        }
        calls.add(new Call("MULTIPART", url, headers, form.toString()));
        return next();
    }

    @Override
    public boolean mayHaveArrived(IOException e) {
        return true;
    }
}
