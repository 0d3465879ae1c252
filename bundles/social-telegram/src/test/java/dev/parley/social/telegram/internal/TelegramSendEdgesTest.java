package dev.parley.social.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.PollResult;
import dev.parley.social.api.SendResult;

/** Sending and polling against the Bot API's documented errors and the update kinds that change where a reply goes. */
class TelegramSendEdgesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final FakeHttp http = new FakeHttp();
    private final List<Duration> slept = new ArrayList<>();
    private final TelegramPlatform platform = new TelegramPlatform(http, Clock.fixed(NOW, ZoneOffset.UTC), slept::add);

    private static OutboundMessage reply(String conversation, String inReplyTo, String text) {
        return new OutboundMessage("telegram", conversation, "5552", Optional.ofNullable(inReplyTo),
                MessageVisibility.PUBLIC, text, List.of());
    }

    private static final String SENT = "{\"ok\":true,\"result\":{\"message_id\":%d,\"chat\":{\"id\":%s,\"type\":"
            + "\"supergroup\"},\"date\":1700000300,\"text\":\"On it\"}}";

    @Test
    void aReplyToAnUpgradedGroupIsSentAgainToTheSupergroupAndLaterOnesGoThereAtOnce() {
        http.answer(400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: group chat was upgraded to a "
                + "supergroup chat\",\"parameters\":{\"migrate_to_chat_id\":-1009001}}");
        http.answer(200, SENT.formatted(5, "-1009001"));
        SendResult result = platform.send(TelegramUpdatesTest.BOT, reply("-4001:5552", "-4001:10", "On it"));
        assertThat(result.status()).isEqualTo(SendResult.Status.SENT);
        assertThat(result.platformMessageId()).contains("-1009001:5");
        List<FakeHttp.Call> calls = http.calls("sendMessage");
        assertThat(calls).extracting(c -> c.body().path("chat_id").asLong()).containsExactly(-4001L, -1009001L);
        assertThat(calls.get(0).body().path("reply_parameters").path("message_id").asLong()).isEqualTo(10);
        assertThat(calls.get(1).body().has("reply_parameters")).as("message 10 was the old group's").isFalse();

        http.answer(200, SENT.formatted(6, "-1009001"));
        assertThat(platform.send(TelegramUpdatesTest.BOT, reply("-4001:5553", null, "Next")).platformMessageId())
                .contains("-1009001:6");
        assertThat(http.calls("sendMessage").get(2).body().path("chat_id").asLong()).isEqualTo(-1009001L);
    }

    @Test
    void anUpgradeSeenInAnUpdateSendsTheGroupsRepliesToTheSupergroup() {
        platform.parse(TelegramUpdatesTest.BOT, ("{\"update_id\":1,\"message\":{\"message_id\":11,\"from\":{\"id\":5552,"
                + "\"first_name\":\"Bo\"},\"chat\":{\"id\":-4001,\"type\":\"group\",\"title\":\"A\"},\"date\":1700000000,"
                + "\"migrate_to_chat_id\":-1009001}}").getBytes(StandardCharsets.UTF_8));
        platform.send(TelegramUpdatesTest.BOT, reply("-4001:5552", null, "On it"));
        assertThat(http.calls("sendMessage").get(0).body().path("chat_id").asLong()).isEqualTo(-1009001L);
    }

    @Test
    void aTopicsReplyGoesIntoTheTopicAndABusinessChatsThroughItsConnection() {
        platform.send(TelegramUpdatesTest.BOT, reply("-1001234567890#7:5552", "-1001234567890:50", "In the topic"));
        assertThat(http.calls("sendMessage").get(0).body().toString()).isEqualTo("{\"chat_id\":-1001234567890,"
                + "\"message_thread_id\":7,\"text\":\"In the topic\",\"reply_parameters\":{\"message_id\":50,"
                + "\"allow_sending_without_reply\":true}}");
        platform.send(TelegramUpdatesTest.BOT, new OutboundMessage("telegram", "5551@AbCd-123_x", "5551",
                Optional.empty(), MessageVisibility.PRIVATE, "We open at 9", List.of()));
        assertThat(http.calls("sendMessage").get(1).body().toString())
                .isEqualTo("{\"chat_id\":5551,\"business_connection_id\":\"AbCd-123_x\",\"text\":\"We open at 9\"}");
    }

    @Test
    void aTextTooLongOrEmptyIsRefusedBeforeAnythingIsSent() {
        SendResult tooLong = platform.send(TelegramUpdatesTest.BOT, reply("5551", null, "x".repeat(4_097)));
        assertThat(tooLong.status()).isEqualTo(SendResult.Status.REFUSED);
        assertThat(tooLong.detail().orElseThrow()).contains("at most 4096 characters").contains("4097");
        SendResult empty = platform.send(TelegramUpdatesTest.BOT, reply("5551", null, "  "));
        assertThat(empty.status()).isEqualTo(SendResult.Status.REFUSED);
        assertThat(http.calls("sendMessage")).isEmpty();
        // 4,096 emoji are 4,096 characters, not 8,192 UTF-16 units
        http.answer(200, SENT.formatted(9, "5551"));
        assertThat(platform.send(TelegramUpdatesTest.BOT, reply("5551", null, "👍".repeat(4_096))).status())
                .isEqualTo(SendResult.Status.SENT);
    }

    @Test
    void telegramsRefusalsAreResultsWithItsReason() {
        http.answer(400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}");
        SendResult notFound = platform.send(TelegramUpdatesTest.BOT, reply("5559", null, "hello"));
        assertThat(notFound.status()).isEqualTo(SendResult.Status.REFUSED);
        assertThat(notFound.detail().orElseThrow()).contains("chat not found");
        http.answer(403, "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was kicked from the "
                + "supergroup chat\"}");
        SendResult kicked = platform.send(TelegramUpdatesTest.BOT, reply("-1001234567890:5552", null, "hello"));
        assertThat(kicked.status()).isEqualTo(SendResult.Status.REFUSED);
        assertThat(kicked.detail().orElseThrow()).contains("kicked");
        http.answer(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 17\","
                + "\"parameters\":{\"retry_after\":17}}");
        SendResult limited = platform.send(TelegramUpdatesTest.BOT, reply("5560", null, "hello"));
        assertThat(limited.status()).isEqualTo(SendResult.Status.RETRY);
        assertThat(limited.retryAt()).contains(NOW.plusSeconds(17));
        assertThat(platform.send(TelegramUpdatesTest.BOT, reply("not-a-chat", null, "hello")).status())
                .isEqualTo(SendResult.Status.REFUSED);
    }

    @Test
    void aPollKeepsAnUnreadableUpdateAsIgnoredAndAsksForEveryKindItReads() {
        http.answer(200, "{\"ok\":true,\"result\":[{\"update_id\":41,\"message\":{\"message_id\":1}},"
                + TelegramUpdatesTest.privateMessage(42, 8, "two") + "]}");
        PollResult polled = platform.poll(TelegramUpdatesTest.BOT, "offset=41");
        assertThat(polled.messages()).extracting(InboundMessage::kind)
                .containsExactly(MessageKind.UNSUPPORTED, MessageKind.MESSAGE);
        assertThat(polled.messages().get(0).rawType()).contains("unreadable:message");
        assertThat(TelegramPlatform.offset(polled.cursor())).hasValue(43);
        String allowed = http.calls("getUpdates").get(0).body().path("allowed_updates").toString();
        assertThat(allowed).contains("message_reaction", "business_message", "deleted_business_messages",
                "my_chat_member", "callback_query");
    }

    @Test
    void afterAWeekWithoutUpdatesAPollAsksWithoutItsOffset() {
        long eightDaysAgo = NOW.minus(Duration.ofDays(8)).getEpochSecond();
        http.answer(200, "{\"ok\":true,\"result\":[" + TelegramUpdatesTest.privateMessage(17, 8, "back") + "]}");
        PollResult polled = platform.poll(TelegramUpdatesTest.BOT, "offset=900;seen=" + eightDaysAgo);
        assertThat(http.calls("getUpdates").get(0).body().has("offset"))
                .as("Telegram draws update ids anew after a week of silence, maybe below 900").isFalse();
        assertThat(polled.cursor()).isEqualTo("offset=18;seen=" + NOW.getEpochSecond());

        http.answer(200, "{\"ok\":true,\"result\":[]}");
        platform.poll(TelegramUpdatesTest.BOT, "offset=900;seen=" + NOW.minus(Duration.ofDays(1)).getEpochSecond());
        assertThat(http.calls("getUpdates").get(1).body().path("offset").asLong()).isEqualTo(900);
    }
}
