package dev.parley.social.sandbox.internal.x;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.customer.PostedMessage;
import dev.parley.social.sandbox.internal.delivery.Webhook;
import dev.parley.social.sandbox.internal.wire.PlatformIds;
import dev.parley.social.sandbox.internal.wire.WebhookSignatures;

class XSimulationTest extends XFixture {

    @Test
    void aMentionArrivesAsASignedAccountActivityTweetCreateEvent() throws Exception {
        PostedMessage posted = x.post(post("mention", "where is my parcel? 📦"));

        Webhook webhook = sink.last();
        assertThat(webhook.url()).hasToString("http://127.0.0.1:8080/webhooks/x/sandbox-x");
        assertThat(webhook.headers()).containsEntry("x-twitter-webhooks-signature",
                WebhookSignatures.x("sandbox-x-secret", webhook.body()));
        JsonNode root = json.mapper().readTree(webhook.body());
        assertThat(root.get("for_user_id").asText()).isEqualTo("1000000001");
        JsonNode tweet = root.get("tweet_create_events").get(0);
        assertThat(tweet.get("id_str").asText()).isEqualTo(posted.id());
        assertThat(tweet.get("text").asText()).isEqualTo("@acme where is my parcel? 📦");
        assertThat(tweet.get("created_at").asText()).isEqualTo("Wed Oct 10 20:19:24 +0000 2018");
        assertThat(tweet.get("in_reply_to_status_id_str").isNull()).isTrue();
        JsonNode user = tweet.get("user");
        assertThat(user.get("id_str").asText()).isEqualTo(PlatformIds.stableUserId('9', "jane_doe"));
        assertThat(user.get("screen_name").asText()).isEqualTo("jane_doe");
        assertThat(user.get("name").asText()).isEqualTo("Jane Doe");
        assertThat(user.get("followers_count").asInt()).isEqualTo(1234);
        assertThat(user.get("verified").asBoolean()).isTrue();
        assertThat(tweet.at("/entities/user_mentions/0/id_str").asText()).isEqualTo("1000000001");
        // X sends UTF-8 as is, not escaped
        assertThat(new String(webhook.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("📦");
    }

    @Test
    void aReplyMentionNamesTheTweetItAnswers() throws Exception {
        PostedMessage first = x.post(post("mention", "@acme hello"));
        x.post(new CustomerPost("x", null, "mention", null, "jane_doe", null, null, null, "still waiting",
                first.id(), null).validate());

        JsonNode tweet = json.mapper().readTree(sink.last().body()).get("tweet_create_events").get(0);
        assertThat(tweet.get("in_reply_to_status_id_str").asText()).isEqualTo(first.id());
        assertThat(tweet.get("in_reply_to_screen_name").asText()).isEqualTo("jane_doe");
    }

    @Test
    void aDirectMessageCarriesTheUsersMapForSenderAndRecipient() throws Exception {
        PostedMessage posted = x.post(post("dm", "Hello World!"));

        JsonNode root = json.mapper().readTree(sink.last().body());
        assertThat(root.get("for_user_id").asText()).isEqualTo("1000000001");
        JsonNode event = root.get("direct_message_events").get(0);
        assertThat(event.get("type").asText()).isEqualTo("message_create");
        assertThat(event.get("id").asText()).isEqualTo(posted.id());
        assertThat(event.get("created_timestamp").asText()).isEqualTo(Long.toString(NOW.toEpochMilli()));
        String sender = PlatformIds.stableUserId('9', "jane_doe");
        assertThat(event.at("/message_create/sender_id").asText()).isEqualTo(sender);
        assertThat(event.at("/message_create/target/recipient_id").asText()).isEqualTo("1000000001");
        assertThat(event.at("/message_create/message_data/text").asText()).isEqualTo("Hello World!");
        assertThat(event.at("/message_create/source_app_id").isMissingNode()).isTrue();
        assertThat(root.at("/users/" + sender + "/screen_name").asText()).isEqualTo("jane_doe");
        assertThat(root.at("/users/" + sender + "/id").asText()).isEqualTo(sender);
        assertThat(root.at("/users/1000000001/screen_name").asText()).isEqualTo("acme");
        assertThat(posted.conversationId()).isEqualTo("1000000001-" + sender);
    }
}
