package dev.parley.social.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;

/**
 * The update kinds and edge cases of the Bot API beyond a plain message (core.telegram.org/bots/api:
 * Update, Message, MessageReactionUpdated, BusinessConnection, BusinessMessagesDeleted, CallbackQuery,
 * ChatMemberUpdated), each payload in the documented shape.
 */
class TelegramUpdateKindsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final ChatMigrations migrations = new ChatMigrations(Optional.empty());
    private final TelegramUpdates updates = new TelegramUpdates(Clock.fixed(NOW, ZoneOffset.UTC), migrations);

    private List<InboundMessage> parse(String json) {
        return updates.parse(TelegramUpdatesTest.BOT, json.getBytes(StandardCharsets.UTF_8));
    }

    private InboundMessage one(String json) {
        List<InboundMessage> parsed = parse(json);
        assertThat(parsed).hasSize(1);
        return parsed.get(0);
    }

    private static String groupMessage(long update, String chat, String type, long id, String rest) {
        return """
                {"update_id":%d,"message":{"message_id":%d,"from":{"id":5552,"is_bot":false,"first_name":"Bo"},
                "chat":{"id":%s,"title":"Acme customers","type":"%s"},"date":1700000000%s}}"""
                .formatted(update, id, chat, type, rest);
    }

    private static final String MENTION = ",\"text\":\"@acme_bot where is my order?\","
            + "\"entities\":[{\"offset\":0,\"length\":9,\"type\":\"mention\"}]";

    @Test
    void aGroupUpgradedToASupergroupGoesOnInTheSameConversation() {
        InboundMessage before = one(groupMessage(1, "-4001", "group", 10, MENTION));
        assertThat(before.conversationKey()).isEqualTo("-4001:5552");
        InboundMessage upgrade = one(groupMessage(2, "-4001", "group", 11, ",\"migrate_to_chat_id\":-1009001"));
        assertThat(upgrade.kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(upgrade.rawType()).contains("service:migrate_to_chat_id");
        assertThat(one(groupMessage(3, "-1009001", "supergroup", 1, ",\"migrate_from_chat_id\":-4001")).rawType())
                .contains("service:migrate_from_chat_id");

        InboundMessage after = one(groupMessage(4, "-1009001", "supergroup", 2, MENTION));
        assertThat(after.conversationKey()).isEqualTo(before.conversationKey());
        assertThat(after.externalId()).isEqualTo("-1009001:2");
        assertThat(migrations.current("-4001")).isEqualTo("-1009001");
    }

    @Test
    void theSupergroupsFirstMessageAloneTeachesTheUpgradeAndAFileKeepsIt(@TempDir Path dir) {
        Path file = dir.resolve("data").resolve("chat-migrations.properties");
        ChatMigrations kept = new ChatMigrations(Optional.of(file));
        new TelegramUpdates(Clock.systemUTC(), kept).parse(TelegramUpdatesTest.BOT,
                groupMessage(3, "-1009001", "supergroup", 1, ",\"migrate_from_chat_id\":-4001")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(Files.exists(file)).isTrue();
        ChatMigrations restarted = new ChatMigrations(Optional.of(file));
        assertThat(restarted.current("-4001")).isEqualTo("-1009001");
        assertThat(restarted.origin("-1009001")).isEqualTo("-4001");
        assertThat(restarted.current("-5")).isEqualTo("-5");
    }

    @Test
    void everyPhotoOfAnAlbumAddressedToTheBotIsTakenOnTheSameConversation() {
        String caption = ",\"media_group_id\":\"13579\",\"caption\":\"@ACME_BOT both are broken\","
                + "\"caption_entities\":[{\"offset\":0,\"length\":9,\"type\":\"mention\"}],"
                + "\"photo\":[{\"file_id\":\"p1\",\"file_unique_id\":\"u1\",\"width\":90,\"height\":90}]";
        String second = ",\"media_group_id\":\"13579\",\"photo\":[{\"file_id\":\"p2\",\"file_unique_id\":\"u2\","
                + "\"width\":90,\"height\":90}]";
        InboundMessage first = one(groupMessage(10, "-1001234567890", "supergroup", 40, caption));
        InboundMessage next = one(groupMessage(11, "-1001234567890", "supergroup", 41, second));
        assertThat(first.text()).isEqualTo("@ACME_BOT both are broken");
        assertThat(next.conversationKey()).isEqualTo(first.conversationKey());
        assertThat(next.attachments()).extracting(a -> a.url()).containsExactly("telegram-file:p2");
        assertThat(next.property(TelegramUpdates.MEDIA_GROUP)).contains("13579");
        // another album in the group, not for the bot, stays out
        assertThat(parse(groupMessage(12, "-1001234567890", "supergroup", 42, second.replace("13579", "24680"))))
                .isEmpty();
    }

    @Test
    void aForumTopicIsKeptSoTheReplyGoesBackIntoIt() {
        // in a topic, reply_to_message is the topic's first message (here created by the bot) unless a real reply
        String inTopic = ",\"message_thread_id\":7,\"is_topic_message\":true,\"reply_to_message\":{\"message_id\":7,"
                + "\"from\":{\"id\":7000000001,\"is_bot\":true,\"first_name\":\"Acme\"},\"chat\":{\"id\":-1001234567890,"
                + "\"type\":\"supergroup\"},\"date\":1699990000,\"forum_topic_created\":{\"name\":\"Orders\","
                + "\"icon_color\":7322096}}";
        InboundMessage m = one(groupMessage(20, "-1001234567890", "supergroup", 50, inTopic + MENTION));
        assertThat(m.conversationKey()).isEqualTo("-1001234567890#7:5552");
        assertThat(m.inReplyToId()).isEmpty();
        assertThat(m.property(TelegramUpdates.TOPIC)).contains("7");
        assertThat(ChatAddress.parse(m.conversationKey()).orElseThrow().topic()).contains(7L);
        assertThat(parse(groupMessage(21, "-1001234567890", "supergroup", 51, inTopic + ",\"text\":\"hi all\"")))
                .as("a topic the bot opened is no reply to the bot").isEmpty();
    }

    @Test
    void channelPostsAreAcknowledgedAndIgnored() {
        String post = """
                {"update_id":30,"%s":{"message_id":5,"sender_chat":{"id":-1005550001,"title":"Acme news",
                "type":"channel"},"chat":{"id":-1005550001,"title":"Acme news","type":"channel"},"date":1700000000,
                "text":"New prices"}}""";
        assertThat(one(post.formatted("channel_post")).rawType()).contains("channel_post");
        assertThat(one(post.formatted("edited_channel_post")).kind()).isEqualTo(MessageKind.UNSUPPORTED);
    }

    private static final String BUSINESS = """
            {"update_id":%d,"%s":{"business_connection_id":"AbCd-123_x","message_id":%d,"from":{"id":%s,
            "is_bot":false,"first_name":"%s"},"chat":{"id":5551,"first_name":"Ann","type":"private"},
            "date":1700000000%s,"text":"%s"}}""";

    @Test
    void aBusinessAccountsChatIsItsOwnConversationAndTheOwnersMessagesAreEchoes() {
        InboundMessage customer = one(BUSINESS.formatted(40, "business_message", 3, "5551", "Ann", "", "is it open?"));
        assertThat(customer.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(customer.conversationKey()).isEqualTo("5551@AbCd-123_x");
        assertThat(customer.visibility()).isEqualTo(MessageVisibility.PRIVATE);
        assertThat(customer.property(TelegramUpdates.BUSINESS_CONNECTION)).contains("AbCd-123_x");

        InboundMessage owner = one(BUSINESS.formatted(41, "business_message", 4, "8880", "Shop", "", "yes, till 6"));
        assertThat(owner.kind()).isEqualTo(MessageKind.ECHO);
        assertThat(owner.conversationKey()).isEqualTo(customer.conversationKey());

        InboundMessage edit = one(BUSINESS.formatted(42, "edited_business_message", 3, "5551", "Ann",
                ",\"edit_date\":1700000050", "is it open today?"));
        assertThat(edit.kind()).isEqualTo(MessageKind.EDIT);
        assertThat(edit.property(InboundMessage.TARGET_ID)).contains("5551:3");

        List<InboundMessage> deleted = parse("""
                {"update_id":43,"deleted_business_messages":{"business_connection_id":"AbCd-123_x",
                "chat":{"id":5551,"type":"private"},"message_ids":[3,9]}}""");
        assertThat(deleted).extracting(InboundMessage::kind).containsOnly(MessageKind.RETRACTION);
        assertThat(deleted).extracting(m -> m.property(InboundMessage.TARGET_ID).orElseThrow())
                .containsExactly("5551:3", "5551:9");
        assertThat(deleted).extracting(InboundMessage::externalId).doesNotHaveDuplicates();

        assertThat(one("""
                {"update_id":44,"business_connection":{"id":"AbCd-123_x","user":{"id":8880,"is_bot":false,
                "first_name":"Shop"},"user_chat_id":8880,"date":1700000000,"is_enabled":false}}""").rawType())
                .contains("business_connection:disabled");
    }

    @Test
    void aReactionIsRecordedOnItsMessageAndTakingItBackRemovesIt() {
        String reaction = """
                {"update_id":%d,"message_reaction":{"chat":{"id":5551,"type":"private"},"message_id":8,
                "user":{"id":5551,"is_bot":false,"first_name":"Ann"},"date":1700000100,
                "old_reaction":%s,"new_reaction":%s}}""";
        InboundMessage set = one(reaction.formatted(50, "[]", "[{\"type\":\"emoji\",\"emoji\":\"👍\"}]"));
        assertThat(set.kind()).isEqualTo(MessageKind.REACTION);
        assertThat(set.property(InboundMessage.TARGET_ID)).contains("5551:8");
        assertThat(set.property(InboundMessage.REACTION)).contains("👍");
        assertThat(set.property(InboundMessage.REACTION_ACTION)).contains("react");
        InboundMessage gone = one(reaction.formatted(51, "[{\"type\":\"emoji\",\"emoji\":\"👍\"}]", "[]"));
        assertThat(gone.property(InboundMessage.REACTION_ACTION)).contains("unreact");
        assertThat(gone.externalId()).isNotEqualTo(set.externalId());
        InboundMessage anonymous = one("""
                {"update_id":52,"message_reaction":{"chat":{"id":-1001234567890,"type":"supergroup"},"message_id":31,
                "actor_chat":{"id":-1001234567890,"type":"supergroup","title":"Acme customers"},"date":1700000100,
                "old_reaction":[],"new_reaction":[{"type":"custom_emoji","custom_emoji_id":"5368324170671202286"}]}}""");
        assertThat(anonymous.conversationKey()).isEqualTo("-1001234567890:-1001234567890");
        assertThat(anonymous.property(InboundMessage.REACTION)).contains("custom_emoji:5368324170671202286");
    }

    @Test
    void aTapOnAnInlineModeMessageGoesToTheUsersPrivateChat() {
        InboundMessage tap = one("""
                {"update_id":60,"callback_query":{"id":"99001","from":{"id":5551,"is_bot":false,"first_name":"Ann"},
                "inline_message_id":"AAAAAkXyZ","chat_instance":"-77","data":"track:42"}}""");
        assertThat(tap.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(tap.conversationKey()).isEqualTo("5551");
        assertThat(tap.text()).isEqualTo("track:42");
        assertThat(tap.property(TelegramUpdates.INLINE_MESSAGE)).contains("AAAAAkXyZ");
        assertThat(tap.property(TelegramUpdates.CALLBACK_ID)).contains("99001");
        assertThat(tap.createdAt()).isEqualTo(NOW);
        assertThat(tap.inReplyToId()).isEmpty();
    }

    @Test
    void mentionsByTextMentionAndInCaptionsAreForTheBot() {
        InboundMessage byName = one(groupMessage(70, "-1001234567890", "supergroup", 60, ",\"text\":\"Acme help\","
                + "\"entities\":[{\"offset\":0,\"length\":4,\"type\":\"text_mention\",\"user\":{\"id\":7000000001,"
                + "\"is_bot\":true,\"first_name\":\"Acme\"}}]"));
        assertThat(byName.visibility()).isEqualTo(MessageVisibility.PUBLIC);
        InboundMessage inCaption = one(groupMessage(71, "-1001234567890", "supergroup", 61, ",\"caption\":\"look "
                + "@acme_bot\",\"caption_entities\":[{\"offset\":5,\"length\":9,\"type\":\"mention\"}],\"document\":"
                + "{\"file_id\":\"d1\",\"file_unique_id\":\"u\",\"mime_type\":\"application/pdf\"}"));
        assertThat(inCaption.attachments()).hasSize(1);
        assertThat(parse(groupMessage(72, "-1001234567890", "supergroup", 62, ",\"text\":\"@other_bot hi\","
                + "\"entities\":[{\"offset\":0,\"length\":10,\"type\":\"mention\"}]"))).isEmpty();
    }

    @Test
    void anAnonymousAdminIsTheGroupAndAChannelsAutomaticForwardIsNoCustomer() {
        InboundMessage admin = one("""
                {"update_id":80,"message":{"message_id":70,"from":{"id":1087968824,"is_bot":true,
                "first_name":"Group","username":"GroupAnonymousBot"},"sender_chat":{"id":-1001234567890,
                "title":"Acme customers","type":"supergroup"},"chat":{"id":-1001234567890,"title":"Acme customers",
                "type":"supergroup"},"date":1700000000,"text":"@acme_bot please check order 42",
                "entities":[{"offset":0,"length":9,"type":"mention"}]}}""");
        assertThat(admin.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(admin.author().platformId()).isEqualTo("-1001234567890");
        assertThat(admin.author().displayName()).contains("Acme customers");
        assertThat(parse("""
                {"update_id":81,"message":{"message_id":71,"from":{"id":777000,"is_bot":false,"first_name":"Telegram"},
                "sender_chat":{"id":-1005550001,"title":"Acme news","type":"channel"},"is_automatic_forward":true,
                "chat":{"id":-1001234567890,"type":"supergroup"},"date":1700000000,"text":"@acme_bot news",
                "entities":[{"offset":0,"length":9,"type":"mention"}]}}""")).isEmpty();
        InboundMessage otherBot = one(groupMessage(82, "-1001234567890", "supergroup", 72, MENTION)
                .replace("\"is_bot\":false", "\"is_bot\":true"));
        assertThat(otherBot.kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(otherBot.rawType()).contains("message:from_bot");
    }

    @Test
    void serviceMessagesAndMembershipChangesAreAcknowledgedNeverTickets() {
        assertThat(one(groupMessage(90, "-1001234567890", "supergroup", 80, ",\"new_chat_members\":[{\"id\":"
                + "7000000001,\"is_bot\":true,\"first_name\":\"Acme\"}]")).rawType()).contains("service:new_chat_members");
        assertThat(one(TelegramUpdatesTest.privateMessage(91, 81, "x").replace("\"text\":\"x\"",
                "\"pinned_message\":{\"message_id\":3,\"chat\":{\"id\":5551,\"type\":\"private\"},\"date\":1}"))
                .rawType()).contains("service:pinned_message");
        assertThat(one("""
                {"update_id":92,"my_chat_member":{"chat":{"id":-1001234567890,"type":"supergroup","title":"A"},
                "from":{"id":5552,"first_name":"Bo"},"date":1700000000,"old_chat_member":{"status":"member",
                "user":{"id":7000000001,"is_bot":true,"first_name":"Acme"}},"new_chat_member":{"status":"left",
                "user":{"id":7000000001,"is_bot":true,"first_name":"Acme"}}}}""").rawType())
                .contains("my_chat_member:supergroup:left");
        assertThat(one("""
                {"update_id":93,"chat_member":{"chat":{"id":-1001234567890,"type":"supergroup"},"from":{"id":5552,
                "first_name":"Bo"},"date":1700000000,"old_chat_member":{"status":"left","user":{"id":5553,
                "first_name":"Cy"}},"new_chat_member":{"status":"member","user":{"id":5553,"first_name":"Cy"}}}}""")
                .rawType()).contains("chat_member:member");
    }

    @Test
    void contentWithoutTextIsDescribedNotAnEmptyMessage() {
        InboundMessage location = one(TelegramUpdatesTest.privateMessage(100, 90, "x").replace("\"text\":\"x\"",
                "\"location\":{\"latitude\":52.52,\"longitude\":13.405}"));
        assertThat(location.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(location.text()).isEqualTo("[location] 52.52, 13.405");
        InboundMessage contact = one(TelegramUpdatesTest.privateMessage(101, 91, "x").replace("\"text\":\"x\"",
                "\"contact\":{\"phone_number\":\"+4930123\",\"first_name\":\"Ann\"}"));
        assertThat(contact.text()).isEqualTo("[contact] Ann +4930123");
    }

    @Test
    void updateKindsAddedLaterAreAcknowledgedUnderTheirName() {
        assertThat(one("{\"update_id\":110,\"purchased_paid_media\":{\"from\":{\"id\":5551,\"first_name\":\"Ann\"},"
                + "\"paid_media_payload\":\"p\"}}").rawType()).contains("purchased_paid_media");
        assertThat(one("{\"update_id\":111,\"some_future_kind\":{\"x\":1}}").kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(one("{\"update_id\":112}").rawType()).contains("empty");
    }
}
