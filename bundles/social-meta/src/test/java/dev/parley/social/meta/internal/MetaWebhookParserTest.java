package dev.parley.social.meta.internal;

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

class MetaWebhookParserTest {

    static final SocialAccount PAGE = new SocialAccount("acme-fb", "meta", "PAGE_ID", null, null,
            Optional.of("FAKE_SECRET"), Optional.of("meatyhamhock"), null, ReceiveMode.WEBHOOK, null);

    private final MetaWebhookParser parser = new MetaWebhookParser();

    private List<InboundMessage> parse(String json) {
        return parser.parse(PAGE, json.getBytes(StandardCharsets.UTF_8));
    }

    /** As Meta sends it: non-ASCII escaped, the emoji as a surrogate pair. */
    static final String MESSENGER = "{\"object\":\"page\",\"entry\":[{\"id\":\"PAGE_ID\",\"time\":1458692752478,"
            + "\"messaging\":[{\"sender\":{\"id\":\"PSID_1\"},\"recipient\":{\"id\":\"PAGE_ID\"},"
            + "\"timestamp\":1458692752478,\"message\":{\"mid\":\"mid.1457764197618:41d102a3e1ae206a38\","
            + "\"text\":\"Gep\\u00e4ck verloren \\ud83d\\ude22\"}}]}]}";

    @Test
    void messengerMessageDecodesEscapedEmoji() {
        InboundMessage m = parse(MESSENGER).get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(m.channel()).isEqualTo("messenger");
        assertThat(m.visibility()).isEqualTo(MessageVisibility.PRIVATE);
        assertThat(m.externalId()).isEqualTo("mid.1457764197618:41d102a3e1ae206a38");
        assertThat(m.conversationKey()).isEqualTo("psid:PSID_1");
        assertThat(m.text()).isEqualTo("Gepäck verloren 😢");
        assertThat(m.author().platformId()).isEqualTo("PSID_1");
        assertThat(m.createdAt()).isEqualTo(Instant.ofEpochMilli(1458692752478L));
    }

    @Test
    void signatureIsOverTheEscapedBytesAsSent() {
        byte[] raw = MESSENGER.getBytes(StandardCharsets.UTF_8);
        String header = MetaSignatures.sign("FAKE_SECRET", raw);
        assertThat(MetaSignatures.verify("FAKE_SECRET", Optional.of(header), Optional.empty(), raw)).isTrue();
        byte[] reserialized = "{\"text\":\"Gepäck verloren 😢\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(MetaSignatures.verify("FAKE_SECRET", Optional.of(header), Optional.empty(), reserialized)).isFalse();
    }

