package dev.parley.social.sandbox.internal.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.sandbox.internal.customer.PostedMessage;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.ApiResponse;

/** An Instagram mention's webhook carries ids; the IG User's mentioned_comment / mentioned_media tell the rest. */
class MentionLookupApiTest extends MetaFixture {

    private JsonNode get(String node, String fields, int status) throws Exception {
        ApiResponse r = meta.api().handle(ApiRequest.of("GET", "/v23.0/" + node, Map.of("fields", List.of(fields)),
                Map.of("authorization", "Bearer sandbox-meta-token"), ""));
        assertThat(r.status()).isEqualTo(status);
        return json.mapper().readTree(r.body());
    }

    @Test
    void aCommentMentionIsAnsweredWithItsTextUsernameAndTheMediasPermalink() throws Exception {
        PostedMessage posted = meta.post(post("instagram_mention", "@acme where is my order?", null));
        JsonNode change = parse(sink.webhooks.get(0)).at("/entry/0/changes/0/value");
        String commentId = change.get("comment_id").asText();
        assertThat(posted.id()).isEqualTo("mention:" + commentId);
        assertThat(change.has("text")).as("the webhook carries ids only").isFalse();

        JsonNode answer = get("3000000001", "mentioned_comment.comment_id(" + commentId
                + "){text,username,timestamp,media{id,permalink}}", 200);

        assertThat(answer.get("id").asText()).isEqualTo("3000000001");
        JsonNode comment = answer.get("mentioned_comment");
        assertThat(comment.get("text").asText()).isEqualTo("@acme where is my order?");
        assertThat(comment.get("username").asText()).isEqualTo("jane");
        assertThat(comment.get("timestamp").asText()).isEqualTo("2026-01-31T12:00:00+0000");
        assertThat(comment.at("/media/id").asText()).isEqualTo(change.get("media_id").asText());
        assertThat(comment.at("/media/permalink").asText()).startsWith("https://www.instagram.com/p/");
        assertThat(comment.get("id").asText()).isEqualTo(commentId);
    }

    @Test
    void aCaptionMentionIsAnsweredByMentionedMediaWithOnlyTheFieldsAskedFor() throws Exception {
        meta.post(post("instagram_caption_mention", "Loving my new cup @acme", null));
        JsonNode change = parse(sink.webhooks.get(0)).at("/entry/0/changes/0/value");
        assertThat(change.has("comment_id")).isFalse();
        String mediaId = change.get("media_id").asText();

        JsonNode media = get("3000000001", "mentioned_media.media_id(" + mediaId + "){caption,username}", 200)
                .get("mentioned_media");
        assertThat(media.get("caption").asText()).isEqualTo("Loving my new cup @acme");
        assertThat(media.get("username").asText()).isEqualTo("jane");
        assertThat(media.has("permalink")).isFalse();
    }

    @Test
    void anUnknownMentionIsGraphsObjectDoesNotExistError() throws Exception {
        JsonNode error = get("3000000001", "mentioned_comment.comment_id(999){text}", 400).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(100);
        assertThat(error.get("type").asText()).isEqualTo("OAuthException");
    }
}
