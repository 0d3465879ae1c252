package dev.parley.social.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;

/** Update shapes as the Bot API documents them (Update, Message, CallbackQuery, ChatMemberUpdated). */
class TelegramUpdatesTest {

    static final SocialAccount BOT = new SocialAccount("tg", "telegram", "7000000001", Optional.of("acme_bot"),
            Optional.empty(), Optional.empty(), Optional.of("s3cret-token"), Optional.of("7000000001:AAH-secret"),
            ReceiveMode.WEBHOOK, Optional.of("http://127.0.0.1:1/sandbox/telegram"));

    private final TelegramUpdates updates = new TelegramUpdates();

    private List<InboundMessage> parse(String json) {
        return updates.parse(BOT, json.getBytes(StandardCharsets.UTF_8));
    }

    static String privateMessage(long updateId, long messageId, String text) {
        return "{\"update_id\":" + updateId + ",\"message\":{\"message_id\":" + messageId + ",\"from\":{\"id\":5551,"
                + "\"is_bot\":false,\"first_name\":\"Ann\",\"last_name\":\"Lee\",\"username\":\"annlee\"},"
                + "\"chat\":{\"id\":5551,\"first_name\":\"Ann\",\"type\":\"private\"},\"date\":1700000000,"
                + "\"text\":\"" + text + "\"}}";
    }

    @Test
    void aPrivateMessageIsPrivateAndNamedByChatAndMessageId() {
        InboundMessage m = parse(privateMessage(100, 7, "my order is late")).get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(m.visibility()).isEqualTo(MessageVisibility.PRIVATE);
        assertThat(m.externalId()).isEqualTo("5551:7");
        assertThat(m.conversationKey()).isEqualTo("5551");
        assertThat(m.channel()).isEqualTo("telegram");
        assertThat(m.text()).isEqualTo("my order is late");
        assertThat(m.author().platformId()).isEqualTo("5551");
        assertThat(m.author().handle()).contains("annlee");
        assertThat(m.author().displayName()).contains("Ann Lee");
        assertThat(m.createdAt()).isEqualTo(Instant.ofEpochSecond(1700000000));
        assertThat(m.property(TelegramUpdates.UPDATE_ID)).contains("100");
    }

    private static String groupMessage(String text, String entities, String replyTo) {
        return "{\"update_id\":200,\"message\":{\"message_id\":31,\"from\":{\"id\":5552,\"is_bot\":false,"
                + "\"first_name\":\"Bo\"},\"chat\":{\"id\":-1001234567890,\"title\":\"Acme users\",\"type\":\"supergroup\"},"
                + "\"date\":1700000100,\"text\":\"" + text + "\"" + (entities == null ? "" : ",\"entities\":" + entities)
                + (replyTo == null ? "" : ",\"reply_to_message\":" + replyTo) + "}}";
    }

    @Test
    void groupTalkNotForTheBotIsLeftOut() {
        assertThat(parse(groupMessage("anyone else?", null, null))).isEmpty();
        assertThat(parse(groupMessage("ask @other_bot", "[{\"type\":\"mention\",\"offset\":4,\"length\":10}]", null)))
                .isEmpty();
    }

    @Test
    void aGroupMentionOfTheBotIsPublicPerCustomer() {
        InboundMessage m = parse(groupMessage("hi @Acme_Bot help", "[{\"type\":\"mention\",\"offset\":3,\"length\":9}]",
                null)).get(0);
        assertThat(m.visibility()).isEqualTo(MessageVisibility.PUBLIC);
        assertThat(m.externalId()).isEqualTo("-1001234567890:31");
        assertThat(m.conversationKey()).isEqualTo("-1001234567890:5552");
        assertThat(TelegramUpdates.chatOf(m.conversationKey())).isEqualTo("-1001234567890");
        assertThat(m.property(TelegramUpdates.CHAT_TYPE)).contains("supergroup");
    }

    @Test
    void aMentionAfterAnEmojiCountsUtf16Offsets() {
        // the emoji is two UTF-16 code units, as Telegram counts offsets
        assertThat(parse(groupMessage("\\uD83D\\uDE00 @acme_bot", "[{\"type\":\"mention\",\"offset\":3,\"length\":9}]",
                null))).hasSize(1);
    }

    @Test
    void aReplyToTheBotOrACommandToItIsAddressedToIt() {
        String botMessage = "{\"message_id\":30,\"from\":{\"id\":7000000001,\"is_bot\":true,\"first_name\":\"Acme\"},"
                + "\"chat\":{\"id\":-1001234567890,\"type\":\"supergroup\"},\"date\":1700000050,\"text\":\"How can I help?\"}";
        InboundMessage reply = parse(groupMessage("my parcel", null, botMessage)).get(0);
        assertThat(reply.inReplyToId()).contains("-1001234567890:30");
        assertThat(parse(groupMessage("/help@acme_bot", "[{\"type\":\"bot_command\",\"offset\":0,\"length\":14}]",
                null))).hasSize(1);
        assertThat(parse(groupMessage("/help", "[{\"type\":\"bot_command\",\"offset\":0,\"length\":5}]", null)))
                .isEmpty();
    }

