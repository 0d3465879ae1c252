package dev.parley.social.sandbox.internal.whatsapp;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.sandbox.internal.api.PlatformApi;
import dev.parley.social.sandbox.internal.customer.SandboxMedia;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.ApiResponse;
import dev.parley.social.sandbox.internal.wire.WireJson;

/**
 * The Cloud API calls a connector makes for the number, with their rules: {@code POST
 * /{version}/{phone_number_id}/messages} (free-form messages only within 24 hours of the
 * customer's last message, error 131047 after; templates checked against the approved ones,
 * 132001/132000; 4,096 characters; a free-form message to a number that never wrote is refused
 * with 131047 too, there being no window; a number starting 999 is not on WhatsApp: the send is
 * accepted and then reported failed with 131026, as WhatsApp does), {@code GET /{version}/{media_id}} (a download URL for 5 minutes)
 * and the download itself, both with the number's token. Errors carry the Graph API's {@code
 * {"error":{message, type, code, error_data{messaging_product, details}, fbtrace_id}}}.
 */
public final class WhatsAppApi implements PlatformApi {

    private static final Pattern SEND = Pattern.compile("/v[0-9]+\\.[0-9]+/([0-9]+)/messages/?");
    private static final Pattern MEDIA = Pattern.compile("/v[0-9]+\\.[0-9]+/([0-9]+)/?");
    private static final Pattern UPLOAD = Pattern.compile("/v[0-9]+\\.[0-9]+/([0-9]+)/media/?");
    private static final long KB = 1024L;
    private static final long MB = 1024L * KB;
    /** The media API's types and size limits; an image/webp upload is a sticker. */
    static final Map<String, Long> UPLOAD_LIMITS = Map.ofEntries(Map.entry("image/jpeg", 5 * MB),
            Map.entry("image/png", 5 * MB), Map.entry("image/webp", 500 * KB), Map.entry("video/mp4", 16 * MB),
            Map.entry("video/3gpp", 16 * MB), Map.entry("audio/aac", 16 * MB), Map.entry("audio/amr", 16 * MB),
            Map.entry("audio/mpeg", 16 * MB), Map.entry("audio/mp4", 16 * MB), Map.entry("audio/ogg", 16 * MB),
            Map.entry("application/pdf", 100 * MB), Map.entry("text/plain", 100 * MB),
            Map.entry("application/msword", 100 * MB), Map.entry("application/vnd.ms-excel", 100 * MB),
            Map.entry("application/vnd.ms-powerpoint", 100 * MB),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", 100 * MB),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 100 * MB),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", 100 * MB));
    private static final java.util.Set<String> MEDIA_TYPES = java.util.Set.of("image", "video", "audio", "document",
            "sticker");
    private static final Pattern TEMPLATES = Pattern.compile("/v[0-9]+\\.[0-9]+/([0-9]+)/message_templates/?");
    /** WhatsApp's default page size of the template list. */
    static final int TEMPLATE_PAGE = 25;
    private static final Pattern DOWNLOAD = Pattern.compile("/media-download/([0-9]+)");
    static final int TEXT_LIMIT = 4_096;
    /** Recipients whose number starts so are not WhatsApp users. */
    static final String NOT_ON_WHATSAPP = "999";
    static final Duration WINDOW = Duration.ofHours(24);
    static final Duration MEDIA_URL_VALID = Duration.ofMinutes(5);

    private final WhatsAppAccount account;
    private final WhatsAppState state;
    private final WireJson json;
    private final Clock clock;
    private final URI apiRoot;
    private final Consumer<Sent> onSent;

    /** A message the number sent: its id, to whom, and whether WhatsApp will deliver it. */
    record Sent(String wamid, String to, boolean deliverable) {
    }

    WhatsAppApi(WhatsAppAccount account, WhatsAppState state, WireJson json, Clock clock, URI apiRoot,
            Consumer<Sent> onSent) {
        this.account = account;
        this.state = state;
        this.json = json;
        this.clock = clock;
        this.apiRoot = apiRoot;
        this.onSent = onSent;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        Optional<String> token = request.authorization().or(() -> request.param("access_token"));
        if (token.isEmpty() || !MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8),
                account.accessToken().getBytes(StandardCharsets.UTF_8))) {
            return error(401, "Invalid OAuth access token - Cannot parse access token", 190, null);
        }
        Matcher send = SEND.matcher(request.path());
        if (request.method().equals("POST") && send.matches()) {
            if (!send.group(1).equals(account.phoneNumberId())) {
                return error(400, "Unsupported post request. Object with ID '" + send.group(1) + "' does not exist",
                        100, "cannot be loaded due to missing permissions, or does not support this operation");
            }
            return send(request);
        }
        Matcher upload = UPLOAD.matcher(request.path());
        if (request.method().equals("POST") && upload.matches()) {
            if (!upload.group(1).equals(account.phoneNumberId())) {
                return error(400, "Unsupported post request. Object with ID '" + upload.group(1) + "' does not exist",
                        100, "cannot be loaded due to missing permissions, or does not support this operation");
            }
            return upload(request);
        }
        Matcher templates = TEMPLATES.matcher(request.path());
        if (request.method().equals("GET") && templates.matches()) {
            if (!templates.group(1).equals(account.businessAccountId())) {
                return error(400, "Unsupported get request. Object with ID '" + templates.group(1) + "' does not exist",
                        100, "cannot be loaded due to missing permissions, or does not support this operation");
            }
            return templateList(request);
        }
        Matcher media = MEDIA.matcher(request.path());
        if (request.method().equals("GET") && media.matches()) {
            return lookup(media.group(1));
        }
        Matcher download = DOWNLOAD.matcher(request.path());
        if (request.method().equals("GET") && download.matches()) {
            return download(download.group(1), request.param("expires").map(Long::parseLong).orElse(0L));
        }
        return error(400, "Unknown path components: " + request.path(), 2500, null);
    }

    private ApiResponse send(ApiRequest request) {
        JsonNode body;
        try {
            body = json.mapper().readTree(request.body());
        } catch (IOException e) {
            return error(400, "(#100) Invalid parameter", 100, "the request body is not JSON");
        }
        if (body == null || !"whatsapp".equals(body.path("messaging_product").asText())) {
            return error(400, "(#100) The parameter messaging_product is required.", 100, "messaging_product must be whatsapp");
        }
        // a phone number in 'to' (it wins when both are given), a business-scoped user id in 'recipient' (2026),
        // a group id in 'to' with recipient_type group
        boolean byUserId = body.path("to").asText("").isBlank() && !body.path("recipient").asText("").isBlank();
        String to = byUserId ? body.path("recipient").asText() : body.path("to").asText("");
        if (to.isBlank()) {
            return error(400, "(#100) The parameter to is required.", 100, null);
        }
        if (byUserId && !to.matches("[A-Z]{2}\\.[A-Za-z0-9.]+")) {
            return error(400, "(#100) Invalid parameter", 100, "recipient must be a business-scoped user id");
        }
        String type = body.path("type").asText("text");
        if (type.equals("template")) {
            JsonNode t = body.path("template");
            String name = t.path("name").asText("");
            String language = t.path("language").path("code").asText("");
            Optional<WhatsAppAccount.Template> template = account.template(name, language);
            if (template.isEmpty() || List.of("PENDING", "REJECTED").contains(template.get().status())) {
                return error(404, "(#132001) Template name does not exist in the translation", 132001,
                        "template name (" + name + ") does not exist in " + language);
            }
            if (!template.get().approved()) {
                boolean paused = template.get().status().equals("PAUSED");
                return error(400, paused ? "(#132015) Template is Paused" : "(#132016) Template is Disabled",
                        paused ? 132015 : 132016, "template " + name + " is " + template.get().status());
            }
            int given = 0;
            for (JsonNode c : t.path("components")) {
                if ("body".equals(c.path("type").asText())) {
                    given += c.path("parameters").size();
                }
            }
            if (given != template.get().parameters()) {
                return error(400, "(#132000) Number of parameters does not match the expected number of params",
                        132000, "body: number of localizable_params (" + given + ") does not match the expected number "
                                + "of params (" + template.get().parameters() + ")");
            }
        } else {
            if (type.equals("text")) {
                String text = body.path("text").path("body").asText("");
                if (text.isEmpty()) {
                    return error(400, "(#100) The parameter text['body'] is required.", 100, null);
                }
                if (text.codePointCount(0, text.length()) > TEXT_LIMIT) {
                    return error(400, "(#100) Param text['body'] must be at most 4096 characters long.", 100, null);
                }
            }
            if (MEDIA_TYPES.contains(type) && body.path(type).has("id")
                    && state.upload(body.path(type).path("id").asText()).isEmpty()) {
                return error(400, "(#100) Invalid parameter", 100, "media id " + body.path(type).path("id").asText()
                        + " was not uploaded by this number");
            }
            Optional<Instant> last = state.lastCustomerMessage(to);
            if (last.isEmpty() || Duration.between(last.get(), clock.instant()).compareTo(WINDOW) > 0) {
                return error(400, "(#131047) Re-engagement message", 131047, "Message failed to send because more "
                        + "than 24 hours have passed since the customer last replied to this number.");
            }
        }
        String wamid = state.newMessageId();
        boolean deliverable = !to.startsWith(NOT_ON_WHATSAPP);
        ObjectNode answer = json.object().put("messaging_product", "whatsapp");
        answer.putArray("contacts").addObject().put("input", to).put(byUserId ? "user_id" : "wa_id", to);
        ObjectNode m = answer.putArray("messages").addObject().put("id", wamid);
        if (type.equals("template")) {
            m.put("message_status", "accepted");
        }
        onSent.accept(new Sent(wamid, to, deliverable));
        return ApiResponse.json(200, json.xBytes(answer)).withCreatedId(wamid);
    }

    /**
     * {@code POST /{version}/{phone_number_id}/media}, multipart: {@code messaging_product=whatsapp},
     * {@code type} (the file's MIME type) and {@code file}; a type the media API does not take or a
     * file over its limit is refused with 131053, as WhatsApp does. Answers {@code {"id"}}.
     */
    private ApiResponse upload(ApiRequest request) {
        if (!dev.parley.social.sandbox.internal.wire.Multipart.is(request)) {
            return error(400, "(#100) Invalid parameter", 100, "the upload must be multipart/form-data");
        }
        List<dev.parley.social.sandbox.internal.wire.Multipart.Part> parts =
                dev.parley.social.sandbox.internal.wire.Multipart.parse(request);
        if (!dev.parley.social.sandbox.internal.wire.Multipart.part(parts, "messaging_product")
                .map(p -> p.text().equals("whatsapp")).orElse(false)) {
            return error(400, "(#100) The parameter messaging_product is required.", 100, null);
        }
        Optional<dev.parley.social.sandbox.internal.wire.Multipart.Part> file =
                dev.parley.social.sandbox.internal.wire.Multipart.part(parts, "file").filter(p -> p.filename().isPresent());
        if (file.isEmpty()) {
            return error(400, "(#100) The parameter file is required.", 100, null);
        }
        String type = file.get().contentType().orElse("").toLowerCase(java.util.Locale.ROOT);
        Long limit = UPLOAD_LIMITS.get(type);
        if (limit == null) {
            return error(400, "(#131053) Media upload error", 131053, "Param file must be a file with one of the "
                    + "following types: " + String.join(", ", new java.util.TreeSet<>(UPLOAD_LIMITS.keySet()))
                    + ". Received file of type '" + type + "'.");
        }
        if (file.get().bytes().length > limit) {
            return error(400, "(#131053) Media upload error", 131053, "the " + type + " file has "
                    + file.get().bytes().length + " bytes; the limit is " + limit);
        }
        String id = state.addUpload(new SandboxMedia.File(file.get().bytes(), type));
        return ApiResponse.json(200, json.xBytes(json.object().put("id", id))).withCreatedId(id);
    }

    /**
     * {@code GET /{version}/{waba_id}/message_templates}: {@code data[]} with each template's name,
     * language, status, category, id and components (a BODY with its {@code {{n}}} placeholders), a
     * page of {@code limit} (default 25) at a time from the cursor {@code after}, with {@code
     * paging.cursors} and {@code paging.next} while more follow, as the Graph API pages.
     */
    private ApiResponse templateList(ApiRequest request) {
        int limit;
        int from;
        try {
            limit = Math.max(1, Math.min(100, request.param("limit").map(Integer::parseInt).orElse(TEMPLATE_PAGE)));
            from = request.param("after").map(a -> Integer.parseInt(new String(java.util.Base64.getDecoder().decode(a),
                    StandardCharsets.UTF_8))).orElse(0);
        } catch (IllegalArgumentException e) {
            return error(400, "(#100) Invalid parameter", 100, "limit or after is not valid");
        }
        List<WhatsAppAccount.Template> all = account.templates();
        ObjectNode answer = json.object();
        com.fasterxml.jackson.databind.node.ArrayNode data = answer.putArray("data");
        int to = Math.min(all.size(), from + limit);
        for (int i = from; i < to; i++) {
            WhatsAppAccount.Template t = all.get(i);
            ObjectNode item = data.addObject().put("name", t.name()).put("parameter_format", "POSITIONAL");
            item.putArray("components").addObject().put("type", "BODY").put("text", t.bodyText());
            item.put("language", t.language()).put("status", t.status()).put("category", "UTILITY")
                    .put("id", Long.toString(9_000_000_000L + i));
        }
        if (from < to) {
            ObjectNode paging = answer.putObject("paging");
            ObjectNode cursors = paging.putObject("cursors");
            cursors.put("before", cursor(from)).put("after", cursor(to));
            if (to < all.size()) {
                String query = request.param("fields").map(f -> "fields=" + java.net.URLEncoder.encode(f,
                        StandardCharsets.UTF_8) + "&").orElse("");
                paging.put("next", apiRoot.toString().replaceAll("/+$", "") + request.path() + "?" + query + "limit="
                        + limit + "&after=" + cursor(to));
            }
        }
        return ApiResponse.json(200, json.xBytes(answer));
    }

    private static String cursor(int index) {
        return java.util.Base64.getEncoder().encodeToString(Integer.toString(index).getBytes(StandardCharsets.UTF_8));
    }

    private ApiResponse lookup(String mediaId) {
        Optional<SandboxMedia.File> file = state.media(mediaId).flatMap(SandboxMedia::file);
        if (file.isEmpty()) {
            return error(404, "(#100) Invalid parameter", 100, "media " + mediaId + " does not exist or has expired");
        }
        long expires = clock.instant().plus(MEDIA_URL_VALID).getEpochSecond();
        ObjectNode answer = json.object().put("messaging_product", "whatsapp")
                .put("url", apiRoot.toString().replaceAll("/+$", "") + "/media-download/" + mediaId + "?expires=" + expires)
                .put("mime_type", file.get().contentType())
                .put("sha256", sha256(file.get().bytes())).put("file_size", Integer.toString(file.get().bytes().length))
                .put("id", mediaId);
        return ApiResponse.json(200, json.xBytes(answer));
    }

    private ApiResponse download(String mediaId, long expires) {
        Optional<SandboxMedia.File> file = state.media(mediaId).flatMap(SandboxMedia::file);
        if (file.isEmpty() || expires < clock.instant().getEpochSecond()) {
            return error(404, "(#100) Invalid parameter", 100, "the media URL has expired; look the media id up again");
        }
        return new ApiResponse(200, Map.of("Content-Type", file.get().contentType()), file.get().bytes(), Optional.empty());
    }

    @Override
    public ApiResponse serverError() {
        return error(500, "(#131000) Something went wrong", 131000, "Something went wrong. Please try again later.");
    }

    @Override
    public ApiResponse rateLimited(int retryAfterSeconds, boolean legacyBody) {
        return error(429, "(#130429) Rate limit hit", 130429, "Message failed to send because there were too many "
                + "messages sent from this phone number in a short period of time")
                .withHeaders(Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    private ApiResponse error(int status, String message, int code, String details) {
        ObjectNode body = json.object();
        ObjectNode error = body.putObject("error").put("message", message).put("type", "OAuthException").put("code", code);
        if (details != null) {
            error.putObject("error_data").put("messaging_product", "whatsapp").put("details", details);
        }
        error.put("fbtrace_id", "Sandbox" + Long.toHexString(System.nanoTime()));
        return ApiResponse.json(status, json.xBytes(body));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
