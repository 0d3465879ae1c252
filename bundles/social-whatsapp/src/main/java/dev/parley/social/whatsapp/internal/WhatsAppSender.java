package dev.parley.social.whatsapp.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.MediaAttachment;
import dev.parley.social.api.MediaContent;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.TemplateMessage;
import dev.parley.social.kit.Json;

/**
 * Replies through the Cloud API, {@code POST /{version}/{phone_number_id}/messages} with the
 * account's token: a text (quoting the customer's message with {@code context.message_id} when the
 * agent answered one), one attachment with the text as its caption (a file of Parley's store uploaded
 * to the media API first and sent by its id, another by link), or a template with
 * its body parameters. WhatsApp's error codes decide the outcome: throughput (130429), the pair
 * rate limit of about one message per 6 s to one user (131056), spam limits and transient errors
 * are retried; a closed 24-hour window (131047), an undeliverable message (131026) and other
 * refusals fail with WhatsApp's reason; an expired or revoked token is AUTH_FAILED. WhatsApp cannot
 * look a message up by content, so a send whose outcome was lost is sent again (at least once).
 */
final class WhatsAppSender {

    static final int WINDOW_CLOSED = 131047;
    static final int UNDELIVERABLE = 131026;
    static final int THROUGHPUT = 130429;
    static final int PAIR_RATE_LIMIT = 131056;
    /** About one message per 6 seconds to the same user: the pair rate limit's pace. */
    static final Duration PAIR_PACE = Duration.ofSeconds(6);
    private static final Set<Integer> AUTH_CODES = Set.of(0, 190);
    /** Rate limits and WhatsApp's own transient failures: the message may go out later. */
    private static final Set<Integer> RETRY_CODES = Set.of(1, 2, 4, 80007, THROUGHPUT, PAIR_RATE_LIMIT, 131048, 131000,
            131016, 133004);

    private final PlatformHttp http;
    private final Clock clock;