    @Test
    void echoIsRecognizedAndKeptInTheCustomersConversation() {
        InboundMessage m = parse("""
                {"object":"page","entry":[{"id":"PAGE_ID","time":1,"messaging":[{"sender":{"id":"PAGE_ID"},
                 "recipient":{"id":"PSID_1"},"timestamp":1458692752478,"message":{"is_echo":true,"app_id":1517776481860111,
                 "mid":"mid.echo","text":"We found it"}}]}]}""").get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.ECHO);
        assertThat(m.conversationKey()).isEqualTo("psid:PSID_1");
    }

    @Test
    void receiptsAreLeftOutReactionsPointAtTheirMessageAndTheRestFlows() {
        List<InboundMessage> messages = parse("""
                {"object":"page","entry":[{"id":"PAGE_ID","time":1,"messaging":[
                 {"sender":{"id":"PSID_1"},"recipient":{"id":"PAGE_ID"},"timestamp":1458668856463,"delivery":{"mids":["mid.1"],"watermark":1458668856253}},
                 {"sender":{"id":"PSID_1"},"recipient":{"id":"PAGE_ID"},"timestamp":1458668856463,"read":{"watermark":1458668856253}},
                 {"sender":{"id":"PSID_1"},"recipient":{"id":"PAGE_ID"},"timestamp":1458668856464,"reaction":{"mid":"mid.1","action":"react","reaction":"love"}},
                 {"sender":{"id":"PSID_1"},"recipient":{"id":"PAGE_ID"},"timestamp":1458668856465,"message":{"mid":"mid.2","text":"thanks"}}]}]}""");
        assertThat(messages).extracting(InboundMessage::kind).containsExactly(MessageKind.REACTION, MessageKind.MESSAGE);
        assertThat(messages.get(0).rawType()).contains("messenger.reaction");
        assertThat(messages.get(0).property(InboundMessage.TARGET_ID)).contains("mid.1");
        assertThat(messages.get(0).property(InboundMessage.REACTION)).contains("love");
        // the same reaction redelivered gets the same id, so the inbox stores it once
        assertThat(parse("""
                {"object":"page","entry":[{"id":"PAGE_ID","time":1,"messaging":[
                 {"sender":{"id":"PSID_1"},"recipient":{"id":"PAGE_ID"},"timestamp":1458668856464,"reaction":{"mid":"mid.1","action":"react","reaction":"love"}}]}]}""")
                .get(0).externalId()).isEqualTo(messages.get(0).externalId());
    }

    @Test
    void stickerAndStoryReplyAreCustomerMessagesWithPlaceholders() {
        List<InboundMessage> messages = parse("""
                {"object":"instagram","entry":[{"id":"IG_ID","time":1,"messaging":[
                 {"sender":{"id":"IGSID_1"},"recipient":{"id":"IG_ID"},"timestamp":1700000000000,"message":{"mid":"m1",
                  "attachments":[{"type":"image","payload":{"url":"https://cdn/sticker.png","sticker_id":369239263222822}}]}},
                 {"sender":{"id":"IGSID_1"},"recipient":{"id":"IG_ID"},"timestamp":1700000000001,"message":{"mid":"m2",
                  "reply_to":{"story":{"url":"https://cdn/story.mp4","id":"st1"}}}},
                 {"sender":{"id":"IGSID_1"},"recipient":{"id":"IG_ID"},"timestamp":1700000000002,"message":{"mid":"m3","is_unsupported":true}}]}]}""");
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.kind()).isEqualTo(MessageKind.MESSAGE);
            assertThat(m.channel()).isEqualTo("instagram");
            assertThat(m.conversationKey()).isEqualTo("igsid:IGSID_1");
        });
        assertThat(messages.get(0).attachments()).extracting(a -> a.mediaType()).containsExactly("sticker");
        assertThat(messages.get(1).text()).isEqualTo("[story reply]");
        assertThat(messages.get(1).attachments()).extracting(a -> a.mediaType()).containsExactly("story");
        assertThat(messages.get(2).text()).isEqualTo("[unsupported message]");
    }

    @Test
    void pageCommentsThreadUnderTheirTopLevelComment() {
        List<InboundMessage> messages = parse("""
                {"object":"page","entry":[{"id":"PAGE_ID","time":1700000000,"changes":[
                 {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"POST_1_C1","post_id":"PAGE_ID_POST_1",
                  "parent_id":"PAGE_ID_POST_1","from":{"id":"U1","name":"Jane Doe"},"message":"Where is my refund?","created_time":1700000000}},
                 {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"POST_1_C2","post_id":"PAGE_ID_POST_1",
                  "parent_id":"POST_1_C1","from":{"id":"U1","name":"Jane Doe"},"message":"Hello?","created_time":1700000100}},
                 {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"POST_1_C3","post_id":"PAGE_ID_POST_1",
                  "parent_id":"POST_1_C1","from":{"id":"PAGE_ID","name":"Acme"},"message":"On its way","created_time":1700000200}},
                 {"field":"feed","value":{"item":"reaction","verb":"add","reaction_type":"like","from":{"id":"U2"}}},
                 {"field":"feed","value":{"item":"comment","verb":"edited","comment_id":"POST_1_C1","from":{"id":"U1"}}}]}]}""");
        assertThat(messages).hasSize(5);
        assertThat(messages).extracting(InboundMessage::kind).containsExactly(MessageKind.COMMENT, MessageKind.COMMENT,
                MessageKind.ECHO, MessageKind.UNSUPPORTED, MessageKind.EDIT);
        messages = messages.subList(0, 3);
        assertThat(messages).extracting(InboundMessage::conversationKey).containsOnly("comment:POST_1_C1");
        InboundMessage first = messages.get(0);
        assertThat(first.channel()).isEqualTo("facebook");
        assertThat(first.visibility()).isEqualTo(MessageVisibility.PUBLIC);
        assertThat(first.author().displayName()).contains("Jane Doe");
        assertThat(first.createdAt()).isEqualTo(Instant.ofEpochSecond(1700000000));
        assertThat(messages.get(1).inReplyToId()).contains("POST_1_C1");
    }

    @Test
    void instagramCommentsAndUnknownFields() {
        List<InboundMessage> messages = parse("""
                {"object":"instagram","entry":[{"id":"IG_ID","time":1700000000,"changes":[
                 {"field":"comments","value":{"id":"17865799348089039","text":"@acme broken zip",
                  "from":{"id":"IGU1","username":"jane.ig"},"media":{"id":"M1","media_product_type":"FEED"}}},
                 {"field":"story_insights","value":{"media_id":"M2","reach":3}}]}]}""");
        assertThat(messages.get(0).kind()).isEqualTo(MessageKind.COMMENT);
        assertThat(messages.get(0).author().handle()).contains("jane.ig");
        assertThat(messages.get(0).conversationKey()).isEqualTo("igcomment:17865799348089039");
        assertThat(messages.get(1).kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(messages.get(1).rawType()).contains("instagram.changes.story_insights");
    }

    @Test
    void malformedBodiesAreRefused() {
        assertThatThrownBy(() -> parse("{\"object\":\"page\"}")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> parse("{\"object\":\"page\",\"entry\":[{\"messaging\":[{\"message\":{\"text\":\"no mid\"}}]}]}"))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> parse("nope")).isInstanceOf(MalformedEventException.class);
    }
}
