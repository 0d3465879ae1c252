package dev.parley.social.meta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MediaAttachment;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;

/**
 * Every Messenger / Instagram / Page feed event kind in the shape Meta documents it (Messenger
 * Platform webhook event reference, Instagram messaging and Graph API webhooks), each with its
 * deliberate outcome (docs/PLATFORMS-COVERAGE.md).
 */
class MetaEventKindsTest {

    static final SocialAccount PAGE = new SocialAccount("acme-fb", "meta", "PAGE_ID", null, null,
            Optional.of("FAKE_SECRET"), Optional.of("meatyhamhock"), null, ReceiveMode.WEBHOOK, null);

    private final MetaWebhookParser parser = new MetaWebhookParser();

    private List<InboundMessage> page(String messaging) {
        return parse("{\"object\":\"page\",\"entry\":[{\"id\":\"PAGE_ID\",\"time\":1458692752478,\"messaging\":["
                + messaging + "]}]}");
    }

    private List<InboundMessage> parse(String json) {
        return parser.parse(PAGE, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String from(String psid, long ts, String event) {
        return "{\"sender\":{\"id\":\"" + psid + "\"},\"recipient\":{\"id\":\"PAGE_ID\"},\"timestamp\":" + ts + ","
                + event + "}";
    }

    @Test
    void attachmentsOfEveryTypeKeepTheirKindAndLocationsAndSharesGetAText() {
        List<InboundMessage> messages = page(String.join(",",
                from("P1", 1, "\"message\":{\"mid\":\"m.img\",\"attachments\":[{\"type\":\"image\",\"payload\":{\"url\":\"https://scontent.xx.fbcdn.net/i.jpg\"}}]}"),
                from("P1", 2, "\"message\":{\"mid\":\"m.vid\",\"attachments\":[{\"type\":\"video\",\"payload\":{\"url\":\"https://video.xx.fbcdn.net/v.mp4\"}}]}"),
                from("P1", 3, "\"message\":{\"mid\":\"m.aud\",\"attachments\":[{\"type\":\"audio\",\"payload\":{\"url\":\"https://cdn.fbsbx.com/a.mp4\"}}]}"),
                from("P1", 4, "\"message\":{\"mid\":\"m.file\",\"attachments\":[{\"type\":\"file\",\"payload\":{\"url\":\"https://cdn.fbsbx.com/f.pdf\"}}]}"),
                from("P1", 5, "\"message\":{\"mid\":\"m.loc\",\"attachments\":[{\"type\":\"location\",\"title\":\"Pinned Location\",\"payload\":{\"coordinates\":{\"lat\":52.52,\"long\":13.405}}}]}"),
                from("P1", 6, "\"message\":{\"mid\":\"m.share\",\"attachments\":[{\"type\":\"share\",\"payload\":{\"url\":\"https://www.instagram.com/p/abc\"}}]}"),
                from("P1", 7, "\"message\":{\"mid\":\"m.fallback\",\"attachments\":[{\"type\":\"fallback\",\"title\":\"Acme shop\",\"URL\":\"https://acme.example\",\"payload\":null}]}")));
        assertThat(messages).allSatisfy(m -> assertThat(m.kind()).isEqualTo(MessageKind.MESSAGE));
        assertThat(messages.subList(0, 4)).extracting(m -> m.attachments().get(0).mediaType())
                .containsExactly("image", "video", "audio", "file");
        assertThat(messages.get(4).text()).isEqualTo("[Pinned Location: 52.52, 13.405]");
        assertThat(messages.get(5).attachments()).extracting(MediaAttachment::mediaType).containsExactly("share");
        assertThat(messages.get(5).text()).isEqualTo("[shared a post]");
        assertThat(messages.get(6).text()).isEqualTo("[shared Acme shop]");
    }

    @Test
    void instagramStoryMentionAndStoryReplyAreCustomerMessages() {
        List<InboundMessage> messages = parse("""
                {"object":"instagram","entry":[{"id":"IG_ID","time":1,"messaging":[
                 {"sender":{"id":"IGSID_1"},"recipient":{"id":"IG_ID"},"timestamp":1700000000000,"message":{"mid":"m.sm",
                  "attachments":[{"type":"story_mention","payload":{"url":"https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1"}}]}},
                 {"sender":{"id":"IGSID_1"},"recipient":{"id":"IG_ID"},"timestamp":1700000000001,"message":{"mid":"m.sr",
                  "text":"love this","reply_to":{"story":{"url":"https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=2","id":"st1"}}}}]}]}""");
        assertThat(messages.get(0).text()).isEqualTo("[mentioned you in their story]");
        assertThat(messages.get(0).attachments()).extracting(MediaAttachment::mediaType).containsExactly("story_mention");
        assertThat(messages.get(1).text()).isEqualTo("love this");
        assertThat(messages.get(1).attachments()).extracting(MediaAttachment::mediaType).containsExactly("story");
    }

    @Test
    void postbackShowsTheButtonTitleAndKeepsThePayload() {
        InboundMessage m = page(from("P1", 1458692752478L,
                "\"postback\":{\"mid\":\"m.pb\",\"title\":\"Track my order\",\"payload\":\"TRACK_ORDER\","
                        + "\"referral\":{\"ref\":\"spring\",\"source\":\"SHORTLINK\",\"type\":\"OPEN_THREAD\"}}")).get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(m.externalId()).isEqualTo("m.pb");
        assertThat(m.text()).isEqualTo("Track my order");
        assertThat(m.property(InboundMessage.PAYLOAD)).contains("TRACK_ORDER");
        assertThat(m.property(InboundMessage.REFERRAL_REF)).contains("spring");
        assertThat(m.rawType()).contains("messenger.postback");
    }

    @Test
    void quickReplyTapIsTheTextWithItsPayload() {
        InboundMessage m = page(from("P1", 1,
                "\"message\":{\"mid\":\"m.qr\",\"text\":\"Yes\",\"quick_reply\":{\"payload\":\"CONFIRM_YES\"}}")).get(0);
        assertThat(m.text()).isEqualTo("Yes");
        assertThat(m.property(InboundMessage.PAYLOAD)).contains("CONFIRM_YES");
    }

    @Test
    void referralIsContextNotAMessage() {
        InboundMessage m = page(from("P1", 1458692752478L,
                "\"referral\":{\"ref\":\"summer-ad\",\"ad_id\":\"6045246247433\",\"source\":\"ADS\",\"type\":\"OPEN_THREAD\"}"))
                .get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.REFERRAL);
        assertThat(m.conversationKey()).isEqualTo("psid:P1");
        assertThat(m.properties()).containsEntry(InboundMessage.REFERRAL_SOURCE, "ADS")
                .containsEntry(InboundMessage.REFERRAL_AD_ID, "6045246247433")
                .containsEntry(InboundMessage.REFERRAL_REF, "summer-ad");
    }

    @Test
    void reactionAndUnreactPointAtTheMessage() {
        List<InboundMessage> messages = page(String.join(",",
                from("P1", 10, "\"reaction\":{\"reaction\":\"love\",\"emoji\":\"\\u2764\\ufe0f\",\"action\":\"react\",\"mid\":\"m.1\"}"),
                from("P1", 11, "\"reaction\":{\"action\":\"unreact\",\"mid\":\"m.1\"}")));
        assertThat(messages).extracting(InboundMessage::kind).containsOnly(MessageKind.REACTION);
        assertThat(messages.get(0).property(InboundMessage.REACTION)).contains("❤️");
        assertThat(messages.get(1).property(InboundMessage.REACTION_ACTION)).contains("unreact");
        assertThat(messages.get(0).externalId()).isNotEqualTo(messages.get(1).externalId());
    }

    @Test
    void unsendRetractsTheStoredMessageAndIsNeverAMessage() {
        InboundMessage m = parse("""
                {"object":"instagram","entry":[{"id":"IG_ID","time":1,"messaging":[
                 {"sender":{"id":"IGSID_1"},"recipient":{"id":"IG_ID"},"timestamp":1700000000000,
                  "message":{"mid":"m.gone","is_deleted":true}}]}]}""").get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.RETRACTION);
        assertThat(m.property(InboundMessage.TARGET_ID)).contains("m.gone");
        assertThat(m.externalId()).isEqualTo("unsend:m.gone");
    }

