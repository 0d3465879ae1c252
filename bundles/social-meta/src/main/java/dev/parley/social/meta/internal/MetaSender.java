package dev.parley.social.meta.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.kit.AsyncSends;
import dev.parley.social.kit.Json;

/**
 * Replies through Meta's Graph API: the Send API ({@code /{page}/messages}; RESPONSE inside the
 * 24-hour window, MESSAGE_TAG HUMAN_AGENT after it; {@code recipient.comment_id} for a private
 * reply to a comment) and public replies under a comment. Attachments go out as links in the
 * text (the Send API takes either a text or one attachment per message). Meta has no way to look
 * a message up by content, so a send whose outcome was lost is sent again (at least once).
 */
final class MetaSender {

    /** Graph API error codes meaning the token is expired, revoked or lacks permission. */
    private static final java.util.Set<Integer> AUTH_CODES = java.util.Set.of(190, 102, 463, 467);

    private final PlatformHttp http;

    MetaSender(PlatformHttp http) {
        this.http = http;
    }

    SendResult send(SocialAccount account, OutboundMessage message) {
        return AsyncSends.await(sendAsync(account, message), "Meta");
    }

    /** The send over the client's async call: no thread waits for Meta's answer. */
    CompletionStage<SendResult> sendAsync(SocialAccount account, OutboundMessage message) {
        String base = account.apiBaseUrl(MetaPlatform.DEFAULT_API);
        ObjectNode body = Json.MAPPER.createObjectNode();
        String url;
        String text = message.textWithLinks();
        if (message.visibility() == MessageVisibility.PUBLIC && message.inReplyToId().isPresent()) {
            String edge = message.channel().equals("instagram") ? "/replies" : "/comments";
            url = base + "/" + encode(message.inReplyToId().get()) + edge;
            body.put("message", text);
        } else {
            url = base + "/" + encode(account.accountId()) + "/messages";
            if (message.privateReplyToComment()) {
                body.putObject("recipient").put("comment_id", message.inReplyToId().orElseThrow());
            } else {
                body.putObject("recipient").put("id", message.recipientId());
            }
            if (message.messageTag().isPresent()) {
                body.put("messaging_type", "MESSAGE_TAG").put("tag", message.messageTag().get());
            } else {
                body.put("messaging_type", "RESPONSE");
            }
            body.putObject("message").put("text", text);
        }
        return AsyncSends.postJson(http, "Meta", url, Map.of("Authorization", "Bearer " + account.accessToken()
                .orElse("")), body.toString().getBytes(StandardCharsets.UTF_8), this::result);
    }

    private SendResult result(PlatformHttp.Reply reply) {
        JsonNode answer = reply.body().length == 0 ? Json.MAPPER.createObjectNode()
                : Json.object(reply.body(), "Meta API response");
        if (reply.ok()) {
            return Json.text(answer, "message_id").or(() -> Json.text(answer, "id")).map(SendResult::sent)
                    .orElseGet(() -> SendResult.unknown("Meta accepted the message but returned no id"));
        }
        JsonNode error = answer.path("error");
        int code = error.path("code").asInt(-1);
        String detail = "Meta refused the message (" + reply.status() + ", code " + (code < 0 ? "?" : code)
                + (error.has("error_subcode") ? "/" + error.path("error_subcode").asText() : "") + "): "
                + error.path("message").asText("no detail");
        if (reply.status() == 401 || AUTH_CODES.contains(code)) {
            return SendResult.authFailed(detail);
        }
        return reply.status() >= 500 || reply.status() == 429 || code == 4 || code == 32 || code == 613
                ? SendResult.retry(detail, Optional.empty()) : SendResult.refused(detail);
    }


    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
