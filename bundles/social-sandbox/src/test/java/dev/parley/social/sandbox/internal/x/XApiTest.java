package dev.parley.social.sandbox.internal.x;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.customer.PostedMessage;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.ApiResponse;
import dev.parley.social.sandbox.internal.wire.PlatformIds;

class XApiTest extends XFixture {

    static final Map<String, String> BEARER = Map.of("authorization", "Bearer user-token");

    ApiResponse call(String method, String path, Map<String, List<String>> query, String body) {
        return x.api().handle(ApiRequest.of(method, path, query, BEARER, body));
    }

    JsonNode body(ApiResponse response) throws Exception {
        return json.mapper().readTree(response.body());
    }

    @Test
    void everyCallNeedsABearerTokenAndCarriesRateLimitHeaders() throws Exception {
        ApiResponse anonymous = x.api().handle(ApiRequest.of("GET", "/2/dm_events", Map.of(), Map.of(), ""));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(body(anonymous).get("title").asText()).isEqualTo("Unauthorized");

        ApiResponse ok = call("GET", "/2/dm_events", Map.of(), "");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.headers()).containsEntry("x-rate-limit-limit", "15").containsEntry("x-rate-limit-remaining", "15")
                .containsKey("x-rate-limit-reset");
    }

    @Test
    void mentionsListNewestFirstWithMetaAndPages() throws Exception {
        String[] ids = new String[6];
        for (int i = 0; i < 6; i++) {
            ids[i] = x.post(post("mention", "n" + i)).id();
        }
        JsonNode first = body(call("GET", "/2/users/1000000001/mentions", Map.of("max_results", List.of("5"),
                "tweet.fields", List.of("author_id,created_at"), "expansions", List.of("author_id")), ""));
        assertThat(first.get("data")).hasSize(5);
        assertThat(first.at("/data/0/id").asText()).isEqualTo(ids[5]);
        assertThat(first.at("/data/0/author_id").asText()).isEqualTo(PlatformIds.stableUserId('9', "jane_doe"));
        assertThat(first.at("/data/0/created_at").asText()).isEqualTo("2018-10-10T20:19:24.000Z");
        assertThat(first.at("/includes/users/0/username").asText()).isEqualTo("jane_doe");
        assertThat(first.at("/meta/newest_id").asText()).isEqualTo(ids[5]);
        assertThat(first.at("/meta/oldest_id").asText()).isEqualTo(ids[1]);
        assertThat(first.at("/meta/result_count").asInt()).isEqualTo(5);

        JsonNode second = body(call("GET", "/2/users/1000000001/mentions", Map.of("max_results", List.of("5"),
                "pagination_token", List.of(first.at("/meta/next_token").asText())), ""));
        assertThat(second.at("/data/0/id").asText()).isEqualTo(ids[0]);
        assertThat(second.at("/data/0/author_id").isMissingNode()).as("only default fields unless asked").isTrue();
        assertThat(second.at("/meta/next_token").isMissingNode()).isTrue();

        JsonNode since = body(call("GET", "/2/users/1000000001/mentions", Map.of("since_id", List.of(ids[4])), ""));
        assertThat(since.get("data")).hasSize(1);
        JsonNode none = body(call("GET", "/2/users/1000000001/mentions", Map.of("since_id", List.of(ids[5])), ""));
        assertThat(none.has("data")).isFalse();
        assertThat(none.at("/meta/result_count").asInt()).isZero();
    }

    @Test
    void outOfRangeMaxResultsIsAnInvalidRequestNamingTheParameter() throws Exception {
        ApiResponse response = call("GET", "/2/users/1000000001/mentions", Map.of("max_results", List.of("3")), "");
        assertThat(response.status()).isEqualTo(400);
        assertThat(body(response).at("/errors/0/parameters/max_results/0").asText()).isEqualTo("3");
        assertThat(body(response).get("title").asText()).isEqualTo("Invalid Request");
    }

    @Test
    void dmToSomeoneWhoNeverWroteIsForbiddenButAfterTheirDmItGoesThroughAndEchoes() throws Exception {
        String customer = PlatformIds.stableUserId('9', "jane_doe");
        x.post(post("mention", "hi"));
        ApiResponse refused = call("POST", "/2/dm_conversations/with/" + customer + "/messages", Map.of(),
                "{\"text\":\"Can you DM us your order number?\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(body(refused).get("status").asInt()).isEqualTo(403);

        PostedMessage dm = x.post(post("dm", "order 42"));
        int before = sink.webhooks.size();
        ApiResponse sent = call("POST", "/2/dm_conversations/with/" + customer + "/messages", Map.of(),
                "{\"text\":\"Thanks, on it\"}");
        assertThat(sent.status()).isEqualTo(201);
        JsonNode data = body(sent).get("data");
        assertThat(data.get("dm_conversation_id").asText()).isEqualTo(dm.conversationId());
        assertThat(sent.createdId()).contains(data.get("dm_event_id").asText());

        JsonNode echo = json.mapper().readTree(sink.webhooks.get(before).body());
        assertThat(echo.at("/direct_message_events/0/message_create/sender_id").asText())
                .isEqualTo(echo.get("for_user_id").asText());
        assertThat(echo.at("/direct_message_events/0/message_create/source_app_id").asText()).isNotEmpty();

        ApiResponse inConversation = call("POST", "/2/dm_conversations/" + dm.conversationId() + "/messages", Map.of(),
                "{\"text\":\"Follow-up\"}");
        assertThat(inConversation.status()).isEqualTo(201);
        JsonNode events = body(call("GET", "/2/dm_events", Map.of("dm_event.fields", List.of("sender_id")), ""));
        assertThat(events.get("data")).hasSize(3);
        assertThat(events.at("/data/0/text").asText()).isEqualTo("Follow-up");
        assertThat(events.at("/data/2/sender_id").asText()).isEqualTo(customer);
    }

    @Test
    void userWhoAcceptsDmsFromAnyoneCanBeDmedFirst() {
        x.post(new CustomerPost("x", null, "mention", null, "open_dms", null, null, null, "hi", null, true).validate());
        ApiResponse sent = call("POST", "/2/dm_conversations/with/" + PlatformIds.stableUserId('9', "open_dms")
                + "/messages", Map.of(), "{\"text\":\"Hi!\"}");
        assertThat(sent.status()).isEqualTo(201);
    }

    @Test
    void aReplyIsCreatedOnceAndTheSameReplyAgainIsRefusedAsDuplicate() throws Exception {
        PostedMessage mention = x.post(post("mention", "help"));
        String reply = "{\"text\":\"@jane_doe we are on it\",\"reply\":{\"in_reply_to_tweet_id\":\"" + mention.id() + "\"}}";
        ApiResponse created = call("POST", "/2/tweets", Map.of(), reply);
        assertThat(created.status()).isEqualTo(201);
        assertThat(body(created).at("/data/text").asText()).isEqualTo("@jane_doe we are on it");
        JsonNode echo = json.mapper().readTree(sink.last().body()).get("tweet_create_events").get(0);
        assertThat(echo.at("/user/id_str").asText()).isEqualTo("1000000001");
        assertThat(echo.get("in_reply_to_status_id_str").asText()).isEqualTo(mention.id());

        ApiResponse again = call("POST", "/2/tweets", Map.of(), reply);
        assertThat(again.status()).isEqualTo(403);
        assertThat(body(again).get("detail").asText()).contains("duplicate content");
    }

    @Test
    void unknownRoutesAnswerXsPageDoesNotExist() throws Exception {
        ApiResponse response = call("GET", "/2/nothing", Map.of(), "");
        assertThat(response.status()).isEqualTo(404);
        assertThat(body(response).at("/errors/0/code").asInt()).isEqualTo(34);
    }

    @Test
    void faultResponsesUseXsBodiesAndHeaders() throws Exception {
        ApiResponse limited = x.api().rateLimited(30, false);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers()).containsEntry("x-rate-limit-remaining", "0")
                .containsEntry("x-rate-limit-reset", Long.toString(NOW.getEpochSecond() + 30));
        assertThat(body(limited).get("title").asText()).isEqualTo("Too Many Requests");
        assertThat(body(x.api().rateLimited(30, true)).at("/errors/0/code").asInt()).isEqualTo(88);
        assertThat(x.api().serverError().status()).isEqualTo(503);
    }
}
