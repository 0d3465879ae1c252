package dev.parley.social.x.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.PollResult;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.PlatformHttp;

class XPollingTest {

    static final String BASE = "http://127.0.0.1:9/sandbox/x";
    static final SocialAccount ACME = new SocialAccount("acme", "x", "4337869213", Optional.of("acme"), null, null, null,
            Optional.of("user-token"), ReceiveMode.POLL, Optional.of(BASE + "/"));
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final PlatformHttp http = mock(PlatformHttp.class);
    private final XPlatform x = new XPlatform(http, Clock.fixed(NOW, ZoneOffset.UTC));

    static PlatformHttp.Reply ok(String json, long remaining) {
        return new PlatformHttp.Reply(200, Map.of("x-rate-limit-limit", "15", "x-rate-limit-remaining",
                Long.toString(remaining), "x-rate-limit-reset", Long.toString(NOW.plusSeconds(900).getEpochSecond())),
                json.getBytes(StandardCharsets.UTF_8));
    }

    private void answer(String urlPart, PlatformHttp.Reply reply) throws IOException {
        when(http.get(argThat(url -> url != null && url.contains(urlPart)), anyMap())).thenReturn(reply);
    }

    static final String MENTIONS = """
            {"data":[{"id":"1002","text":"@acme still broken","author_id":"3001969357","conversation_id":"1001",
              "created_at":"2026-11-23T09:58:00.000Z","referenced_tweets":[{"type":"replied_to","id":"1001"}]},
             {"id":"1001","text":"@acme broken","author_id":"3001969357","conversation_id":"1001","created_at":"2026-11-23T09:57:00.000Z"}],
             "includes":{"users":[{"id":"3001969357","username":"jane","name":"Jane","verified":true,
               "public_metrics":{"followers_count":77},"receives_your_dm":true}]},
             "meta":{"result_count":2,"newest_id":"1002","oldest_id":"1001"}}""";

    static final String DMS = """
            {"data":[{"id":"2002","event_type":"MessageCreate","text":"hello?","dm_conversation_id":"3001969357-4337869213",
              "created_at":"2026-11-23T09:59:00.000Z"},
             {"id":"2001","event_type":"MessageCreate","text":"thanks","sender_id":"4337869213",
              "dm_conversation_id":"3001969357-4337869213","created_at":"2026-11-23T09:58:30.000Z"}],
             "meta":{"result_count":2}}""";

    @Test
    void firstPollNormalizesMentionsAndDmsAndReturnsTheCursor() throws IOException {
        answer("/mentions?", ok(MENTIONS, 299));
        answer("/2/dm_events?", ok(DMS, 14));
        PollResult result = x.poll(ACME, "");
        assertThat(result.cursor()).isEqualTo("mentions=1002;dms=2002");
        assertThat(result.notBefore()).isEmpty();
        assertThat(result.rateLimit()).get().satisfies(r -> assertThat(r.remaining()).isEqualTo(14));
        assertThat(result.messages()).extracting(InboundMessage::externalId).containsExactly("1002", "1001", "2002", "2001");
        InboundMessage reply = result.messages().get(0);
        assertThat(reply.visibility()).isEqualTo(MessageVisibility.PUBLIC);
        assertThat(reply.conversationKey()).isEqualTo("tweet:1001");
        assertThat(reply.inReplyToId()).contains("1001");
        assertThat(reply.author().handle()).contains("jane");
        assertThat(reply.author().followerCount()).hasValue(77);
        assertThat(reply.author().canReceiveDm()).contains(true);
        InboundMessage dm = result.messages().get(2);
        assertThat(dm.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(dm.author().platformId()).isEqualTo("3001969357"); // sender_id dropped: taken from the conversation id
        assertThat(dm.conversationKey()).isEqualTo("dm:3001969357-4337869213");
        assertThat(result.messages().get(3).kind()).isEqualTo(MessageKind.ECHO);
    }

    @Test
    void laterPollsResumeFromTheCursorAndStopAtSeenDms() throws IOException {
        when(http.get(argThat(url -> url != null && url.contains("since_id=1002")), anyMap()))
                .thenReturn(ok("{\"meta\":{\"result_count\":0}}", 298));
        answer("/2/dm_events?", ok(DMS.replace("\"2002\"", "\"2003\"").replace("\"2001\"", "\"2002\""), 13));
        PollResult result = x.poll(ACME, "mentions=1002;dms=2002");
        assertThat(result.messages()).extracting(InboundMessage::externalId).containsExactly("2003");
        assertThat(result.cursor()).isEqualTo("mentions=1002;dms=2003");
    }

    @Test
    void rateLimitedPollKeepsItsCursorAndSaysWhenToComeBack() throws IOException {
        answer("/mentions?", new PlatformHttp.Reply(429, Map.of("x-rate-limit-remaining", "0", "x-rate-limit-reset",
                Long.toString(NOW.plusSeconds(600).getEpochSecond())),
                "{\"errors\":[{\"code\":88,\"message\":\"Rate limit exceeded\"}]}".getBytes(StandardCharsets.UTF_8)));
        answer("/2/dm_events?", ok(DMS, 0));
        PollResult result = x.poll(ACME, "mentions=900;dms=1900");
        assertThat(result.cursor()).startsWith("mentions=900;");
        assertThat(result.notBefore()).contains(NOW.plusSeconds(900)); // the later of the two resets
    }
}