    @Test
    void anEditIsAnEditOfTheEarlierMessageNamedByItsUpdate() {
        InboundMessage m = parse("{\"update_id\":101,\"edited_message\":{\"message_id\":7,\"from\":{\"id\":5551,"
                + "\"first_name\":\"Ann\"},\"chat\":{\"id\":5551,\"type\":\"private\"},\"date\":1700000000,"
                + "\"edit_date\":1700000060,\"text\":\"my order is very late\"}}").get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.EDIT);
        assertThat(m.externalId()).isEqualTo("update:101:5551:7");
        assertThat(m.property(InboundMessage.TARGET_ID)).contains("5551:7");
        assertThat(m.text()).isEqualTo("my order is very late");
        assertThat(m.createdAt()).isEqualTo(Instant.ofEpochSecond(1700000060));
    }

    static String callback(long updateId) {
        return "{\"update_id\":" + updateId + ",\"callback_query\":{\"id\":\"4382bfdwdsb323b2d9\",\"from\":{\"id\":5551,"
                + "\"first_name\":\"Ann\"},\"chat_instance\":\"-5551\",\"data\":\"order:42:late\",\"message\":{"
                + "\"message_id\":8,\"from\":{\"id\":7000000001,\"is_bot\":true,\"first_name\":\"Acme\"},\"chat\":{\"id\":5551,"
                + "\"type\":\"private\"},\"date\":1700000010,\"text\":\"What is wrong?\",\"reply_markup\":{\"inline_keyboard\":"
                + "[[{\"text\":\"It is late\",\"callback_data\":\"order:42:late\"},{\"text\":\"Broken\","
                + "\"callback_data\":\"order:42:broken\"}]]}}}}";
    }

    @Test
    void aButtonTapIsAMessageWithTheButtonsTextAndPayload() {
        InboundMessage m = parse(callback(102)).get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(m.rawType()).contains("callback_query");
        assertThat(m.text()).isEqualTo("It is late");
        assertThat(m.property(InboundMessage.PAYLOAD)).contains("order:42:late");
        assertThat(m.externalId()).isEqualTo("callback:4382bfdwdsb323b2d9");
        assertThat(m.conversationKey()).isEqualTo("5551");
        assertThat(m.inReplyToId()).contains("5551:8");
    }

    @Test
    void mediaAreNamedByFileIdNeverByAUrl() {
        String photo = "{\"update_id\":103,\"message\":{\"message_id\":9,\"from\":{\"id\":5551,\"first_name\":\"Ann\"},"
                + "\"chat\":{\"id\":5551,\"type\":\"private\"},\"date\":1700000000,\"caption\":\"the box\",\"photo\":["
                + "{\"file_id\":\"small\",\"file_unique_id\":\"s\",\"width\":90,\"height\":90},"
                + "{\"file_id\":\"large\",\"file_unique_id\":\"l\",\"width\":1280,\"height\":1280}]}}";
        InboundMessage m = parse(photo).get(0);
        assertThat(m.text()).isEqualTo("the box");
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.url()).isEqualTo("telegram-file:large");
            assertThat(a.mediaType()).isEqualTo("image");
        });
        for (String kind : List.of("document", "voice", "video", "sticker")) {
            String json = "{\"update_id\":104,\"message\":{\"message_id\":10,\"from\":{\"id\":5551,\"first_name\":\"Ann\"},"
                    + "\"chat\":{\"id\":5551,\"type\":\"private\"},\"date\":1700000000,\"" + kind + "\":{\"file_id\":\""
                    + kind + "-id\",\"file_unique_id\":\"u\"" + (kind.equals("voice") ? ",\"mime_type\":\"audio/ogg\"" : "")
                    + "}}}";
            assertThat(parse(json).get(0).attachments()).as(kind).singleElement()
                    .satisfies(a -> assertThat(a.url()).isEqualTo("telegram-file:" + kind + "-id"));
        }
    }

    static String membership(long updateId, String status) {
        return "{\"update_id\":" + updateId + ",\"my_chat_member\":{\"chat\":{\"id\":5551,\"type\":\"private\"},"
                + "\"from\":{\"id\":5551,\"first_name\":\"Ann\"},\"date\":1700000200,\"old_chat_member\":{\"status\":"
                + "\"member\",\"user\":{\"id\":7000000001,\"is_bot\":true,\"first_name\":\"Acme\"}},\"new_chat_member\":"
                + "{\"status\":\"" + status + "\",\"user\":{\"id\":7000000001,\"is_bot\":true,\"first_name\":\"Acme\"}"
                + (status.equals("kicked") ? ",\"until_date\":0" : "") + "}}}";
    }

    @Test
    void blockingTheBotInAPrivateChatMarksTheConversation() {
        InboundMessage blocked = parse(membership(105, "kicked")).get(0);
        assertThat(blocked.kind()).isEqualTo(MessageKind.BLOCK);
        assertThat(blocked.conversationKey()).isEqualTo("5551");
        assertThat(blocked.property(InboundMessage.BLOCKED)).contains("true");
        assertThat(parse(membership(106, "member")).get(0).property(InboundMessage.BLOCKED)).contains("false");
    }

    @Test
    void otherUpdatesAreKeptAsUnsupportedAndBadOnesRefused() {
        InboundMessage poll = parse("{\"update_id\":107,\"poll\":{\"id\":\"1\"}}").get(0);
        assertThat(poll.kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(poll.rawType()).contains("poll");
        assertThatThrownBy(() -> parse("{\"message\":{}}")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> parse("[1]")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> parse("{\"update_id\":1,\"message\":{\"message_id\":1}}"))
                .isInstanceOf(MalformedEventException.class);
    }
}
