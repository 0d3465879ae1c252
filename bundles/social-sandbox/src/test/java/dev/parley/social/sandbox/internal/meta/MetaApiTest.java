package dev.parley.social.sandbox.internal.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.sandbox.internal.customer.PostedMessage;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.ApiResponse;

class MetaApiTest extends MetaFixture {

    ApiResponse send(String path, String body) {
        return meta.api().handle(ApiRequest.of("POST", path, Map.of("access_token", List.of("page-token")),
                Map.of("content-type", "application/json"), body));
    }

    ApiResponse message(String psid, String extra) {
        return send("/v19.0/2000000001/messages",
                "{\"recipient\":{\"id\":\"" + psid + "\"}" + extra + ",\"message\":{\"text\":\"We are on it\"}}");
    }

    JsonNode body(ApiResponse response) throws Exception {
        return json.mapper().readTree(response.body());
    }

    @Test
    void aResponseWithinTheWindowIsSentAndEchoed() throws Exception {
        PostedMessage dm = meta.post(post("dm", "help", null));
        int before = sink.webhooks.size();

        ApiResponse sent = message(dm.conversationId(), ",\"messaging_type\":\"RESPONSE\"");

        assertThat(sent.status()).isEqualTo(200);
        assertThat(body(sent).get("recipient_id").asText()).isEqualTo(dm.conversationId());
        assertThat(body(sent).get("message_id").asText()).startsWith("mid.$");
        JsonNode echo = parse(sink.webhooks.get(before)).at("/entry/0/messaging/0");
        assertThat(echo.at("/message/is_echo").asBoolean()).isTrue();
        assertThat(echo.at("/message/app_id").asLong()).isEqualTo(4000000001L);
        assertThat(echo.at("/sender/id").asText()).isEqualTo("2000000001");
        assertThat(echo.at("/recipient/id").asText()).isEqualTo(dm.conversationId());
    }

    @Test
    void after24HoursOnlyTheHumanAgentTagGetsThroughUntilSevenDays() throws Exception {
        PostedMessage dm = meta.post(post("dm", "help", null));
        clock.advance(Duration.ofHours(25));

        ApiResponse late = message(dm.conversationId(), ",\"messaging_type\":\"RESPONSE\"");
        assertThat(late.status()).isEqualTo(400);
        JsonNode error = body(late).get("error");
        assertThat(error.get("type").asText()).isEqualTo("OAuthException");
        assertThat(error.get("code").asInt()).isEqualTo(10);
        assertThat(error.get("error_subcode").asInt()).isEqualTo(2018278);
        assertThat(error.get("fbtrace_id").asText()).isNotBlank();

        assertThat(message(dm.conversationId(), ",\"messaging_type\":\"MESSAGE_TAG\",\"tag\":\"HUMAN_AGENT\"").status())
                .isEqualTo(200);
        clock.advance(Duration.ofDays(7));
        assertThat(message(dm.conversationId(), ",\"messaging_type\":\"MESSAGE_TAG\",\"tag\":\"HUMAN_AGENT\"").status())
                .isEqualTo(400);
    }

    @Test
    void instagramOutsideTheWindowIsA403WithItsOwnSubcode() throws Exception {
        PostedMessage dm = meta.post(post("instagram_dm", "help", null));
        clock.advance(Duration.ofDays(2));
        ApiResponse late = message(dm.conversationId(), "");
        assertThat(late.status()).isEqualTo(403);
        assertThat(body(late).at("/error/error_subcode").asInt()).isEqualTo(2534022);
    }

    @Test
    void textOver2000CharactersUnknownUsersAndMissingTokensAreRefused() throws Exception {
        PostedMessage dm = meta.post(post("dm", "help", null));
        ApiResponse tooLong = send("/v19.0/me/messages", "{\"recipient\":{\"id\":\"" + dm.conversationId()
                + "\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"" + "a".repeat(2001) + "\"}}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(body(tooLong).at("/error/code").asInt()).isEqualTo(100);

        ApiResponse unknown = message("123", "");
        assertThat(body(unknown).at("/error/error_subcode").asInt()).isEqualTo(2018001);

        ApiResponse badType = message(dm.conversationId(), ",\"messaging_type\":\"PROMO\"");
        assertThat(body(badType).at("/error/message").asText()).contains("messaging_type");

        ApiResponse noToken = meta.api().handle(ApiRequest.of("POST", "/v19.0/2000000001/messages", Map.of(), Map.of(),
                "{}"));
        assertThat(body(noToken).at("/error/code").asInt()).isEqualTo(104);

        ApiResponse otherPage = send("/v19.0/999/messages", "{}");
        assertThat(body(otherPage).at("/error/error_subcode").asInt()).isEqualTo(33);
    }

    @Test
    void aCommentGetsOnePrivateReplyAndAnyNumberOfPublicOnes() throws Exception {
        PostedMessage comment = meta.post(post("comment", "price?", null));

        ApiResponse privateReply = send("/v19.0/2000000001/messages",
                "{\"recipient\":{\"comment_id\":\"" + comment.id() + "\"},\"message\":{\"text\":\"DMing you\"}}");
        assertThat(privateReply.status()).isEqualTo(200);
        ApiResponse second = send("/v19.0/2000000001/messages",
                "{\"recipient\":{\"comment_id\":\"" + comment.id() + "\"},\"message\":{\"text\":\"again\"}}");
        assertThat(body(second).at("/error/code").asInt()).isEqualTo(10900);

        ApiResponse publicReply = meta.api().handle(ApiRequest.of("POST", "/v19.0/" + comment.id() + "/comments",
                Map.of(), Map.of("authorization", "Bearer page-token", "content-type",
                        "application/x-www-form-urlencoded"), "message=Thanks%20for%20asking%20%F0%9F%99%8F"));
        assertThat(publicReply.status()).isEqualTo(200);
        String replyId = body(publicReply).get("id").asText();
        assertThat(publicReply.createdId()).contains(replyId);
        JsonNode echo = parse(sink.last()).at("/entry/0/changes/0/value");
        assertThat(echo.get("comment_id").asText()).isEqualTo(replyId);
        assertThat(echo.get("parent_id").asText()).isEqualTo(comment.id());
        assertThat(echo.at("/from/id").asText()).isEqualTo("2000000001");
        assertThat(echo.get("message").asText()).isEqualTo("Thanks for asking 🙏");
    }

    @Test
    void aPrivateReplyMoreThanSevenDaysAfterTheCommentIsOutsideTheWindow() throws Exception {
        PostedMessage comment = meta.post(post("comment", "price?", null));
        clock.advance(Duration.ofDays(8));
        ApiResponse tooLate = send("/v19.0/2000000001/messages",
                "{\"recipient\":{\"comment_id\":\"" + comment.id() + "\"},\"message\":{\"text\":\"late\"}}");
        assertThat(tooLate.status()).isEqualTo(400);
        assertThat(body(tooLate).at("/error/error_subcode").asInt()).isEqualTo(2018278);
    }

    @Test
    void profilesOfKnownCustomers() throws Exception {
        PostedMessage dm = meta.post(post("dm", "hi", null));
        ApiResponse profile = meta.api().handle(ApiRequest.of("GET", "/v19.0/" + dm.conversationId(),
                Map.of("fields", List.of("first_name,last_name"), "access_token", List.of("t")), Map.of(), ""));
        assertThat(body(profile).get("first_name").asText()).isEqualTo("Jane");
        assertThat(body(profile).get("last_name").asText()).isEqualTo("Doe");
    }
}
