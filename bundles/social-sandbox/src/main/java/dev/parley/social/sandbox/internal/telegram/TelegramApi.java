package dev.parley.social.sandbox.internal.telegram;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.sandbox.internal.api.PlatformApi;
import dev.parley.social.sandbox.internal.customer.SandboxMedia;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.Multipart;
import dev.parley.social.sandbox.internal.wire.ApiResponse;
import dev.parley.social.sandbox.internal.wire.WireJson;

/**
 * The simulated Bot API under {@code /sandbox/telegram}: {@code /bot<token>/<method>} with the
 * parameters as a JSON body or in the query, answering {@code {"ok":true,"result":…}} or {@code
 * {"ok":false,"error_code","description"[,"parameters"]}} as Telegram does; and file downloads at
 * {@code /file/bot<token>/<file_path>}. Methods: getMe, setWebhook, deleteWebhook, getWebhookInfo,
 * getUpdates (409 while a webhook is set; with a {@code timeout} a long poll, held until an update
 * arrives or the timeout passes), sendMessage (403 when the customer blocked the bot, 400
 * for an unknown chat, text over 4,096 characters or a reply_parameters message that does not
 * exist; 400 with {@code parameters.migrate_to_chat_id} for the basic group once it was upgraded; {@code
 * message_thread_id} in the supergroup's forum topics, {@code business_connection_id} for the business
 * account's chats), sendPhoto and sendDocument as multipart uploads (a photo JPEG or PNG up to 10 MB, a
 * document up to 50 MB, a caption up to 1,024 characters), getFile and answerCallbackQuery. The sandbox servlet hands the token over as the request's
 * credential with the path already redacted ({@code /bot(redacted)/…}), so records never hold it.
 */
public final class TelegramApi implements PlatformApi {

    public static final String REDACTED = "(redacted)";
    static final int MAX_TEXT = 4_096;
    static final int MAX_CAPTION = 1_024;
    static final long PHOTO_MAX = 10L << 20;
    static final long DOCUMENT_MAX = 50L << 20;

    private final TelegramBot bot;
    private final TelegramState state;
    private final WireJson json;
    private final Clock clock;
    private final Supplier<?> webhookSet;

    TelegramApi(TelegramBot bot, TelegramState state, WireJson json, Clock clock, Supplier<?> afterWebhookSet) {
        this.bot = bot;
        this.state = state;
        this.json = json;
        this.clock = clock;
        this.webhookSet = afterWebhookSet;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        boolean tokenOk = request.authorization().map(t -> MessageDigest.isEqual(
                t.getBytes(StandardCharsets.UTF_8), bot.token().getBytes(StandardCharsets.UTF_8))).orElse(false);
        String path = request.path();
        if (path.startsWith("/file/bot" + REDACTED + "/")) {
            return tokenOk ? download(path.substring(("/file/bot" + REDACTED + "/").length()))
                    : error(401, "Unauthorized", null);
        }
        if (!path.startsWith("/bot" + REDACTED + "/")) {
            return error(404, "Not Found", null);
        }
        if (!tokenOk) {
            return error(401, "Unauthorized", null);
        }
        JsonNode params;
        try {
            params = parameters(request);
        } catch (IOException e) {
            return error(400, "Bad Request: can't parse JSON object", null);
        }
        String method = path.substring(("/bot" + REDACTED + "/").length());
        return switch (method) {
            case "getMe" -> ok(json.object().put("id", Long.parseLong(bot.botId())).put("is_bot", true)
                    .put("first_name", bot.firstName()).put("username", bot.username())
                    .put("can_join_groups", true).put("can_read_all_group_messages", false));
            case "setWebhook" -> setWebhook(params);
            case "deleteWebhook" -> {
                state.setWebhook(Optional.empty(), Optional.empty());
                yield okTrue("Webhook was deleted");
            }
            case "getWebhookInfo" -> ok(json.object().put("url", state.webhookUrl().map(URI::toString).orElse(""))
                    .put("has_custom_certificate", false).put("pending_update_count", state.pendingCount()));
            case "getUpdates" -> getUpdates(params);
            case "sendMessage" -> sendMessage(params);
            case "sendPhoto" -> sendFile(request, params, "photo", PHOTO_MAX);
            case "sendDocument" -> sendFile(request, params, "document", DOCUMENT_MAX);
            case "getFile" -> getFile(params);
            case "answerCallbackQuery" -> params.path("callback_query_id").asText("").isEmpty()
                    ? error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid", null)
                    : okTrue(null);
            default -> error(404, "Not Found", null);
        };
    }

