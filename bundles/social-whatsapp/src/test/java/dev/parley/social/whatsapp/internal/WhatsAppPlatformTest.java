package dev.parley.social.whatsapp.internal;

import static dev.parley.social.whatsapp.internal.WhatsAppFixture.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.DeliveryPart;
import dev.parley.social.api.MessageTemplate;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.MediaAttachment;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.TemplateMessage;
import dev.parley.social.api.WebhookRequest;
import dev.parley.social.kit.Json;

class WhatsAppPlatformTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final FakeHttp http = new FakeHttp();
    private final WhatsAppPlatform platform = new WhatsAppPlatform(http, Clock.fixed(NOW, ZoneOffset.UTC));

    private static WebhookRequest get(String query) {
        Map<String, String> q = new java.util.HashMap<>();
        for (String kv : query.split("&")) {
            String[] p = kv.split("=", 2);
            q.put(p[0], p[1]);
        }
        return new WebhookRequest("GET", q, Map.of(), new byte[0]);
    }

    @Test
    void theVerificationEchoesTheChallengeOnlyForTheVerifyToken() {
        assertThat(platform.challenge(account(), get("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=verify-me")))
                .satisfies(r -> {
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.bodyText()).isEqualTo("1158201444");
                });
        assertThat(platform.challenge(account(), get("hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong"))
                .status()).isEqualTo(403);
        assertThat(platform.challenge(account(), get("hub.mode=subscribe&hub.challenge=<b>&hub.verify_token=verify-me"))
                .status()).isEqualTo(400);
        assertThat(platform.challenge(account(), get("hub.mode=subscribe")).status()).isEqualTo(400);
    }

    @Test
    void theSignatureIsTheAppSecretsHmacOverTheRawBody() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        // the published Meta vector: app secret FAKE_SECRET over {}
        assertThat(WhatsAppPlatform.sign("FAKE_SECRET", body))
                .isEqualTo("sha256=448df8785dd36742e43fa3cad9de2eca8ceb6391e79c742e33e52c6637f32dac");
        String good = WhatsAppPlatform.sign("app-secret", body);
        assertThat(platform.verify(account(), new WebhookRequest("POST", Map.of(),
                Map.of("X-Hub-Signature-256", good), body))).isTrue();
        assertThat(platform.verify(account(), new WebhookRequest("POST", Map.of(),
                Map.of("X-Hub-Signature-256", good.toUpperCase().replace("SHA256=", "sha256=")), body))).isTrue();
        assertThat(platform.verify(account(), new WebhookRequest("POST", Map.of(),
                Map.of("X-Hub-Signature-256", WhatsAppPlatform.sign("other", body)), body))).isFalse();
        assertThat(platform.verify(account(), new WebhookRequest("POST", Map.of(), Map.of(), body))).isFalse();
        assertThat(platform.verify(account(), new WebhookRequest("POST", Map.of(),
                Map.of("X-Hub-Signature-256", "sha256=zz"), body))).isFalse();
    }

    @Test
    void aDeliveryIsSplitByPhoneNumberId() {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":["
                + "{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"111\"},\"messages\":[]}},"
                + "{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"222\"},\"messages\":[]}}]}]}";
        List<DeliveryPart> parts = platform.split(account(), body.getBytes(StandardCharsets.UTF_8));
        assertThat(parts).extracting(DeliveryPart::accountId).containsExactly("111", "222");
        JsonNode second = Json.object(parts.get(1).body(), "part");
        assertThat(second.path("entry").path(0).path("id").asText()).isEqualTo("WABA");
        assertThat(second.path("entry").path(0).path("changes")).hasSize(1);
        byte[] single = WhatsAppFixture.message("\"type\":\"text\",\"text\":{\"body\":\"x\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(platform.split(account(), single)).singleElement().satisfies(p -> {
            assertThat(p.accountId()).isEqualTo(WhatsAppFixture.NUMBER);
            assertThat(p.body()).isSameAs(single); // kept as signed
        });
    }

    private static OutboundMessage reply(String text, Optional<String> inReplyTo) {
        return new OutboundMessage("whatsapp", "wa:16505551234", "16505551234", inReplyTo, MessageVisibility.PRIVATE,
                text, List.of());
    }

    @Test
    void aTextReplyQuotesTheAnsweredMessage() {
        http.answer(200, "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"16505551234\",\"wa_id\":"
                + "\"16505551234\"}],\"messages\":[{\"id\":\"wamid.OUT1\"}]}");
        SendResult result = platform.send(account(), reply("On its way!", Optional.of("wamid.IN1")));
        assertThat(result).isEqualTo(SendResult.sent("wamid.OUT1"));
        FakeHttp.Call call = http.calls.get(0);
        assertThat(call.url()).isEqualTo("http://127.0.0.1:8080/sandbox/whatsapp/v23.0/" + WhatsAppFixture.NUMBER + "/messages");
        assertThat(call.headers()).containsEntry("Authorization", "Bearer token-1");
        JsonNode body = Json.object(call.body().getBytes(StandardCharsets.UTF_8), "sent");
        assertThat(body.path("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(body.path("to").asText()).isEqualTo("16505551234");
        assertThat(body.path("type").asText()).isEqualTo("text");
        assertThat(body.path("text").path("body").asText()).isEqualTo("On its way!");
        assertThat(body.path("context").path("message_id").asText()).isEqualTo("wamid.IN1");
    }

    @Test
    void aTemplateGoesWithItsLanguageAndBodyParameters() {
        http.answer(200, "{\"messages\":[{\"id\":\"wamid.T1\",\"message_status\":\"accepted\"}]}");
        OutboundMessage template = new OutboundMessage("whatsapp", "wa:1", "16505551234", Optional.empty(),
                MessageVisibility.PRIVATE, "[template order_update]", List.of(), Optional.empty(), false,
                Optional.of(new TemplateMessage("order_update", "en_US", List.of("Ann", "A-42"))));
        assertThat(platform.send(account(), template).status()).isEqualTo(SendResult.Status.SENT);
        JsonNode body = Json.object(http.calls.get(0).body().getBytes(StandardCharsets.UTF_8), "sent");
        assertThat(body.path("type").asText()).isEqualTo("template");
        assertThat(body.path("template").path("name").asText()).isEqualTo("order_update");
        assertThat(body.path("template").path("language").path("code").asText()).isEqualTo("en_US");
        JsonNode parameters = body.path("template").path("components").path(0).path("parameters");
        assertThat(parameters.path(1).path("text").asText()).isEqualTo("A-42");
        assertThat(body.has("text")).isFalse();
    }

    @Test
    void oneImageGoesByLinkWithTheTextAsCaption() {
        http.answer(200, "{\"messages\":[{\"id\":\"wamid.M1\"}]}");
        OutboundMessage m = new OutboundMessage("whatsapp", "wa:1", "1", Optional.empty(), MessageVisibility.PRIVATE,
                "the label", List.of(new MediaAttachment("image/png", "https://cdn.example/label.png")));
        platform.send(account(), m);
        JsonNode body = Json.object(http.calls.get(0).body().getBytes(StandardCharsets.UTF_8), "sent");
        assertThat(body.path("type").asText()).isEqualTo("image");
        assertThat(body.path("image").path("link").asText()).isEqualTo("https://cdn.example/label.png");
        assertThat(body.path("image").path("caption").asText()).isEqualTo("the label");
    }

    private SendResult failingWith(int status, int code, Map<String, String> headers) {
        http.answer(status, headers, "{\"error\":{\"message\":\"(#" + code + ") Something\",\"type\":\"OAuthException\","
                + "\"code\":" + code + ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"Why\"},"
                + "\"fbtrace_id\":\"Az8\"}}");
        return platform.send(account(), reply("hi", Optional.empty()));
    }

    @Test
    void errorCodesDecideBetweenRetryRefusalAndCredentials() {
        SendResult window = failingWith(400, 131047, Map.of());
        assertThat(window.status()).isEqualTo(SendResult.Status.REFUSED);
        assertThat(window.detail().orElseThrow()).contains("131047").contains("24-hour").contains("template");
        assertThat(failingWith(400, 131026, Map.of()).status()).isEqualTo(SendResult.Status.REFUSED);
        SendResult throughput = failingWith(400, 130429, Map.of());
        assertThat(throughput.status()).isEqualTo(SendResult.Status.RETRY);
        SendResult pair = failingWith(400, 131056, Map.of());
        assertThat(pair.status()).isEqualTo(SendResult.Status.RETRY);
        assertThat(pair.retryAt()).contains(NOW.plus(Duration.ofSeconds(6)));
        assertThat(failingWith(429, 4, Map.of("retry-after", "30")).retryAt()).contains(NOW.plusSeconds(30));
        assertThat(failingWith(500, 131000, Map.of()).status()).isEqualTo(SendResult.Status.RETRY);
        assertThat(failingWith(401, 190, Map.of()).status()).isEqualTo(SendResult.Status.AUTH_FAILED);
        assertThat(failingWith(400, 100, Map.of()).status()).isEqualTo(SendResult.Status.REFUSED);
    }

    @Test
    void mediaAreLookedUpByIdWithTheTokenAndOtherUrlsKept() throws IOException {
        http.answer(200, "{\"messaging_product\":\"whatsapp\",\"url\":\"https://lookaside.fbsbx.com/whatsapp_business/"
                + "attachments/?mid=1\",\"mime_type\":\"image/jpeg\",\"sha256\":\"x\",\"file_size\":\"3\",\"id\":\"55\"}");
        String url = "http://127.0.0.1:8080/sandbox/whatsapp/v23.0/55";
        assertThat(platform.resolveMedia(account(), url)).isEqualTo("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1");
        assertThat(http.calls.get(0).url()).isEqualTo(url);
        assertThat(http.calls.get(0).headers()).containsEntry("Authorization", "Bearer token-1");
        assertThat(platform.resolveMedia(account(), "https://elsewhere.example/x.png")).isEqualTo("https://elsewhere.example/x.png");
        http.answer(404, "{\"error\":{\"message\":\"media expired\",\"code\":100}}");
        assertThatThrownBy(() -> platform.resolveMedia(account(), url)).isInstanceOf(IOException.class)
                .hasMessageContaining("404");
        assertThat(platform.mediaHeaders(account(), "https://lookaside.fbsbx.com/x")).containsEntry("Authorization",
                "Bearer token-1");
    }

    @Test
    void theWindowIs24HoursThenTheConfiguredTemplates() {
        assertThat(platform.replyWindow(account(), "whatsapp")).hasValueSatisfying(w -> {
            assertThat(w.standard()).isEqualTo(Duration.ofHours(24));
            assertThat(w.humanAgent()).isEmpty();
        });
        assertThat(platform.templates(account())).containsExactly(new MessageTemplate("order_update", "en_US", 2),
                new MessageTemplate("welcome_back", "en", 0));
        assertThat(WhatsAppTemplates.parse("ok:en:1 Bad:en x:english:1").invalid()).containsExactly("Bad:en", "x:english:1");
        assertThat(platform.templates(account(Map.of()))).isEmpty();
    }

    private static dev.parley.social.api.MediaContent content(String type, long size) {
        return new dev.parley.social.api.MediaContent() {
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
                return Optional.of("invoice.pdf");
            }

            @Override
            public java.io.InputStream open() {
                return new java.io.ByteArrayInputStream(new byte[0]);
            }
        };
    }

    private static OutboundMessage withFile(String text, String type) {
        return new OutboundMessage("whatsapp", "16505551234", "16505551234", Optional.empty(), MessageVisibility.PRIVATE,
                text, List.of(new MediaAttachment(type, "/api/attachments/7", Optional.of(content(type, 1234)))));
    }

    @Test
    void aStoredFileIsUploadedToTheMediaApiThenSentByItsId() {
        http.answer(200, "{\"id\":\"1037543291543636\"}").answer(200,
                "{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.OUT\"}]}");
        SendResult result = platform.send(account(), withFile("your invoice", "application/pdf"));
        assertThat(result.status()).isEqualTo(SendResult.Status.SENT);
        assertThat(http.calls.get(0).method()).isEqualTo("MULTIPART");
        assertThat(http.calls.get(0).url()).isEqualTo("http://127.0.0.1:8080/sandbox/whatsapp/v23.0/" + WhatsAppFixture.NUMBER
                + "/media");
        assertThat(http.calls.get(0).headers()).containsEntry("Authorization", "Bearer token-1");
        assertThat(http.calls.get(0).body()).contains("messaging_product=whatsapp", "type=application/pdf",
                "file=file:application/pdf:1234");
        JsonNode body = Json.object(http.calls.get(1).body().getBytes(StandardCharsets.UTF_8), "t");
        assertThat(body.path("type").asText()).isEqualTo("document");
        assertThat(body.path("document").path("id").asText()).isEqualTo("1037543291543636");
        assertThat(body.path("document").path("caption").asText()).isEqualTo("your invoice");
        assertThat(body.path("document").path("filename").asText()).isEqualTo("invoice.pdf");
        assertThat(body.path("document").has("link")).isFalse();
    }

    @Test
    void aRefusedUploadFailsWithWhatsAppsReasonAndAudioTakesNoText() {
        http.answer(400, "{\"error\":{\"message\":\"(#131053) Media upload error\",\"code\":131053,"
                + "\"error_data\":{\"details\":\"file too large\"}}}");
        SendResult refused = platform.send(account(), withFile("", "image/png"));
        assertThat(refused.status()).isEqualTo(SendResult.Status.REFUSED);
        assertThat(refused.detail().orElseThrow()).contains("131053", "file too large");
        assertThat(http.calls).hasSize(1);

        SendResult audio = platform.send(account(), withFile("listen", "audio/ogg"));
        assertThat(audio.status()).isEqualTo(SendResult.Status.REFUSED);
        assertThat(audio.detail().orElseThrow()).contains("audio without text");
        assertThat(platform.outgoingMedia(account(), "whatsapp")).anySatisfy(l -> {
            assertThat(l.mediaType()).isEqualTo("image/jpeg");
            assertThat(l.maxBytes()).isEqualTo(5L << 20);
        });
    }
}
