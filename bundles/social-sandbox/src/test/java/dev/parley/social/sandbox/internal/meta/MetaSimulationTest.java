package dev.parley.social.sandbox.internal.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.sandbox.internal.customer.PostedMessage;
import dev.parley.social.sandbox.internal.delivery.Webhook;
import dev.parley.social.sandbox.internal.wire.PlatformIds;
import dev.parley.social.sandbox.internal.wire.WebhookSignatures;

class MetaSimulationTest extends MetaFixture {

    @Test
    void aMessengerMessageIsAPageMessagingEventSignedOverTheEscapedBytes() throws Exception {
        PostedMessage posted = meta.post(post("dm", "Grüße 😀", null));

        Webhook webhook = sink.last();
        assertThat(webhook.url()).hasToString("http://127.0.0.1:8080/webhooks/meta/sandbox-meta");
        String raw = new String(webhook.body(), StandardCharsets.US_ASCII);
        assertThat(raw).contains("Gr\\u00fc\\u00dfe \\ud83d\\ude00").doesNotContain("😀");
        assertThat(webhook.headers()).containsEntry("X-Hub-Signature-256",
                WebhookSignatures.meta("sandbox-meta-secret", webhook.body()));

        JsonNode root = parse(webhook);
        assertThat(root.get("object").asText()).isEqualTo("page");
        JsonNode entry = root.get("entry").get(0);
        assertThat(entry.get("id").asText()).isEqualTo("2000000001");
        assertThat(entry.get("time").asLong()).isEqualTo(NOW.toEpochMilli());
        JsonNode event = entry.get("messaging").get(0);
        assertThat(event.at("/sender/id").asText()).isEqualTo(PlatformIds.stableUserId('7', "jane"))
                .isEqualTo(posted.conversationId());
        assertThat(event.at("/recipient/id").asText()).isEqualTo("2000000001");
        assertThat(event.get("timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(event.at("/message/mid").asText()).isEqualTo(posted.id()).startsWith("mid.$");
        assertThat(event.at("/message/text").asText()).isEqualTo("Grüße 😀");
    }

    @Test
    void anInstagramMessageComesAsObjectInstagramToTheInstagramAccount() throws Exception {
        meta.post(post("instagram_dm", "hi", null));

        JsonNode root = parse(sink.last());
        assertThat(root.get("object").asText()).isEqualTo("instagram");
        assertThat(root.at("/entry/0/id").asText()).isEqualTo("3000000001");
        assertThat(root.at("/entry/0/messaging/0/recipient/id").asText()).isEqualTo("3000000001");
        assertThat(root.at("/entry/0/messaging/0/sender/id").asText()).isEqualTo(PlatformIds.stableUserId('8', "jane"));
    }

    @Test
    void aCommentIsAFeedChangeOnThePagePost() throws Exception {
        PostedMessage comment = meta.post(post("comment", "Is this in stock?", null));

        JsonNode root = parse(sink.last());
        assertThat(root.get("object").asText()).isEqualTo("page");
        assertThat(root.at("/entry/0/time").asLong()).isEqualTo(NOW.getEpochSecond());
        JsonNode change = root.at("/entry/0/changes/0");
        assertThat(change.get("field").asText()).isEqualTo("feed");
        JsonNode value = change.get("value");
        assertThat(value.get("item").asText()).isEqualTo("comment");
        assertThat(value.get("verb").asText()).isEqualTo("add");
        assertThat(value.get("comment_id").asText()).isEqualTo(comment.id()).matches("100000000000001_[0-9]+");
        assertThat(value.get("post_id").asText()).isEqualTo("2000000001_100000000000001");
        assertThat(value.get("parent_id").asText()).isEqualTo("2000000001_100000000000001");
        assertThat(value.at("/from/name").asText()).isEqualTo("Jane Doe");
        assertThat(value.get("message").asText()).isEqualTo("Is this in stock?");
        assertThat(value.get("created_time").asLong()).isEqualTo(NOW.getEpochSecond());

        PostedMessage answer = meta.post(post("comment", "hello?", comment.id()));
        JsonNode nested = parse(sink.last()).at("/entry/0/changes/0/value");
        assertThat(nested.get("parent_id").asText()).isEqualTo(comment.id());
        assertThat(nested.get("post_id").asText()).isEqualTo("2000000001_100000000000001");
        assertThat(answer.conversationId()).isEqualTo("2000000001_100000000000001");
    }
}
