package dev.parley.social.x.internal;

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

class XWebhookParserTest {

    static final SocialAccount ACME = new SocialAccount("acme", "x", "2244994945", Optional.of("acme"),
            Optional.of("secret"), null, null, null, ReceiveMode.WEBHOOK, null);

    private final XWebhookParser parser = new XWebhookParser();

    private List<InboundMessage> parse(String json) {
        return parser.parse(ACME, json.getBytes(StandardCharsets.UTF_8));
    }

    static final String MENTION = """
            {"for_user_id":"2244994945","user_has_blocked":"false","tweet_create_events":[{
              "created_at":"Wed Oct 10 20:19:24 +0000 2018","id":1050118621198921728,"id_str":"1050118621198921728",
              "text":"@acme my bag is lost","in_reply_to_status_id_str":null,
              "user":{"id":6253282,"id_str":"6253282","name":"Jane Doe","screen_name":"jane","followers_count":1234,"verified":true},
              "entities":{"media":[{"type":"photo","media_url_https":"https://pbs.twimg.com/media/bag.jpg"}]}}]}""";

    @Test
    void mentionBecomesPublicComment() {
        InboundMessage m = parse(MENTION).get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.COMMENT);
        assertThat(m.visibility()).isEqualTo(MessageVisibility.PUBLIC);
        assertThat(m.channel()).isEqualTo("x");
        assertThat(m.account()).isEqualTo("acme");
        assertThat(m.externalId()).isEqualTo("1050118621198921728");
        assertThat(m.conversationKey()).isEqualTo("tweet:1050118621198921728");
        assertThat(m.text()).isEqualTo("@acme my bag is lost");
        assertThat(m.author().platformId()).isEqualTo("6253282");
        assertThat(m.author().handle()).contains("jane");
        assertThat(m.author().displayName()).contains("Jane Doe");
        assertThat(m.author().followerCount()).hasValue(1234);
        assertThat(m.author().verified()).isTrue();
        assertThat(m.attachments()).extracting(a -> a.url()).containsExactly("https://pbs.twimg.com/media/bag.jpg");
        assertThat(m.createdAt()).isEqualTo(Instant.parse("2018-10-10T20:19:24Z"));
        assertThat(m.inReplyToId()).isEmpty();
    }

    @Test
    void replyKeepsTheTweetItAnswers() {
        InboundMessage m = parse("""
                {"for_user_id":"2244994945","tweet_create_events":[{"id_str":"2","text":"still lost",
                 "in_reply_to_status_id_str":"1","timestamp_ms":"1700000000000",
                 "user":{"id_str":"6253282","screen_name":"jane"}}]}""").get(0);
        assertThat(m.inReplyToId()).contains("1");
        assertThat(m.conversationKey()).isEqualTo("tweet:1");
        assertThat(m.createdAt()).isEqualTo(Instant.ofEpochMilli(1700000000000L));
    }

    static final String DM = """
            {"for_user_id":"4337869213","direct_message_events":[{"type":"message_create","id":"954491830116155396",
              "created_timestamp":"1516403560557","message_create":{"target":{"recipient_id":"4337869213"},
              "sender_id":"3001969357","source_app_id":"13090192","message_data":{"text":"Hello World!","entities":{}}}}],
             "apps":{"13090192":{"id":"13090192","name":"FindMyBag"}},
             "users":{"3001969357":{"id":"3001969357","created_timestamp":"1422556069340","name":"Jordan Brinks",
               "screen_name":"furiouscamper","followers_count":22,"verified":false}}}""";

    @Test
    void directMessageBecomesPrivateMessageInItsConversation() {
        InboundMessage m = parse(DM).get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(m.visibility()).isEqualTo(MessageVisibility.PRIVATE);
        assertThat(m.externalId()).isEqualTo("954491830116155396");
        assertThat(m.conversationKey()).isEqualTo("dm:3001969357-4337869213");
        assertThat(m.author().handle()).contains("furiouscamper");
        assertThat(m.author().displayName()).contains("Jordan Brinks");
        assertThat(m.text()).isEqualTo("Hello World!");
        assertThat(m.createdAt()).isEqualTo(Instant.ofEpochMilli(1516403560557L));
    }

    @Test
    void ourOwnDmAndTweetAreEchoes() {
        InboundMessage dm = parse("""
                {"for_user_id":"4337869213","direct_message_events":[{"type":"message_create","id":"9",
                 "created_timestamp":"1516403560557","message_create":{"target":{"recipient_id":"3001969357"},
                 "sender_id":"4337869213","message_data":{"text":"We are on it"}}}]}""").get(0);
        assertThat(dm.kind()).isEqualTo(MessageKind.ECHO);
        assertThat(dm.conversationKey()).isEqualTo("dm:3001969357-4337869213");
        InboundMessage tweet = parse("""
                {"for_user_id":"2244994945","tweet_create_events":[{"id_str":"5","text":"@jane sorry!",
                 "in_reply_to_status_id_str":"1","user":{"id_str":"2244994945","screen_name":"acme"}}]}""").get(0);
        assertThat(tweet.kind()).isEqualTo(MessageKind.ECHO);
    }

    @Test
    void typingIsLeftOutLikesAndUnknownEventsAreUnsupportedToBeCounted() {
        List<InboundMessage> messages = parse("""
                {"for_user_id":"2244994945","favorite_events":[{"id":"f1"}],
                 "direct_message_indicate_typing_events":[{"sender_id":"1"}],
                 "tweet_vote_events":[{"id":"v1","choice":"a"}]}""");
        assertThat(messages).hasSize(2);
        assertThat(messages).extracting(InboundMessage::kind).containsOnly(MessageKind.UNSUPPORTED);
        assertThat(messages.get(0).rawType()).contains("favorite_events");
        assertThat(messages.get(1).rawType()).contains("tweet_vote_events");
        assertThat(messages.get(1).externalId()).isEqualTo("tweet_vote_events:v1");
    }

    @Test
    void unknownDirectMessageEventTypeIsUnsupportedAndFollowingEventsStillCome() {
        List<InboundMessage> messages = parse("""
                {"for_user_id":"4337869213","direct_message_events":[
                 {"type":"reaction_create","id":"r1","created_timestamp":"1516403560000"},
                 {"type":"message_create","id":"m2","created_timestamp":"1516403560557","message_create":{
                  "target":{"recipient_id":"4337869213"},"sender_id":"3001969357","message_data":{"text":"hi"}}}]}""");
        assertThat(messages).extracting(InboundMessage::kind).containsExactly(MessageKind.UNSUPPORTED, MessageKind.MESSAGE);
        assertThat(messages.get(0).rawType()).contains("direct_message_events.reaction_create");
    }

    @Test
    void malformedBodiesAreRefused() {
        assertThatThrownBy(() -> parse("{not json")).isInstanceOf(MalformedEventException.class);
        // valid JSON, but no Unicode text: it could be neither stored nor written back as UTF-8
        assertThatThrownBy(() -> parse("{\"for_user_id\":\"1\",\"tweet_create_events\":[{\"text\":\"\\ud800\"}]}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("lone UTF-16 surrogate");
        assertThatThrownBy(() -> parse("[1,2]")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> parse("{\"tweet_create_events\":{}}")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> parse("{\"direct_message_events\":[{\"type\":\"message_create\"}]}"))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void conversationIdsOrderUserIdsNumerically() {
        assertThat(XWebhookParser.dmConversation("99", "100")).isEqualTo("dm:99-100");
        assertThat(XWebhookParser.dmConversation("100", "99")).isEqualTo("dm:99-100");
    }
}
