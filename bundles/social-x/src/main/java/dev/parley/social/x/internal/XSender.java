package dev.parley.social.x.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SentLookup;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.kit.AsyncSends;
import dev.parley.social.kit.Json;

/**
 * Replies on X: a public reply ({@code POST /2/tweets} with {@code reply.in_reply_to_tweet_id}) or
 * a DM ({@code POST /2/dm_conversations/with/{participant}/messages}); and the lookup of a reply
 * whose outcome was lost, in the account's DM events or its own posts. Attachments go out as links
 * in the text (X takes media only as uploaded media ids).
 */
final class XSender {

    private static final int LOOKUP_PAGES = 3;

    private final PlatformHttp http;
    private final Clock clock;

    XSender(PlatformHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    SendResult send(SocialAccount account, OutboundMessage message) {
        return AsyncSends.await(sendAsync(account, message), "X");
    }

    /** The send over the client's async call: no thread waits for X's answer. */
    CompletionStage<SendResult> sendAsync(SocialAccount account, OutboundMessage message) {
        String base = account.apiBaseUrl(XPlatform.DEFAULT_API);
        ObjectNode body = Json.MAPPER.createObjectNode().put("text", message.textWithLinks());
        String url;
        if (message.visibility() == MessageVisibility.PRIVATE) {
            url = base + "/2/dm_conversations/with/" + encode(message.recipientId()) + "/messages";
        } else {
            url = base + "/2/tweets";
            message.inReplyToId().ifPresent(id -> body.putObject("reply").put("in_reply_to_tweet_id", id));
        }
        return AsyncSends.postJson(http, "X", url, auth(account), body.toString().getBytes(StandardCharsets.UTF_8),
                this::result);
    }

    private SendResult result(PlatformHttp.Reply reply) {
        if (reply.ok()) {
            JsonNode data = Json.object(reply.body(), "X API response").path("data");
            return Json.text(data, "dm_event_id").or(() -> Json.text(data, "id")).map(SendResult::sent)
                    .orElseGet(() -> SendResult.unknown("X accepted the message but returned no id"));
        }
        String problem = XRateLimits.problem(reply);
        return switch (reply.status()) {
            case 429 -> SendResult.retry("rate limited by X", Optional.of(XRateLimits.resetOrDefault(reply, clock)));
            case 401 -> SendResult.authFailed("X refused the account's token (401): " + problem);
            // X refuses a post identical to one we made: an earlier attempt got through
            case 403 -> problem.contains("duplicate content") ? SendResult.unknown("X says this post already exists")
                    : SendResult.refused("X refused the message (403): " + problem);
            default -> reply.status() >= 500 ? SendResult.retry("X answered " + reply.status(), Optional.empty())
                    : SendResult.refused("X refused the message (" + reply.status() + "): " + problem);
        };
    }

    SentLookup findSent(SocialAccount account, OutboundMessage message, Instant since, Set<String> excluded) {
        String base = account.apiBaseUrl(XPlatform.DEFAULT_API);
        boolean dm = message.visibility() == MessageVisibility.PRIVATE;
        String url = dm ? base + "/2/dm_events?max_results=100&event_types=MessageCreate"
                + "&dm_event.fields=id,text,sender_id,dm_conversation_id,created_at"
                : base + "/2/users/" + encode(account.accountId()) + "/tweets?max_results=100"
                        + "&tweet.fields=id,text,created_at,referenced_tweets";
        String text = message.textWithLinks();
        Optional<String> token = Optional.empty();
        for (int page = 0; page < LOOKUP_PAGES; page++) {
            PlatformHttp.Reply reply;
            try {
                reply = http.get(url + token.map(t -> "&pagination_token=" + encode(t)).orElse(""), auth(account));
            } catch (IOException e) {
                return SentLookup.unknown();
            }
            if (!reply.ok()) {
                return SentLookup.unknown();
            }
            JsonNode root = Json.object(reply.body(), "X API response");
            for (JsonNode item : root.path("data")) {
                Optional<Instant> created = Json.text(item, "created_at").flatMap(XSender::instant);
                if (created.isPresent() && created.get().isBefore(since)) {
                    return SentLookup.notFound(); // newest first: everything further is older
                }
                Optional<String> id = Json.text(item, "id");
                if (id.isPresent() && !excluded.contains(id.get()) && text.equals(item.path("text").asText())
                        && (dm ? isOurDm(item, account, message) : answers(item, message))) {
                    return SentLookup.found(id.get());
                }
            }
            token = Json.text(root.path("meta"), "next_token");
            if (token.isEmpty()) {
                return SentLookup.notFound();
            }
        }
        return SentLookup.unknown();
    }

    Optional<Boolean> acceptsDirectMessages(SocialAccount account, String userId) {
        String url = account.apiBaseUrl(XPlatform.DEFAULT_API) + "/2/users/" + encode(userId)
                + "?user.fields=receives_your_dm";
        try {
            PlatformHttp.Reply reply = http.get(url, auth(account));
            JsonNode user = reply.ok() ? Json.object(reply.body(), "X API response").path("data") : null;
            return user != null && user.has("receives_your_dm") ? Optional.of(Json.flag(user, "receives_your_dm"))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isOurDm(JsonNode event, SocialAccount account, OutboundMessage message) {
        Optional<String> sender = Json.text(event, "sender_id");
        Optional<String> conversation = Json.text(event, "dm_conversation_id");
        return sender.map(account.accountId()::equals).orElse(true) && conversation
                .map(c -> ("dm:" + c).equals(XWebhookParser.dmConversation(account.accountId(), message.recipientId())))
                .orElse(true);
    }

    private static boolean answers(JsonNode tweet, OutboundMessage message) {
        if (message.inReplyToId().isEmpty()) {
            return true;
        }
        for (JsonNode ref : tweet.path("referenced_tweets")) {
            if ("replied_to".equals(ref.path("type").asText()) && message.inReplyToId().get().equals(ref.path("id").asText())) {
                return true;
            }
        }
        return false;
    }


    private static Map<String, String> auth(SocialAccount account) {
        return Map.of("Authorization", "Bearer " + account.accessToken().orElse(""));
    }

    private static Optional<Instant> instant(String value) {
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
