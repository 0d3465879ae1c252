package dev.parley.social.sandbox.internal.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.customer.PostedMessage;
import dev.parley.social.sandbox.internal.delivery.CapturingSink;
import dev.parley.social.sandbox.internal.delivery.Webhook;
import dev.parley.social.sandbox.internal.faults.SandboxClock;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.ApiResponse;
import dev.parley.social.sandbox.internal.wire.WebhookSignatures;
import dev.parley.social.sandbox.internal.wire.WireJson;

class WhatsAppSimulationTest {

    static final WhatsAppAccount ACCOUNT = new WhatsAppAccount("sandbox-whatsapp", "5000000001", "15550100001",
            "6000000001", "wa-secret", "wa-verify", "wa-token",
            WhatsAppAccount.templates(new String[] {"order_update:en_US:2", "welcome_back:en"}));

    final SandboxClock clock = new SandboxClock(Clock.fixed(Instant.parse("2026-01-31T12:00:00Z"), ZoneOffset.UTC));
    final WireJson json = new WireJson();
    final CapturingSink sink = new CapturingSink();
    final List<Runnable> scheduled = new ArrayList<>();
    final WhatsAppSimulation wa = new WhatsAppSimulation(ACCOUNT, URI.create("http://127.0.0.1:8080"), json, clock, sink,
            (task, delay) -> scheduled.add(task));

    static CustomerPost.Validated post(String kind, String text, String inReplyTo) {
        return new CustomerPost("whatsapp", null, kind, "4915112345678", "jane", "Jane Doe", null, null, text, inReplyTo,
                null).validate();
    }

    JsonNode parse(Webhook webhook) throws Exception {
        return json.mapper().readTree(webhook.body());
    }

    ApiResponse send(String token, String body) {
        return wa.api().handle(ApiRequest.of("POST", "/v23.0/5000000001/messages", Map.of(),
                Map.of("authorization", "Bearer " + token), body));
    }

    @Test
    void aCustomerMessageIsASignedWebhookInTheCloudApiShape() throws Exception {
        PostedMessage posted = wa.post(post("text", "hello", null));
        Webhook hook = sink.last();
        assertThat(hook.url().toString()).isEqualTo("http://127.0.0.1:8080/webhooks/whatsapp/sandbox-whatsapp");
        assertThat(hook.headers()).containsEntry(WebhookSignatures.META_HEADER, WebhookSignatures.meta("wa-secret",
                hook.body()));
        JsonNode value = parse(hook).at("/entry/0/changes/0/value");
        assertThat(parse(hook).get("object").asText()).isEqualTo("whatsapp_business_account");
        assertThat(value.at("/metadata/phone_number_id").asText()).isEqualTo("5000000001");
        assertThat(value.at("/contacts/0/profile/name").asText()).isEqualTo("Jane Doe");
        assertThat(value.at("/messages/0/id").asText()).isEqualTo(posted.id());
        assertThat(value.at("/messages/0/text/body").asText()).isEqualTo("hello");
    }

    @Test
    void sendsAreAnsweredWithinTheWindowThenOnlyTemplatesAndStatusesFollow() throws Exception {
        wa.post(post("text", "hello", null));
        String text = "{\"messaging_product\":\"whatsapp\",\"to\":\"4915112345678\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}";
        assertThat(send("wrong", text).status()).isEqualTo(401);
        ApiResponse ok = send("wa-token", text);
        assertThat(ok.status()).isEqualTo(200);
        String wamid = json.mapper().readTree(ok.body()).at("/messages/0/id").asText();
        int before = sink.webhooks.size();
        scheduled.forEach(Runnable::run);
        List<String> statuses = new ArrayList<>();
        for (Webhook w : sink.webhooks.subList(before, sink.webhooks.size())) {
            JsonNode s = parse(w).at("/entry/0/changes/0/value/statuses/0");
            assertThat(s.get("id").asText()).isEqualTo(wamid);
            statuses.add(s.get("status").asText());
        }
        assertThat(statuses).containsExactly("sent", "delivered", "read");

        clock.advance(Duration.ofHours(25));
        ApiResponse late = send("wa-token", text);
        assertThat(late.status()).isEqualTo(400);
        assertThat(json.mapper().readTree(late.body()).at("/error/code").asInt()).isEqualTo(131047);
        String template = "{\"messaging_product\":\"whatsapp\",\"to\":\"4915112345678\",\"type\":\"template\",\"template\":"
                + "{\"name\":\"order_update\",\"language\":{\"code\":\"en_US\"},\"components\":[{\"type\":\"body\","
                + "\"parameters\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}]}}";
        assertThat(send("wa-token", template).status()).isEqualTo(200);
        assertThat(json.mapper().readTree(send("wa-token", template.replace(",{\"type\":\"text\",\"text\":\"b\"}", ""))
                .body()).at("/error/code").asInt()).isEqualTo(132000);
        assertThat(json.mapper().readTree(send("wa-token", template.replace("order_update", "nope")).body())
                .at("/error/code").asInt()).isEqualTo(132001);
    }

