package dev.parley.social.sandbox.internal.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.customer.PostedMessage;
import dev.parley.social.sandbox.internal.delivery.Webhook;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.ApiResponse;
import dev.parley.social.sandbox.internal.wire.WireJson;

class TelegramSimulationTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String TOKEN = "7000000001:sandbox-telegram-token";
    private final WireJson json = new WireJson();
    private final List<Webhook> sent = new ArrayList<>();
    private final TelegramSimulation telegram = new TelegramSimulation(new TelegramBot("sandbox-telegram",
            "7000000001", "acme_support_bot", "Acme Support", TOKEN, "sandbox-telegram-secret", "-1001000000001",
            "Acme customers"), URI.create("http://127.0.0.1:8080"), json, Clock.fixed(NOW, ZoneOffset.UTC), webhook -> {
                sent.add(webhook);
                return CompletableFuture.completedFuture(List.of());
            });

    private PostedMessage post(String kind, String text, String inReplyTo, String payload, String attachment,
            String type) {
        return telegram.post(new CustomerPost("telegram", null, kind, "5551", "ann_lee", "Ann Lee", null, null, text,
                inReplyTo, null, null, payload, attachment, type).validate());
    }

    private JsonNode call(String method, String body) throws Exception {
        ApiResponse response = telegram.api().handle(TelegramApi.tokenFromPath(ApiRequest.of("POST",
                "/bot" + TOKEN + "/" + method, Map.of(), Map.of("content-type", "application/json"), body)));
        JsonNode answer = json.mapper().readTree(response.body());
        assertThat(answer.path("error_code").asInt(response.status())).isEqualTo(response.status() == 200 ? 200
                : response.status());
        return answer;
    }

    @Test
    void aPrivateMessageIsPostedToTheWebhookWithTheSecretToken() throws Exception {
        PostedMessage posted = post("message", "where is my parcel?", null, null, null, null);
        Webhook webhook = sent.get(0);
        assertThat(webhook.url()).hasToString("http://127.0.0.1:8080/webhooks/telegram/sandbox-telegram");
        assertThat(webhook.headers()).containsEntry("X-Telegram-Bot-Api-Secret-Token", "sandbox-telegram-secret");
        JsonNode update = json.mapper().readTree(webhook.body());
        assertThat(update.fieldNames().next()).isEqualTo("update_id");
        assertThat(update.at("/message/chat/type").asText()).isEqualTo("private");
        assertThat(update.at("/message/from/id").asLong()).isEqualTo(5551);
        assertThat(update.at("/message/text").asText()).isEqualTo("where is my parcel?");
        assertThat(posted.id()).isEqualTo("5551:" + update.at("/message/message_id").asText());
    }

    @Test
    void aGroupMentionCarriesItsMentionEntity() throws Exception {
        post("group_mention", "help please", null, null, null, null);
        JsonNode m = json.mapper().readTree(sent.get(0).body()).get("message");
        assertThat(m.at("/chat/type").asText()).isEqualTo("supergroup");
        assertThat(m.get("text").asText()).isEqualTo("@acme_support_bot help please");
        assertThat(m.at("/entities/0/type").asText()).isEqualTo("mention");
        assertThat(m.at("/entities/0/length").asInt()).isEqualTo(17);
    }

    @Test
    void withoutAWebhookUpdatesWaitForGetUpdatesUntilAnOffsetConfirmsThem() throws Exception {
        assertThat(call("getUpdates", "{}").path("error_code").asInt()).isEqualTo(409);
        assertThat(call("deleteWebhook", "{}").path("result").asBoolean()).isTrue();
        post("message", "one", null, null, null, null);
        post("message", "two", null, null, null, null);
        assertThat(sent).isEmpty();
        JsonNode first = call("getUpdates", "{\"limit\":100,\"timeout\":0}").get("result");
        assertThat(first).hasSize(2);
        long last = first.get(1).get("update_id").asLong();
        assertThat(call("getUpdates", "{}").get("result")).as("nothing is confirmed without an offset").hasSize(2);
        assertThat(call("getUpdates", "{\"offset\":" + (last + 1) + "}").get("result")).isEmpty();
        assertThat(call("getUpdates", "{}").get("result")).as("confirmed updates are forgotten").isEmpty();
    }

    @Test
    void sendMessageAnswersAMessageAndABlockedUserGets403() throws Exception {
        JsonNode answer = call("sendMessage", "{\"chat_id\":5551,\"text\":\"Hello Ann\"}");
        assertThat(answer.path("ok").asBoolean()).isTrue();
        assertThat(answer.at("/result/from/is_bot").asBoolean()).isTrue();
        assertThat(answer.at("/result/text").asText()).isEqualTo("Hello Ann");
        post("block", null, null, null, null, null);
        assertThat(json.mapper().readTree(sent.get(0).body()).at("/my_chat_member/new_chat_member/status").asText())
                .isEqualTo("kicked");
        JsonNode refused = call("sendMessage", "{\"chat_id\":5551,\"text\":\"Hello?\"}");
        assertThat(refused.path("description").asText()).isEqualTo("Forbidden: bot was blocked by the user");
        JsonNode wrongToken = json.mapper().readTree(telegram.api().handle(TelegramApi.tokenFromPath(ApiRequest.of(
                "POST", "/bot7000000001:wrong/sendMessage", Map.of(), Map.of(), "{}"))).body());
        assertThat(wrongToken.path("error_code").asInt()).isEqualTo(401);
    }

    @Test
    void aPhotoIsFetchedThroughGetFileAndTheFileUrl() throws Exception {
        post("message", "the box", null, null, "photo.png", "image");
        JsonNode m = json.mapper().readTree(sent.get(0).body()).get("message");
        assertThat(m.get("caption").asText()).isEqualTo("the box");
        String fileId = m.get("photo").get(1).get("file_id").asText();
        String path = call("getFile", "{\"file_id\":\"" + fileId + "\"}").at("/result/file_path").asText();
        assertThat(path).startsWith("photos/file_").endsWith(".png");
        ApiRequest download = TelegramApi.tokenFromPath(ApiRequest.of("GET", "/file/bot" + TOKEN + "/" + path, Map.of(),
                Map.of(), ""));
        assertThat(download.path()).doesNotContain("sandbox-telegram-token");
        ApiResponse file = telegram.api().handle(download);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.headers()).containsEntry("Content-Type", "image/png");
        assertThat(new String(file.body(), 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void aButtonTapIsACallbackQueryOnTheBotsKeyboard() throws Exception {
        PostedMessage tap = post("button", "It is late", null, "order:42:late", null, null);
        JsonNode q = json.mapper().readTree(sent.get(0).body()).get("callback_query");
        assertThat(tap.id()).isEqualTo("callback:" + q.get("id").asText());
        assertThat(q.get("data").asText()).isEqualTo("order:42:late");
        assertThat(q.at("/message/reply_markup/inline_keyboard/0/0/text").asText()).isEqualTo("It is late");
    }

    private JsonNode update(int i) throws Exception {
        return json.mapper().readTree(sent.get(i).body());
    }

    @Test
    void aBasicGroupsUpgradeIsAnnouncedAndItsSendsThenGet400WithTheSupergroup() throws Exception {
        PostedMessage mention = post("basic_group_mention", "help", null, null, null, null);
        String group = mention.conversationId().substring(0, mention.conversationId().indexOf(':'));
        assertThat(update(0).at("/message/chat/type").asText()).isEqualTo("group");
        assertThat(call("sendMessage", "{\"chat_id\":" + group + ",\"text\":\"On it\"}").path("ok").asBoolean())
                .isTrue();
        post("group_upgrade", null, null, null, null, null);
        assertThat(update(1).at("/message/migrate_to_chat_id").asLong()).isEqualTo(-1001000000001L);
        assertThat(update(2).at("/message/migrate_from_chat_id").asText()).isEqualTo(group);
        JsonNode moved = call("sendMessage", "{\"chat_id\":" + group + ",\"text\":\"On it\"}");
        assertThat(moved.path("error_code").asInt()).isEqualTo(400);
        assertThat(moved.at("/parameters/migrate_to_chat_id").asLong()).isEqualTo(-1001000000001L);
    }

    @Test
    void anAlbumIsTwoMessagesSharingAMediaGroupAndOnlyTheFirstIsCaptioned() throws Exception {
        post("group_album", "both broken", null, null, null, null);
        JsonNode first = update(0).get("message");
        JsonNode second = update(1).get("message");
        assertThat(first.get("media_group_id").asText()).isEqualTo(second.get("media_group_id").asText());
        assertThat(first.at("/caption_entities/0/type").asText()).isEqualTo("mention");
        assertThat(second.has("caption")).isFalse();
        assertThat(second.get("photo").isArray()).isTrue();
    }

    @Test
    void aTopicMentionAndTheReplyIntoTheTopic() throws Exception {
        PostedMessage posted = post("topic_mention", "where?", null, "9", null, null);
        assertThat(posted.conversationId()).endsWith("#9:5551");
        JsonNode m = update(0).get("message");
        assertThat(m.get("is_topic_message").asBoolean()).isTrue();
        assertThat(m.at("/reply_to_message/forum_topic_created/name").asText()).isEqualTo("Orders");
        JsonNode answer = call("sendMessage", "{\"chat_id\":-1001000000001,\"message_thread_id\":9,\"text\":\"here\"}");
        assertThat(answer.at("/result/message_thread_id").asLong()).isEqualTo(9);
        assertThat(call("sendMessage", "{\"chat_id\":5551,\"message_thread_id\":9,\"text\":\"x\"}")
                .path("description").asText()).contains("message thread not found");
    }

    @Test
    void aBusinessChatIsAnsweredThroughItsConnection() throws Exception {
        PostedMessage posted = post("business_message", "open today?", null, null, null, null);
        assertThat(posted.conversationId()).isEqualTo("5551@" + TelegramEdgeUpdates.BUSINESS_CONNECTION);
        assertThat(update(0).at("/business_message/business_connection_id").asText())
                .isEqualTo(TelegramEdgeUpdates.BUSINESS_CONNECTION);
        post("business_owner", "yes", null, null, null, null);
        assertThat(update(1).at("/business_message/from/id").asText()).isEqualTo(TelegramEdgeUpdates.BUSINESS_OWNER);
        assertThat(call("sendMessage", "{\"chat_id\":5551,\"business_connection_id\":\""
                + TelegramEdgeUpdates.BUSINESS_CONNECTION + "\",\"text\":\"till 6\"}").path("ok").asBoolean()).isTrue();
        assertThat(call("sendMessage", "{\"chat_id\":5551,\"business_connection_id\":\"nope\",\"text\":\"x\"}")
                .path("error_code").asInt()).isEqualTo(400);
        post("business_delete", null, posted.id(), null, null, null);
        assertThat(update(2).at("/deleted_business_messages/message_ids/0").asText())
                .isEqualTo(posted.id().substring(posted.id().indexOf(':') + 1));
    }

    @Test
    void reactionsInlineTapsServiceMessagesAndUnknownKindsHaveTheirShapes() throws Exception {
        PostedMessage reaction = post("reaction", null, "5551:3", "\u2764", null, null);
        assertThat(update(0).at("/message_reaction/new_reaction/0/emoji").asText()).isEqualTo("\u2764");
        assertThat(reaction.id()).startsWith("update:").endsWith(":5551:3");
        post("inline_button", null, null, "track:1", null, null);
        assertThat(update(1).at("/callback_query/inline_message_id").asText()).isNotEmpty();
        assertThat(update(1).at("/callback_query").has("message")).isFalse();
        post("service", null, null, null, null, null);
        assertThat(update(2).at("/message/new_chat_members/0/id").asText()).isEqualTo("5551");
        post("unknown_update", null, null, null, null, null);
        assertThat(update(3).has("sandbox_future_update")).isTrue();
        post("channel_post", "news", null, null, null, null);
        assertThat(update(4).at("/channel_post/chat/type").asText()).isEqualTo("channel");
    }
}
