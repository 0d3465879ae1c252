package dev.parley.social.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.MediaAttachment;
import dev.parley.social.api.MediaContent;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.PollResult;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.WebhookRequest;

class TelegramPlatformTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String TOKEN = "7000000001:AAH-secret";
    private final FakeHttp http = new FakeHttp();
    private final List<Duration> slept = new ArrayList<>();
    private final TelegramPlatform platform = new TelegramPlatform(http, Clock.fixed(NOW, ZoneOffset.UTC), slept::add);

    private static WebhookRequest post(Map<String, String> headers, String body) {
        return new WebhookRequest("POST", Map.of(), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyTheExactSecretTokenHeaderIsAccepted() {
        String body = TelegramUpdatesTest.privateMessage(1, 1, "hi");
        assertThat(platform.verify(TelegramUpdatesTest.BOT, post(Map.of("X-Telegram-Bot-Api-Secret-Token",
                "s3cret-token"), body))).isTrue();
        assertThat(platform.verify(TelegramUpdatesTest.BOT, post(Map.of("x-telegram-bot-api-secret-token",
                "s3cret-token"), body))).as("header names are case-insensitive").isTrue();
        assertThat(platform.verify(TelegramUpdatesTest.BOT, post(Map.of("X-Telegram-Bot-Api-Secret-Token",
                "s3cret-tokeN"), body))).isFalse();
        assertThat(platform.verify(TelegramUpdatesTest.BOT, post(Map.of("X-Telegram-Bot-Api-Secret-Token",
                "s3cret-token "), body))).isFalse();
        assertThat(platform.verify(TelegramUpdatesTest.BOT, post(Map.of(), body))).isFalse();
        assertThat(platform.challenge(TelegramUpdatesTest.BOT, new WebhookRequest("GET", Map.of(), Map.of(), null))
                .status()).isEqualTo(400);
    }

    @Test
    void aButtonTapIsAnsweredWithAnswerCallbackQuery() {
        platform.parse(TelegramUpdatesTest.BOT, TelegramUpdatesTest.callback(5).getBytes(StandardCharsets.UTF_8));
        assertThat(http.calls("answerCallbackQuery")).singleElement().satisfies(c -> {
            assertThat(c.url()).isEqualTo("http://127.0.0.1:1/sandbox/telegram/bot" + TOKEN + "/answerCallbackQuery");
            assertThat(c.body().path("callback_query_id").asText()).isEqualTo("4382bfdwdsb323b2d9");
        });
    }

    @Test
    void pollingResumesFromTheOffsetAfterTheHighestUpdate() {
        http.answer(200, "{\"ok\":true,\"result\":[" + TelegramUpdatesTest.privateMessage(41, 7, "one") + ","
                + TelegramUpdatesTest.privateMessage(42, 8, "two") + "]}");
        PollResult first = platform.poll(TelegramUpdatesTest.BOT, "");
        assertThat(first.messages()).extracting(m -> m.text()).containsExactly("one", "two");
        assertThat(first.cursor()).isEqualTo("offset=43;seen=" + NOW.getEpochSecond());
        assertThat(http.calls.get(0).body().has("offset")).isFalse();
        assertThat(http.calls.get(0).body().path("allowed_updates").toString()).contains("my_chat_member");

        http.answer(200, "{\"ok\":true,\"result\":[]}");
        PollResult second = platform.poll(TelegramUpdatesTest.BOT, first.cursor());
        assertThat(http.calls.get(1).body().path("offset").asLong()).isEqualTo(43);
        assertThat(second.messages()).isEmpty();
        assertThat(second.cursor()).isEqualTo(first.cursor());
    }

    @Test
    void pollingWaitsForRetryAfterAndExplainsASetWebhookWithoutTheToken() {
        http.answer(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 7\","
                + "\"parameters\":{\"retry_after\":7}}");
        PollResult limited = platform.poll(TelegramUpdatesTest.BOT, "offset=5");
        assertThat(limited.cursor()).isEqualTo("offset=5");
        assertThat(limited.notBefore()).contains(NOW.plusSeconds(7));

        http.answer(409, "{\"ok\":false,\"error_code\":409,\"description\":\"Conflict: can't use getUpdates method "
                + "while webhook is active; use deleteWebhook to delete the webhook first\"}");
        assertThatThrownBy(() -> platform.poll(TelegramUpdatesTest.BOT, "offset=5"))
                .hasMessageContaining("deleteWebhook").hasMessageNotContaining(TOKEN).hasMessageNotContaining("AAH");
        http.fail(new ConnectException("Connect to http://127.0.0.1:1/sandbox/telegram/bot" + TOKEN + " refused"));
        assertThatThrownBy(() -> platform.poll(TelegramUpdatesTest.BOT, "offset=5"))
                .hasMessageContaining("getUpdates").hasMessageNotContaining("AAH");
    }

    @Test
    void pollingIsALongPollWhoseClientWaitsLongerThanItsTimeout() {
        http.answer(200, "{\"ok\":true,\"result\":[]}");
        assertThat(platform.longPolls(TelegramUpdatesTest.BOT)).isTrue();
        platform.poll(TelegramUpdatesTest.BOT, "offset=9");
        FakeHttp.Call call = http.calls.get(0);
        assertThat(call.url()).isEqualTo("http://127.0.0.1:1/sandbox/telegram/bot" + TOKEN + "/getUpdates");
        assertThat(call.body().path("timeout").asInt()).isEqualTo(25);
        assertThat(call.body().path("offset").asLong()).isEqualTo(9);
        assertThat(call.waited()).isGreaterThan(java.time.Duration.ofSeconds(25));
    }

    @Test
    void stoppingThePlatformEndsALongPollInFlight() throws Exception {
        http.hang();
        java.util.concurrent.CompletableFuture<Throwable> polled = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                platform.poll(TelegramUpdatesTest.BOT, "offset=1");
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (http.calls.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        Thread.sleep(50); // the poll registered itself and waits
        long stoppedAt = System.nanoTime();
        platform.stop();
        Throwable failure = polled.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(failure).hasMessageContaining("stopped");
        assertThat(System.nanoTime() - stoppedAt).isLessThan(2_000_000_000L);
    }

    @Test
    void aStoredPhotoIsUploadedWithSendPhotoAndALargeOneAsADocument() {
        http.answer(200, "{\"ok\":true,\"result\":{\"message_id\":77}}");
        MediaContent photo = content("image/png", 1_000);
        SendResult sent = platform.send(TelegramUpdatesTest.BOT, new OutboundMessage("telegram", "5552", "5552",
                Optional.empty(), MessageVisibility.PRIVATE, "here it is",
                List.of(new MediaAttachment("image/png", "/api/attachments/4", Optional.of(photo)))));
        assertThat(sent.status()).isEqualTo(SendResult.Status.SENT);
        FakeHttp.Call call = http.calls("sendPhoto").get(0);
        assertThat(call.body().path("caption").asText()).isEqualTo("here it is");
        assertThat(call.body().path("photo").path("mediaType").asText()).isEqualTo("image/png");
        assertThat(call.body().path("chat_id").asText()).isEqualTo("5552");

        http.answer(200, "{\"ok\":true,\"result\":{\"message_id\":78}}");
        platform.send(TelegramUpdatesTest.BOT, new OutboundMessage("telegram", "5553", "5553", Optional.empty(),
                MessageVisibility.PRIVATE, "", List.of(new MediaAttachment("image/png", "/api/attachments/5",
                        Optional.of(content("image/png", 11L << 20))))));
        assertThat(http.calls("sendDocument")).singleElement().satisfies(c -> assertThat(c.body().has("caption")).isFalse());
        assertThat(platform.outgoingMedia(TelegramUpdatesTest.BOT, "telegram")).singleElement()
                .satisfies(l -> assertThat(l.maxBytes()).isEqualTo(50L << 20));
    }

    private static MediaContent content(String type, long size) {
        return new MediaContent() {
            @Override
            public String mediaType() {
                return type;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public Optional<String> fileName() {
                return Optional.of("file.png");
            }

            @Override
            public java.io.InputStream open() {
                return new java.io.ByteArrayInputStream(new byte[0]);
            }
        };
    }

    private static OutboundMessage reply(String conversation, String inReplyTo, String text) {
        return new OutboundMessage("telegram", conversation, "5552", Optional.ofNullable(inReplyTo),
                inReplyTo == null ? MessageVisibility.PRIVATE : MessageVisibility.PUBLIC, text, List.of());
    }

    @Test
    void aGroupReplyQuotesTheCustomersMessageInTheRealShape() {
        http.answer(200, "{\"ok\":true,\"result\":{\"message_id\":77,\"chat\":{\"id\":-1001234567890,\"type\":"
                + "\"supergroup\"},\"date\":1700000300,\"text\":\"On it\"}}");
        SendResult result = platform.send(TelegramUpdatesTest.BOT, reply("-1001234567890:5552", "-1001234567890:31",
                "On it"));
        assertThat(result.status()).isEqualTo(SendResult.Status.SENT);
        assertThat(result.platformMessageId()).contains("-1001234567890:77");
        FakeHttp.Call call = http.calls("sendMessage").get(0);
        assertThat(call.url()).endsWith("/bot" + TOKEN + "/sendMessage");
        assertThat(call.body().toString()).isEqualTo("{\"chat_id\":-1001234567890,\"text\":\"On it\","
                + "\"reply_parameters\":{\"message_id\":31,\"allow_sending_without_reply\":true}}");
    }

    @Test
    void aPrivateReplyGoesToTheChatWithoutQuoting() {
        platform.send(TelegramUpdatesTest.BOT, reply("5551", null, "Hello Ann"));
        assertThat(http.calls("sendMessage").get(0).body().toString())
                .isEqualTo("{\"chat_id\":5551,\"text\":\"Hello Ann\"}");
    }

    @Test
    void floodControlAndBlocksAreResultsWithTelegramsReason() {
        http.answer(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 3\","
                + "\"parameters\":{\"retry_after\":3}}");
        SendResult limited = platform.send(TelegramUpdatesTest.BOT, reply("5551", null, "a"));
        assertThat(limited.status()).isEqualTo(SendResult.Status.RETRY);
        assertThat(limited.retryAt()).contains(NOW.plusSeconds(3));

        http.answer(403, "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}");
        SendResult blocked = platform.send(TelegramUpdatesTest.BOT, reply("5553", null, "b"));
        assertThat(blocked.status()).isEqualTo(SendResult.Status.REFUSED);
        assertThat(blocked.detail().orElseThrow()).contains("blocked by the user").contains("customer blocked the bot");

        http.answer(401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
        assertThat(platform.send(TelegramUpdatesTest.BOT, reply("5554", null, "c")).status())
                .isEqualTo(SendResult.Status.AUTH_FAILED);

        http.fail(new IOException("Read timed out from http://127.0.0.1:1/sandbox/telegram/bot" + TOKEN));
        SendResult lost = platform.send(TelegramUpdatesTest.BOT, reply("5555", null, "d"));
        assertThat(lost.status()).isEqualTo(SendResult.Status.UNKNOWN);
        assertThat(lost.detail().orElseThrow()).doesNotContain("AAH");
    }

    @Test
    void sendsInOneChatAreOneSecondApart() {
        platform.send(TelegramUpdatesTest.BOT, reply("5551", null, "first"));
        platform.send(TelegramUpdatesTest.BOT, reply("5556", null, "other chat"));
        assertThat(slept).isEmpty();
        platform.send(TelegramUpdatesTest.BOT, reply("5551", null, "second"));
        assertThat(slept).containsExactly(Duration.ofSeconds(1));
        // the fixed clock never moves: a third message in that chat would wait two seconds, so it is retried later
        SendResult third = platform.send(TelegramUpdatesTest.BOT, reply("5551", null, "third"));
        assertThat(third.status()).isEqualTo(SendResult.Status.RETRY);
        assertThat(third.retryAt()).contains(NOW.plusSeconds(2));
        assertThat(http.calls("sendMessage")).hasSize(3);
    }

    @Test
    void aBotSendsAtMostThirtyMessagesASecond() {
        SendPacing pacing = new SendPacing(Clock.fixed(NOW, ZoneOffset.UTC));
        for (int chat = 0; chat < 30; chat++) {
            assertThat(pacing.reserve("bot", "c" + chat)).isZero();
        }
        assertThat(pacing.reserve("bot", "c30")).isEqualTo(Duration.ofSeconds(1));
        assertThat(pacing.reserve("other-bot", "c0")).isZero();
    }

    @Test
    void aFileIsResolvedThroughGetFileIntoItsTokenUrl() throws IOException {
        http.answer(200, "{\"ok\":true,\"result\":{\"file_id\":\"large\",\"file_unique_id\":\"l\",\"file_size\":4,"
                + "\"file_path\":\"photos/file_0.jpg\"}}");
        String url = platform.resolveMedia(TelegramUpdatesTest.BOT, "telegram-file:large");
        assertThat(url).isEqualTo("http://127.0.0.1:1/sandbox/telegram/file/bot" + TOKEN + "/photos/file_0.jpg");
        assertThat(http.calls("getFile").get(0).body().path("file_id").asText()).isEqualTo("large");
        assertThat(platform.resolveMedia(TelegramUpdatesTest.BOT, "https://example.com/x.png"))
                .isEqualTo("https://example.com/x.png");

        http.answer(400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: file is too big\"}");
        assertThatThrownBy(() -> platform.resolveMedia(TelegramUpdatesTest.BOT, "telegram-file:huge"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("file is too big")
                .hasMessageNotContaining("AAH");
        http.answer(502, "<html>Bad Gateway</html>");
        assertThatThrownBy(() -> platform.resolveMedia(TelegramUpdatesTest.BOT, "telegram-file:later"))
                .isInstanceOf(IOException.class);
        assertThat(platform.mediaHosts()).containsExactly("api.telegram.org");
    }

    @Test
    void cursorsOfAnotherShapeStartAfresh() {
        assertThat(TelegramPlatform.offset("offset=12")).hasValue(12);
        assertThat(TelegramPlatform.offset("mentions=1;dms=2")).isEmpty();
        assertThat(TelegramPlatform.offset(null)).isEmpty();
    }
}