    @Test
    void mediaAreLookedUpByIdAndDownloadedWithTheToken() throws Exception {
        wa.post(post("image", "", null));
        String mediaId = parse(sink.last()).at("/entry/0/changes/0/value/messages/0/image/id").asText();
        ApiResponse lookup = wa.api().handle(ApiRequest.of("GET", "/v23.0/" + mediaId, Map.of(),
                Map.of("authorization", "Bearer wa-token"), ""));
        assertThat(lookup.status()).isEqualTo(200);
        String url = json.mapper().readTree(lookup.body()).get("url").asText();
        assertThat(url).startsWith("http://127.0.0.1:8080/sandbox/whatsapp/media-download/" + mediaId);
        String path = URI.create(url).getPath().substring("/sandbox/whatsapp".length());
        String expires = URI.create(url).getQuery().substring("expires=".length());
        ApiResponse bytes = wa.api().handle(new ApiRequest("GET", path, Map.of("expires", List.of(expires)),
                Map.of("authorization", "Bearer wa-token"), new byte[0]));
        assertThat(bytes.status()).isEqualTo(200);
        assertThat(bytes.headers()).containsEntry("Content-Type", "image/png");
        assertThat(wa.api().handle(new ApiRequest("GET", path, Map.of("expires", List.of(expires)), Map.of(),
                new byte[0])).status()).isEqualTo(401);
    }

    JsonNode value(Webhook hook) throws Exception {
        return parse(hook).at("/entry/0/changes/0/value");
    }

    @Test
    void everyDocumentedPayloadKindCanBeSent() throws Exception {
        wa.post(post("order", "before Friday", null));
        assertThat(value(sink.last()).at("/messages/0/order/product_items/0/product_retailer_id").asText()).isEqualTo("sku-42");
        assertThat(value(sink.last()).at("/messages/0/order/text").asText()).isEqualTo("before Friday");
        wa.post(post("flow", "", null));
        assertThat(value(sink.last()).at("/messages/0/interactive/type").asText()).isEqualTo("nfm_reply");
        wa.post(post("referral", "still on offer?", null));
        assertThat(value(sink.last()).at("/messages/0/referral/source_type").asText()).isEqualTo("ad");
        assertThat(value(sink.last()).at("/messages/0/referral/ctwa_clid").asText()).isNotBlank();
        wa.post(post("forwarded", "fw", null));
        assertThat(value(sink.last()).at("/messages/0/context/frequently_forwarded").asBoolean()).isTrue();
        wa.post(post("new_type", "", null));
        assertThat(value(sink.last()).at("/messages/0/type").asText()).isEqualTo("poll");
        wa.post(post("request_welcome", "", null));
        assertThat(value(sink.last()).at("/messages/0/type").asText()).isEqualTo("request_welcome");
        wa.post(post("group", "hello all", null));
        assertThat(value(sink.last()).at("/messages/0/group_id").asText()).isEqualTo(WhatsAppSimulation.GROUP);

        PostedMessage system = wa.post(post("system", "", null));
        JsonNode notice = value(sink.last());
        assertThat(notice.has("contacts")).as("system notices come without contacts").isFalse();
        assertThat(notice.at("/messages/0/system/type").asText()).isEqualTo("user_changed_number");
        assertThat(notice.at("/messages/0/system/wa_id").asText()).isNotEqualTo(system.conversationId());

        PostedMessage byUserId = wa.post(post("username", "hi", null));
        JsonNode username = value(sink.last());
        assertThat(username.at("/messages/0").has("from")).isFalse();
        assertThat(username.at("/messages/0/from_user_id").asText()).isEqualTo(byUserId.conversationId()).startsWith("US.");
        assertThat(username.at("/contacts/0/profile/username").asText()).isEqualTo("@jane");
        ApiResponse answer = send("wa-token", "{\"messaging_product\":\"whatsapp\",\"recipient\":\""
                + byUserId.conversationId() + "\",\"type\":\"text\",\"text\":{\"body\":\"hi Jane\"}}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(json.mapper().readTree(answer.body()).at("/contacts/0/user_id").asText()).isEqualTo(byUserId.conversationId());

        wa.post(post("app_echo", "answered from the app", null));
        assertThat(parse(sink.last()).at("/entry/0/changes/0/field").asText()).isEqualTo("smb_message_echoes");
        assertThat(value(sink.last()).at("/message_echoes/0/to").asText()).isEqualTo("4915112345678");
        wa.post(post("template_status", "", null));
        assertThat(parse(sink.last()).at("/entry/0/changes/0/field").asText()).isEqualTo("message_template_status_update");
        assertThat(value(sink.last()).at("/event").asText()).isEqualTo("APPROVED");
        wa.post(post("errors", "", null));
        assertThat(value(sink.last()).at("/errors/0/code").asInt()).isEqualTo(130429);
        PostedMessage malformed = wa.post(post("malformed", "the good one", null));
        assertThat(value(sink.last()).at("/messages/0").has("id")).isFalse();
        assertThat(value(sink.last()).at("/messages/1/id").asText()).isEqualTo(malformed.id());
    }
}
