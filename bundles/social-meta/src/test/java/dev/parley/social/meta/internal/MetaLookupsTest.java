package dev.parley.social.meta.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.LookedUpMessage;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;

/**
 * The Graph API lookups of what a webhook left out, as Meta documents them: an Instagram mention
 * (IG User mentioned_comment / mentioned_media field expansions) and the author of a Page comment
 * without {@code from} (the comment node), answered with the documented response shapes.
 */
class MetaLookupsTest {

    private static final SocialAccount PAGE = new SocialAccount("acme-fb", "meta", "PAGE_ID", Optional.empty(),
            Optional.empty(), Optional.of("secret"), Optional.of("verify"), Optional.of("page-token"),
            ReceiveMode.WEBHOOK, Optional.of("https://graph.test/v23.0"));

    /** Records the one GET and answers it. */
    private static final class OneAnswer implements PlatformHttp {
        final int status;
        final String body;
        String url;
        Map<String, String> headers;

        OneAnswer(int status, String body) {
            this.status = status;
            this.body = body;
        }

        @Override
        public CompletableFuture<Reply> getAsync(String url, Map<String, String> headers) {
            this.url = url;
            this.headers = headers;
            return CompletableFuture.completedFuture(new Reply(status, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public CompletableFuture<Reply> postJsonAsync(String url, Map<String, String> headers, byte[] json) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean mayHaveArrived(IOException e) {
            return false;
        }
    }

    private static Map<String, String> parsedMention(String value) {
        String body = """
                {"object":"instagram","entry":[{"id":"17841405309211844","time":1520622968,"changes":[
                 {"field":"mentions","value":%s}]}]}""".formatted(value);
        InboundMessage m = new MetaWebhookParser().parse(PAGE, body.getBytes(StandardCharsets.UTF_8)).get(0);
        return m.properties();
    }

    @Test
    void aCommentMentionIsReadThroughMentionedComment() throws IOException {
        Map<String, String> properties = parsedMention("{\"media_id\":\"17887498072083520\",\"comment_id\":\"17894227972186120\"}");
        assertThat(properties).containsEntry(InboundMessage.NEEDS_LOOKUP, "true")
                .containsEntry("mention.igUserId", "17841405309211844");
        OneAnswer http = new OneAnswer(200, """
                {"mentioned_comment":{"text":"@bluebottle challenge?","username":"jane.ig",
                 "timestamp":"2017-05-03T16:09:08+0000","media":{"id":"17887498072083520",
                 "permalink":"https://www.instagram.com/p/B1abc/"},"id":"17894227972186120"},"id":"17841405309211844"}""");

        LookedUpMessage found = new MetaMentions(http).lookup(PAGE, properties).orElseThrow();

        assertThat(URLDecoder.decode(http.url, StandardCharsets.UTF_8)).isEqualTo("https://graph.test/v23.0/"
                + "17841405309211844?fields=mentioned_comment.comment_id(17894227972186120)"
                + "{text,username,timestamp,media{id,permalink}}");
        assertThat(http.headers).containsEntry("Authorization", "Bearer page-token");
        assertThat(found).isEqualTo(new LookedUpMessage("@bluebottle challenge?", Optional.of("jane.ig"),
                Optional.empty(), Optional.of("https://www.instagram.com/p/B1abc/"),
                Optional.of(Instant.parse("2017-05-03T16:09:08Z"))));
    }

    @Test
    void aCaptionMentionIsReadThroughMentionedMedia() throws IOException {
        Map<String, String> properties = parsedMention("{\"media_id\":\"17887498072083520\"}");
        OneAnswer http = new OneAnswer(200, """
                {"mentioned_media":{"caption":"Loving the new cups from bluebottle","username":"cup.fan",
                 "timestamp":"2026-12-06T10:00:00+0000","permalink":"https://www.instagram.com/p/C2/",
                 "media_type":"IMAGE","media_url":"https://scontent.cdninstagram.com/v/1.jpg",
                 "id":"17887498072083520"},"id":"17841405309211844"}""");

        LookedUpMessage found = new MetaMentions(http).lookup(PAGE, properties).orElseThrow();

        assertThat(URLDecoder.decode(http.url, StandardCharsets.UTF_8)).endsWith("?fields=mentioned_media.media_id("
                + "17887498072083520){caption,username,timestamp,permalink,media_type,media_url}");
        assertThat(found.text()).isEqualTo("Loving the new cups from bluebottle");
        assertThat(found.authorHandle()).contains("cup.fan");
        assertThat(found.permalink()).contains("https://www.instagram.com/p/C2/");
    }

    @Test
    void aGraphErrorIsAnIOExceptionWithMetasReason() {
        Map<String, String> properties = parsedMention("{\"media_id\":\"1\",\"comment_id\":\"2\"}");
        OneAnswer http = new OneAnswer(400, """
                {"error":{"message":"(#10) Comments are disabled for this media","type":"OAuthException","code":10,
                 "fbtrace_id":"Axyz"}}""");
        assertThatThrownBy(() -> new MetaMentions(http).lookup(PAGE, properties)).isInstanceOf(IOException.class)
                .hasMessage("Meta answered 400 to the mentioned_comment lookup: (#10) Comments are disabled for this "
                        + "media (code 10)");
    }

    @Test
    void otherMessagesAreNotMentions() throws IOException {
        assertThat(new MetaMentions(new OneAnswer(500, "")).lookup(PAGE, Map.of())).isEmpty();
    }

    private static Map<String, String> parsedCommentWithoutFrom() {
        String body = """
                {"object":"page","entry":[{"id":"PAGE_ID","time":1700000000,"changes":[{"field":"feed","value":{
                 "item":"comment","verb":"add","comment_id":"PAGE_ID_POST_1_C9","post_id":"PAGE_ID_POST_1",
                 "parent_id":"PAGE_ID_POST_1","message":"where is my order?","created_time":1700000000}}]}]}""";
        return new MetaWebhookParser().parse(PAGE, body.getBytes(StandardCharsets.UTF_8)).get(0).properties();
    }

    @Test
    void aPageCommentWithoutFromHasItsAuthorReadFromTheCommentNode() throws IOException {
        Map<String, String> properties = parsedCommentWithoutFrom();
        OneAnswer http = new OneAnswer(200, """
                {"from":{"name":"Jane Doe","id":"6789012345"},"permalink_url":
                 "https://www.facebook.com/PAGE_ID/posts/POST_1?comment_id=C9","created_time":"2023-11-14T22:13:20+0000",
                 "id":"PAGE_ID_POST_1_C9"}""");

        LookedUpMessage found = new MetaPlatformLookup(http).lookup(properties);

        assertThat(URLDecoder.decode(http.url, StandardCharsets.UTF_8))
                .isEqualTo("https://graph.test/v23.0/PAGE_ID_POST_1_C9?fields=from,permalink_url,created_time");
        assertThat(http.headers).containsEntry("Authorization", "Bearer page-token");
        assertThat(found.authorId()).contains("6789012345");
        assertThat(found.authorName()).contains("Jane Doe");
        assertThat(found.text()).as("the webhook's text stays; edits come as webhooks").isEmpty();
        assertThat(found.permalink()).contains("https://www.facebook.com/PAGE_ID/posts/POST_1?comment_id=C9");
        assertThat(found.createdAt()).contains(Instant.parse("2023-11-14T22:13:20Z"));
    }

    @Test
    void aCommentNodeWithoutFromLeavesTheAuthorAnonymous() throws IOException {
        OneAnswer http = new OneAnswer(200, "{\"id\":\"PAGE_ID_POST_1_C9\"}");
        LookedUpMessage found = new MetaPlatformLookup(http).lookup(parsedCommentWithoutFrom());
        assertThat(found.authorId()).isEmpty();
        assertThat(found.authorName()).isEmpty();
    }

    @Test
    void aRefusedCommentLookupIsAnIOExceptionWithMetasReason() {
        OneAnswer http = new OneAnswer(400, """
                {"error":{"message":"(#10) This endpoint requires the 'pages_read_engagement' permission",
                 "type":"OAuthException","code":10,"fbtrace_id":"Axyz"}}""");
        assertThatThrownBy(() -> new MetaPlatformLookup(http).lookup(parsedCommentWithoutFrom()))
                .isInstanceOf(IOException.class).hasMessageStartingWith("Meta answered 400 to the comment lookup: (#10)");
    }

    /** Through the platform's own lookupMessage, which picks the comment lookup by the parser's properties. */
    private record MetaPlatformLookup(PlatformHttp http) {
        LookedUpMessage lookup(Map<String, String> properties) throws IOException {
            return new MetaPlatform(http).lookupMessage(PAGE, "facebook", properties).orElseThrow();
        }
    }
}
