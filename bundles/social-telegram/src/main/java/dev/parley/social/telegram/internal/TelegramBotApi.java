package dev.parley.social.telegram.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.MediaContent;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.kit.Json;

/**
 * Calls to the Bot API ({@code <apiBaseUrl>/bot<token>/<method>}, JSON bodies, answers {@code
 * {"ok":true,"result":…}} or {@code {"ok":false,"error_code","description","parameters":{"retry_after",
 * "migrate_to_chat_id"}}}).
 * The token is part of every URL, so no URL built here ever leaves this class in a message, an
 * exception or a log line: failures name the method only.
 */
final class TelegramBotApi {

    static final String DEFAULT_API = "https://api.telegram.org";

    /** A Bot API answer: {@code ok} with its result, or Telegram's error code, description and wait. */
    record Answer(int status, boolean ok, JsonNode result, int errorCode, String description, OptionalLong retryAfter,
            OptionalLong migrateTo) {

        Answer(int status, boolean ok, JsonNode result, int errorCode, String description, OptionalLong retryAfter) {
            this(status, ok, result, errorCode, description, retryAfter, OptionalLong.empty());
        }

        /** The reason to show an agent: Telegram's description, which never holds the token. */
        String reason(String method) {
            return "Telegram refused " + method + " (" + errorCode + "): " + description;
        }
    }

    /** A call that could not be made or answered; its message names the method, never the URL. */
    static final class CallFailed extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient IOException cause;

        CallFailed(String method, IOException cause) {
            super("Telegram " + method + " call failed: " + cause.getClass().getSimpleName(), null);
            this.cause = cause;
        }

        IOException original() {
            return cause;
        }
    }

    private final PlatformHttp http;

    TelegramBotApi(PlatformHttp http) {
        this.http = http;
    }

    Answer call(SocialAccount account, String method, ObjectNode body) throws IOException {
        PlatformHttp.Reply reply;
        try {
            reply = http.postJson(methodUrl(account, method), Map.of(), bytes(body));
        } catch (IOException e) {
            throw new CallFailed(method, e);
        }
        return answer(method, reply);
    }

    /**
     * A multipart call (a file upload: {@code sendPhoto}, {@code sendDocument}): each field of {@code
     * fields} a text part (objects such as {@code reply_parameters} as their JSON), {@code file} as
     * the part named {@code fileField}.
     */
    Answer upload(SocialAccount account, String method, ObjectNode fields, String fileField, MediaContent file)
            throws IOException {
        List<PlatformHttp.FormPart> parts = new ArrayList<>();
        fields.fields().forEachRemaining(f -> parts.add(PlatformHttp.FormPart.text(f.getKey(),
                f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString())));
        parts.add(PlatformHttp.FormPart.file(fileField, file));
        PlatformHttp.Reply reply;
        try {
            reply = http.postMultipart(methodUrl(account, method), Map.of(), parts);
        } catch (IOException e) {
            throw new CallFailed(method, e);
        }
        return answer(method, reply);
    }

    /**
     * A long poll ({@code getUpdates} with a {@code timeout}): the client waits up to {@code wait}
     * for the answer. The future is the caller's to cancel, which ends the request.
     */
    CompletableFuture<PlatformHttp.Reply> longPoll(SocialAccount account, String method, ObjectNode body,
            java.time.Duration wait) {
        try {
            return http.postJsonAsync(methodUrl(account, method), Map.of(), bytes(body), wait);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Fire and forget (a button tap's acknowledgement): never blocks the caller, never throws. */
    CompletableFuture<PlatformHttp.Reply> callAsync(SocialAccount account, String method, ObjectNode body) {
        try {
            return http.postJsonAsync(methodUrl(account, method), Map.of(), bytes(body));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    boolean mayHaveArrived(IOException e) {
        return http.mayHaveArrived(e instanceof CallFailed failed ? failed.original() : e);
    }

    /** Where a file found by getFile is downloaded: holds the token, so it is handed to the downloader only. */
    static String fileUrl(SocialAccount account, String filePath) {
        StringBuilder url = new StringBuilder(base(account)).append("/file/bot").append(token(account));
        for (String segment : filePath.split("/")) {
            if (!segment.isEmpty()) {
                url.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return url.toString();
    }

    private static String methodUrl(SocialAccount account, String method) {
        return base(account) + "/bot" + token(account) + "/" + method;
    }

    private static String base(SocialAccount account) {
        return account.apiBaseUrl(DEFAULT_API);
    }

    private static String token(SocialAccount account) {
        return account.accessToken().orElseThrow(() -> new IllegalStateException(
                "the Telegram account '" + account.name() + "' has no botToken"));
    }

    private static byte[] bytes(ObjectNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Answer answer(String method, PlatformHttp.Reply reply) {
        JsonNode json;
        try {
            json = reply.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.object(reply.body(), "Telegram answer");
        } catch (MalformedEventException e) {
            json = Json.MAPPER.createObjectNode(); // a proxy's HTML error page: judged by its status below
        }
        boolean ok = reply.ok() && json.path("ok").asBoolean(false);
        int code = json.path("error_code").asInt(reply.status());
        String description = json.path("description").asText(reply.ok() ? "no result" : "HTTP " + reply.status());
        JsonNode wait = json.path("parameters").path("retry_after");
        OptionalLong retryAfter = wait.canConvertToLong() ? OptionalLong.of(wait.asLong()) : OptionalLong.empty();
        JsonNode moved = json.path("parameters").path("migrate_to_chat_id");
        OptionalLong migrateTo = moved.isIntegralNumber() ? OptionalLong.of(moved.asLong()) : OptionalLong.empty();
        return new Answer(reply.status(), ok, json.path("result"), code, shorten(description), retryAfter, migrateTo);
    }

    private static String shorten(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