    /**
     * getUpdates with a {@code timeout} (seconds, at most 50) and no update to answer yet: held until
     * one arrives or the timeout passes, as Telegram's long polling does.
     */
    @Override
    public Optional<Hold> hold(ApiRequest request) {
        if (!request.path().equals("/bot" + REDACTED + "/getUpdates") || !request.authorization().map(t ->
                MessageDigest.isEqual(t.getBytes(StandardCharsets.UTF_8), bot.token().getBytes(StandardCharsets.UTF_8)))
                .orElse(false)) {
            return Optional.empty();
        }
        JsonNode params;
        try {
            params = parameters(request);
        } catch (IOException e) {
            return Optional.empty();
        }
        long timeout = Math.min(50, params.path("timeout").asLong(0));
        if (timeout <= 0) {
            return Optional.empty();
        }
        Optional<Long> offset = params.path("offset").canConvertToLong() ? Optional.of(params.path("offset").asLong())
                : Optional.empty();
        return state.awaitUpdates(offset).map(news -> new Hold(news, timeout * 1000));
    }

    /**
     * The call with the bot token moved from its path ({@code /bot<token>/…}, {@code /file/bot<token>/…})
     * into its credential, so what the sandbox records never holds it.
     */
    public static ApiRequest tokenFromPath(ApiRequest request) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(/file)?/bot([^/]*)(/.*)?$").matcher(request.path());
        if (!m.matches()) {
            return request;
        }
        String path = (m.group(1) == null ? "" : m.group(1)) + "/bot" + REDACTED + (m.group(3) == null ? "" : m.group(3));
        Map<String, String> headers = new java.util.HashMap<>(request.headers());
        headers.put("authorization", "Bearer " + m.group(2));
        return new ApiRequest(request.method(), path, request.query(), headers, request.body(),
                request.url().replace("/bot" + m.group(2), "/bot" + REDACTED));
    }

    private ApiResponse setWebhook(JsonNode params) {
        String url = params.path("url").asText("");
        Optional<String> secret = Optional.of(params.path("secret_token").asText("")).filter(s -> !s.isEmpty());
        if (secret.isPresent() && !secret.get().matches("[A-Za-z0-9_-]{1,256}")) {
            return error(400, "Bad Request: secret token contains unallowed characters", null);
        }
        state.setWebhook(url.isEmpty() ? Optional.empty() : Optional.of(URI.create(url)), secret);
        webhookSet.get(); // updates kept while polling go to the new webhook
        return okTrue(url.isEmpty() ? "Webhook was deleted" : "Webhook was set");
    }

    private ApiResponse getUpdates(JsonNode params) {
        if (state.webhookUrl().isPresent()) {
            return error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
                    + "delete the webhook first", null);
        }
        Optional<Long> offset = params.path("offset").canConvertToLong() ? Optional.of(params.path("offset").asLong())
                : Optional.empty();
        int limit = Math.max(1, Math.min(100, params.path("limit").asInt(100)));
        ObjectNode answer = json.object().put("ok", true);
        answer.putArray("result").addAll(state.updates(offset, limit));
        return ApiResponse.json(200, answer.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Where a send goes: the chat as Telegram's answer shows it, or Telegram's error for it. */
    private record Target(ObjectNode chat, ApiResponse error) {
    }

    /**
     * The chat of a send: the supergroup (in a forum topic with {@code message_thread_id}), the basic
     * group until its upgrade (then 400 with {@code parameters.migrate_to_chat_id}, as Telegram answers),
     * a customer's private chat (403 while they block the bot), or a business account's chat with
     * {@code business_connection_id}.
     */
    private Target target(JsonNode params) {
        String chatId = params.path("chat_id").asText("");
        String basicGroup = TelegramEdgeUpdates.basicGroupId(bot);
        Optional<String> connection = Optional.of(params.path("business_connection_id").asText(""))
                .filter(c -> !c.isEmpty());
        boolean thread = params.hasNonNull("message_thread_id");
        if (thread && (!chatId.equals(bot.groupId()) || params.path("message_thread_id").asLong(0) <= 0)) {
            return new Target(null, error(400, "Bad Request: message thread not found", null));
        }
        if (connection.isPresent()) {
            if (!connection.get().equals(TelegramEdgeUpdates.BUSINESS_CONNECTION)) {
                return new Target(null, error(400, "Bad Request: business connection not found", null));
            }
            if (!chatId.matches("[0-9]+")) {
                return new Target(null, error(400, "Bad Request: chat not found", null));
            }
            return new Target(json.object().put("id", Long.parseLong(chatId)).put("type", "private"), null);
        }
        if (chatId.equals(bot.groupId())) {
            return new Target(json.object().put("id", Long.parseLong(chatId)).put("title", bot.groupTitle())
                    .put("type", "supergroup").put("is_forum", thread), null);
        }
        if (chatId.equals(basicGroup)) {
            Optional<String> upgraded = state.upgradedTo(basicGroup);
            if (upgraded.isPresent()) {
                ObjectNode answer = json.object().put("ok", false).put("error_code", 400)
                        .put("description", "Bad Request: group chat was upgraded to a supergroup chat");
                answer.putObject("parameters").put("migrate_to_chat_id", Long.parseLong(upgraded.get()));
                return new Target(null, ApiResponse.json(400, answer.toString().getBytes(StandardCharsets.UTF_8)));
            }
            return new Target(json.object().put("id", Long.parseLong(chatId)).put("title", bot.groupTitle())
                    .put("type", "group"), null);
        }
        if (!chatId.matches("[0-9]+")) {
            return new Target(null, error(400, "Bad Request: chat not found", null));
        }
        if (state.blocks(chatId)) {
            return new Target(null, error(403, "Forbidden: bot was blocked by the user", null));
        }
        return new Target(json.object().put("id", Long.parseLong(chatId)).put("type", "private"), null);
    }

    private ApiResponse sendMessage(JsonNode params) {
        String text = params.path("text").asText("");
        if (text.isBlank()) {
            return error(400, "Bad Request: message text is empty", null);
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            return error(400, "Bad Request: message is too long", null);
        }
        Target target = target(params);
        if (target.error() != null) {
            return target.error();
        }
        String chatId = target.chat().get("id").asText();
        long messageId = state.nextMessageId(chatId);
        ObjectNode message = sent(params, target.chat(), messageId);
        message.put("text", text);
        JsonNode reply = params.path("reply_parameters");
        if (reply.isObject()) {
            if (!reply.path("message_id").canConvertToLong()) {
                return error(400, "Bad Request: field \"message_id\" must be a Number", null);
            }
            // the sandbox knows the bot's own messages; a customer's is accepted as long as its id was issued
            long repliedTo = reply.path("message_id").asLong();
            Optional<JsonNode> known = state.sent(chatId, Long.toString(repliedTo));
            if (known.isEmpty() && repliedTo >= messageId && !reply.path("allow_sending_without_reply").asBoolean()) {
                return error(400, "Bad Request: message to be replied not found", null);
            }
            known.ifPresent(k -> message.set("reply_to_message", k));
        }
        state.rememberSent(chatId, messageId, message);
        return ok(message).withCreatedId(chatId + ":" + messageId);
    }

    /** The Message a send of the bot becomes (without its text or file). */
    private ObjectNode sent(JsonNode params, ObjectNode chat, long messageId) {
        ObjectNode message = json.object().put("message_id", messageId);
        if (params.hasNonNull("message_thread_id")) {
            message.put("message_thread_id", params.path("message_thread_id").asLong()).put("is_topic_message", true);
        }
        message.putObject("from").put("id", Long.parseLong(bot.botId())).put("is_bot", true)
                .put("first_name", bot.firstName()).put("username", bot.username());
        if (params.hasNonNull("business_connection_id")) {
            message.put("business_connection_id", params.path("business_connection_id").asText());
            message.putObject("sender_business_bot").put("id", Long.parseLong(bot.botId())).put("is_bot", true)
                    .put("first_name", bot.firstName());
        }
        message.set("chat", chat);
        message.put("date", clock.instant().getEpochSecond());
        return message;
    }

    /** An uploaded photo or document, in the chat as sendMessage would put it, with the file's metadata. */
    private ApiResponse sendFile(ApiRequest request, JsonNode params, String field, long max) {
        Optional<Multipart.Part> file = Multipart.is(request) ? Multipart.part(Multipart.parse(request), field)
                .filter(p -> p.filename().isPresent()) : Optional.empty();
        if (file.isEmpty()) {
            return error(400, "Bad Request: there is no " + field + " in the request", null);
        }
        String type = file.get().contentType().orElse("application/octet-stream").toLowerCase(java.util.Locale.ROOT);
        if (field.equals("photo") && !type.equals("image/jpeg") && !type.equals("image/png")) {
            return error(400, "Bad Request: IMAGE_PROCESS_FAILED", null);
        }
        if (file.get().bytes().length > max) {
            return error(413, "Request Entity Too Large", null);
        }
        String caption = params.path("caption").asText("");
        if (caption.codePointCount(0, caption.length()) > MAX_CAPTION) {
            return error(400, "Bad Request: message caption is too long", null);
        }
        Target target = target(params);
        if (target.error() != null) {
            return target.error();
        }
        String chatId = target.chat().get("id").asText();
        long messageId = state.nextMessageId(chatId);
        ObjectNode message = sent(params, target.chat(), messageId);
        String fileId = "sandbox-upload-" + chatId + "-" + messageId;
        ObjectNode meta = json.object().put("file_id", fileId).put("file_unique_id", "u" + messageId)
                .put("file_size", file.get().bytes().length);
        if (field.equals("photo")) {
            message.putArray("photo").add(meta);
        } else {
            message.set("document", meta.put("file_name", file.get().filename().get()).put("mime_type", type));
        }
        if (!caption.isEmpty()) {
            message.put("caption", caption);
        }
        state.rememberSent(chatId, messageId, message);
        return ok(message).withCreatedId(chatId + ":" + messageId);
    }

    private ApiResponse getFile(JsonNode params) {
        return state.file(params.path("file_id").asText("")).map(f -> ok(json.object().put("file_id", f.fileId())
                .put("file_unique_id", f.uniqueId()).put("file_size", SandboxMedia.file(f.mediaName())
                        .map(m -> m.bytes().length).orElse(0)).put("file_path", f.filePath())))
                .orElseGet(() -> error(400, "Bad Request: invalid file_id", null));
    }

    private ApiResponse download(String path) {
        Optional<SandboxMedia.File> file = state.fileAt(path).flatMap(f -> SandboxMedia.file(f.mediaName()));
        if (file.isEmpty()) {
            return error(404, "Not Found", null);
        }
        return new ApiResponse(200, Map.of("Content-Type", file.get().contentType()), file.get().bytes(),
                Optional.empty());
    }

    private JsonNode parameters(ApiRequest request) throws IOException {
        ObjectNode params = json.object();
        request.query().forEach((k, v) -> {
            if (!v.isEmpty()) {
                params.put(k, v.get(0));
            }
        });
        if (Multipart.is(request)) {
            for (Multipart.Part part : Multipart.parse(request)) {
                if (part.filename().isEmpty()) {
                    String value = part.text();
                    if (value.startsWith("{")) {
                        params.set(part.name(), json.mapper().readTree(value)); // reply_parameters as JSON
                    } else {
                        params.put(part.name(), value);
                    }
                }
            }
        }
        if (request.body().length > 0 && request.header("content-type").orElse("").contains("json")) {
            JsonNode body = json.mapper().readTree(request.body());
            if (!body.isObject()) {
                throw new IOException("not an object");
            }
            params.setAll((ObjectNode) body);
        }
        return params;
    }

    private ApiResponse ok(JsonNode result) {
        ObjectNode answer = json.object().put("ok", true);
        answer.set("result", result);
        return ApiResponse.json(200, answer.toString().getBytes(StandardCharsets.UTF_8));
    }

    private ApiResponse okTrue(String description) {
        ObjectNode answer = json.object().put("ok", true).put("result", true);
        if (description != null) {
            answer.put("description", description);
        }
        return ApiResponse.json(200, answer.toString().getBytes(StandardCharsets.UTF_8));
    }

    private ApiResponse error(int code, String description, Integer retryAfter) {
        ObjectNode answer = json.object().put("ok", false).put("error_code", code).put("description", description);
        if (retryAfter != null) {
            answer.putObject("parameters").put("retry_after", retryAfter);
        }
        ApiResponse response = ApiResponse.json(code, answer.toString().getBytes(StandardCharsets.UTF_8));
        return retryAfter == null ? response : response.withHeaders(Map.of("Retry-After", retryAfter.toString()));
    }

    @Override
    public ApiResponse serverError() {
        return error(502, "Bad Gateway", null);
    }

    @Override
    public ApiResponse rateLimited(int retryAfterSeconds, boolean legacyBody) {
        return error(429, "Too Many Requests: retry after " + retryAfterSeconds, retryAfterSeconds);
    }
}