    @Test
    void editCarriesTheNewTextForTheMessage() {
        InboundMessage m = page(from("P1", 1458668856463L,
                "\"message_edit\":{\"mid\":\"m.1\",\"text\":\"the blue one, not red\",\"num_edit\":1}")).get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.EDIT);
        assertThat(m.text()).isEqualTo("the blue one, not red");
        assertThat(m.property(InboundMessage.TARGET_ID)).contains("m.1");
        assertThat(m.externalId()).isEqualTo("edit:m.1:1");
    }

    @Test
    void standbyMessagesAreRecordedAsAnotherAppsThread() {
        List<InboundMessage> messages = parse("""
                {"object":"page","entry":[{"id":"PAGE_ID","time":1458692752478,"standby":[
                 {"sender":{"id":"P1"},"recipient":{"id":"PAGE_ID"},"timestamp":1458692752478,
                  "message":{"mid":"m.sb","text":"is anyone there?"}}]}]}""");
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(MessageKind.MESSAGE);
            assertThat(m.text()).isEqualTo("is anyone there?");
            assertThat(m.property(InboundMessage.STANDBY)).contains("true");
        });
    }

    @Test
    void echoFromAnotherAppKeepsItsOrigin() {
        InboundMessage m = page("""
                {"sender":{"id":"PAGE_ID"},"recipient":{"id":"P1"},"timestamp":1458692752478,
                 "message":{"is_echo":true,"app_id":263902037430900,"mid":"m.native","text":"Answered from Business Suite"}}""")
                .get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.ECHO);
        assertThat(m.conversationKey()).isEqualTo("psid:P1");
        assertThat(m.property(InboundMessage.ORIGIN_APP)).contains("263902037430900");
    }

    @Test
    void pageCommentsAddEditRemoveWithAndWithoutFrom() {
        List<InboundMessage> messages = parse("""
                {"object":"page","entry":[{"id":"PAGE_ID","time":1700000000,"changes":[
                 {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"POST_1_C1","post_id":"PAGE_ID_POST_1",
                  "parent_id":"PAGE_ID_POST_1","message":"no from here","created_time":1700000000}},
                 {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"POST_1_C2","post_id":"PAGE_ID_POST_1",
                  "parent_id":"PAGE_ID_POST_1","message":"nor here","created_time":1700000001}},
                 {"field":"feed","value":{"item":"comment","verb":"edited","comment_id":"POST_1_C1","post_id":"PAGE_ID_POST_1",
                  "parent_id":"PAGE_ID_POST_1","message":"edited text","created_time":1700000002}},
                 {"field":"feed","value":{"item":"comment","verb":"remove","comment_id":"POST_1_C2","post_id":"PAGE_ID_POST_1",
                  "parent_id":"PAGE_ID_POST_1","created_time":1700000003}},
                 {"field":"feed","value":{"item":"comment","verb":"hide","comment_id":"POST_1_C2","post_id":"PAGE_ID_POST_1",
                  "created_time":1700000004}}]}]}""");
        assertThat(messages).extracting(InboundMessage::kind).containsExactly(MessageKind.COMMENT, MessageKind.COMMENT,
                MessageKind.EDIT, MessageKind.RETRACTION, MessageKind.UNSUPPORTED);
        // one anonymous author per comment, never one shared "unknown"
        assertThat(messages.get(0).author().platformId()).isEqualTo("anonymous:POST_1_C1");
        assertThat(messages.get(1).author().platformId()).isEqualTo("anonymous:POST_1_C2");
        assertThat(messages.get(0).property(InboundMessage.ANONYMOUS)).contains("true");
        // ... until the Graph API names the author (MetaCommentAuthors): the comment's id is kept for it
        assertThat(messages.get(0).property(InboundMessage.NEEDS_LOOKUP)).contains("true");
        assertThat(messages.get(0).property(MetaCommentAuthors.COMMENT_ID)).contains("POST_1_C1");
        assertThat(messages.get(2).property(InboundMessage.TARGET_ID)).contains("POST_1_C1");
        assertThat(messages.get(2).text()).isEqualTo("edited text");
        assertThat(messages.get(3).property(InboundMessage.TARGET_ID)).contains("POST_1_C2");
        assertThat(messages.get(4).rawType()).contains("feed.comment.hide");
    }

    @Test
    void instagramMentionsInCaptionsAndCommentsArePublicTickets() {
        List<InboundMessage> messages = parse("""
                {"object":"instagram","entry":[{"id":"IG_ID","time":1700000000,"changes":[
                 {"field":"mentions","value":{"media_id":"17887498072083520","comment_id":"17894227972186120"}},
                 {"field":"mentions","value":{"media_id":"17887498072083521"}}]}]}""");
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.kind()).isEqualTo(MessageKind.COMMENT);
            assertThat(m.visibility()).isEqualTo(MessageVisibility.PUBLIC);
            assertThat(m.channel()).isEqualTo("instagram");
            assertThat(m.property(InboundMessage.NEEDS_LOOKUP)).contains("true");
        });
        assertThat(messages.get(0).externalId()).isEqualTo("mention:17894227972186120");
        assertThat(messages.get(1).externalId()).isEqualTo("mention:17887498072083521");
        assertThat(messages.get(0).author().platformId()).isNotEqualTo(messages.get(1).author().platformId());
    }
}