    WhatsAppSender(PlatformHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    SendResult send(SocialAccount account, OutboundMessage message) {
        String number = WhatsAppApi.versioned(account) + "/" + URLEncoder.encode(account.accountId(), StandardCharsets.UTF_8);
        Optional<Uploaded> uploaded = Optional.empty();
        Optional<MediaAttachment> file = message.template().isEmpty() && message.attachments().size() == 1
                ? message.attachments().stream().filter(a -> a.content().isPresent()).findFirst() : Optional.empty();
        if (file.isPresent()) {
            MediaContent content = file.get().content().get();
            Optional<String> kind = WhatsAppMedia.kind(content.mediaType());
            if (kind.isEmpty()) {
                return SendResult.refused("WhatsApp does not take files of type " + content.mediaType());
            }
            if (!WhatsAppMedia.CAPTIONED.contains(kind.get()) && !message.text().isBlank()) {
                return SendResult.refused("WhatsApp sends " + kind.get() + " without text: send the text as its own reply");
            }
            Object upload = upload(account, number, content);
            if (upload instanceof SendResult failed) {
                return failed;
            }
            uploaded = Optional.of(new Uploaded((String) upload, kind.get(), content.fileName()));
        }
        String url = number + "/messages";
        PlatformHttp.Reply reply;
        try {
            reply = http.postJson(url, WhatsAppApi.auth(account), body(message, uploaded).toString()
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return http.mayHaveArrived(e) ? SendResult.unknown("no answer from WhatsApp: " + e.getMessage())
                    : SendResult.retry("WhatsApp could not be reached: " + e.getMessage(), Optional.empty());
        }
        JsonNode answer;
        try {
            answer = reply.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.object(reply.body(), "WhatsApp API response");
        } catch (MalformedEventException e) {
            return reply.ok() ? SendResult.unknown("WhatsApp accepted the message but its answer is not JSON")
                    : SendResult.retry("WhatsApp answered " + reply.status() + " without a JSON error", Optional.empty());
        }
        if (reply.ok()) {
            return Json.text(answer.path("messages").path(0), "id").map(SendResult::sent)
                    .orElseGet(() -> SendResult.unknown("WhatsApp accepted the message but returned no id"));
        }
        return failure(reply, answer.path("error"));
    }

    /** A file uploaded to the media API: its media id and how WhatsApp sends it. */
    record Uploaded(String mediaId, String kind, Optional<String> fileName) {
    }

    /**
     * {@code POST /{phone_number_id}/media} (multipart: {@code messaging_product}, {@code type}, {@code
     * file}) answers the media id the message then names; a failure is the send's result.
     */
    private Object upload(SocialAccount account, String number, MediaContent content) {
        PlatformHttp.Reply reply;
        try {
            reply = http.postMultipart(number + "/media", WhatsAppApi.auth(account), List.of(
                    PlatformHttp.FormPart.text("messaging_product", "whatsapp"),
                    PlatformHttp.FormPart.text("type", content.mediaType()),
                    PlatformHttp.FormPart.file("file", content)));
        } catch (IOException e) {
            // an upload that may have arrived only left an unused media id behind: uploading again is harmless
            return SendResult.retry("the file could not be uploaded to WhatsApp: " + e.getMessage(), Optional.empty());
        }
        JsonNode answer;
        try {
            answer = reply.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.object(reply.body(), "WhatsApp upload");
        } catch (MalformedEventException e) {
            return SendResult.retry("WhatsApp answered the upload " + reply.status() + " without JSON", Optional.empty());
        }
        if (reply.ok()) {
            return Json.text(answer, "id").map(id -> (Object) id).orElseGet(
                    () -> SendResult.retry("WhatsApp accepted the upload but returned no media id", Optional.empty()));
        }
        return failure(reply, answer.path("error"));
    }

    /** The Cloud API's request body for {@code message}. */
    static ObjectNode body(OutboundMessage message) {
        return body(message, Optional.empty());
    }

    /** The body for {@code message}, its file sent by the media id it was {@code uploaded} as. */
    static ObjectNode body(OutboundMessage message, Optional<Uploaded> uploaded) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("messaging_product", "whatsapp");
        addressee(body, message);
        message.inReplyToId().ifPresent(id -> body.putObject("context").put("message_id", id));
        if (message.template().isPresent()) {
            template(body, message.template().get());
            return body;
        }
        if (uploaded.isPresent()) {
            Uploaded u = uploaded.get();
            ObjectNode media = body.put("type", u.kind()).putObject(u.kind()).put("id", u.mediaId());
            if (WhatsAppMedia.CAPTIONED.contains(u.kind()) && !message.text().isBlank()) {
                media.put("caption", message.text());
            }
            if (u.kind().equals("document")) {
                u.fileName().ifPresent(name -> media.put("filename", name));
            }
            return body;
        }
        Optional<String> kind = message.attachments().size() == 1 ? mediaKind(message.attachments().get(0))
                : Optional.empty();
        if (kind.isPresent()) {
            MediaAttachment a = message.attachments().get(0);
            ObjectNode media = body.put("type", kind.get()).putObject(kind.get()).put("link", a.url());
            if (!message.text().isBlank()) {
                media.put("caption", message.text());
            }
            return body;
        }
        body.put("type", "text").putObject("text").put("preview_url", false).put("body", message.textWithLinks());
        return body;
    }

    /**
     * Whom to send to: a group conversation's group ({@code recipient_type: group}); a customer known
     * only by a business-scoped user id ({@code CC.digits}, since 2026) as {@code recipient}; anyone
     * else by phone number as {@code to}.
     */
    private static void addressee(ObjectNode body, OutboundMessage message) {
        String groupPrefix = WhatsAppWebhookParser.groupConversation("");
        if (message.conversationKey().startsWith(groupPrefix)) {
            body.put("recipient_type", "group").put("to", message.conversationKey().substring(groupPrefix.length()));
        } else if (BSUID.matcher(message.recipientId()).matches()) {
            body.put("recipient_type", "individual").put("recipient", message.recipientId());
        } else {
            body.put("recipient_type", "individual").put("to", message.recipientId());
        }
    }

    /** A business-scoped user id: country code, a dot, then letters and digits ({@code US.13491208655302741918}). */
    private static final java.util.regex.Pattern BSUID = java.util.regex.Pattern.compile("[A-Z]{2}\\.[A-Za-z0-9.]+");

    private static void template(ObjectNode body, TemplateMessage template) {
        ObjectNode t = body.put("type", "template").putObject("template").put("name", template.name());
        t.putObject("language").put("code", template.language());
        if (!template.parameters().isEmpty()) {
            ArrayNode parameters = t.putArray("components").addObject().put("type", "body").putArray("parameters");
            template.parameters().forEach(p -> parameters.addObject().put("type", "text").put("text", p));
        }
    }

    /** What WhatsApp can show with a caption: an image, a video or a document (PDF). Audio goes as a link. */
    private static Optional<String> mediaKind(MediaAttachment a) {
        String type = a.mediaType().toLowerCase(Locale.ROOT);
        if (type.startsWith("image/") || type.equals("image")) {
            return Optional.of("image");
        }
        if (type.startsWith("video/") || type.equals("video")) {
            return Optional.of("video");
        }
        if (type.equals("application/pdf") || type.equals("file")) {
            return Optional.of("document");
        }
        return Optional.empty();
    }

    private SendResult failure(PlatformHttp.Reply reply, JsonNode error) {
        int code = error.path("code").asInt(-1);
        String title = Json.text(error, "message").orElse("no detail");
        String detail = "WhatsApp refused the message (HTTP " + reply.status() + ", code " + (code < 0 ? "?" : code)
                + "): " + title + Json.text(error.path("error_data"), "details").filter(d -> !title.contains(d))
                        .map(d -> ": " + d).orElse("");
        if (reply.status() == 401 || AUTH_CODES.contains(code)) {
            return SendResult.authFailed(detail);
        }
        if (code == WINDOW_CLOSED) {
            return SendResult.refused(detail + " (the 24-hour customer service window is closed: only a template "
                    + "can be sent)");
        }
        Optional<Instant> retryAt = reply.header("retry-after").flatMap(WhatsAppSender::seconds)
                .map(s -> clock.instant().plusSeconds(s));
        if (code == PAIR_RATE_LIMIT && retryAt.isEmpty()) {
            retryAt = Optional.of(clock.instant().plus(PAIR_PACE));
        }
        if (RETRY_CODES.contains(code) || reply.status() >= 500 || reply.status() == 429) {
            return SendResult.retry(detail, retryAt);
        }
        return SendResult.refused(detail);
    }

    private static Optional<Long> seconds(String value) {
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
