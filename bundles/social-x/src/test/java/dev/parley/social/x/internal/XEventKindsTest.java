package dev.parley.social.x.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MediaAttachment;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;

/**
 * Every Account Activity event kind in the shape X documents it, each with its deliberate outcome
 * (docs/PLATFORMS-COVERAGE.md).
 */
class XEventKindsTest {

    static final SocialAccount ACME = new SocialAccount("acme", "x", "2244994945", Optional.of("acme"),
            Optional.of("secret"), null, null, null, ReceiveMode.WEBHOOK, null);

    private final XWebhookParser parser = new XWebhookParser();

    private List<InboundMessage> parse(String json) {
        return parser.parse(ACME, json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String JANE = "\"user\":{\"id_str\":\"6253282\",\"screen_name\":\"jane\",\"name\":\"Jane Doe\"}";

    @Test
    void extendedTweetUsesFullTextAndTheBestVideoVariantNotThePreview() {
        InboundMessage m = parse("""
                {"for_user_id":"2244994945","tweet_create_events":[{"id_str":"1","truncated":true,
                 "text":"@acme the zipper broke on day one and the replacement you sent...",
                 "timestamp_ms":"1700000000000",%s,
                 "extended_tweet":{"full_text":"@acme the zipper broke on day one and the replacement you sent has the same fault, see video",
                  "extended_entities":{"media":[{"type":"video","media_url_https":"https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/p.jpg",
                   "video_info":{"aspect_ratio":[16,9],"duration_millis":10704,"variants":[
                    {"bitrate":832000,"content_type":"video/mp4","url":"https://video.twimg.com/ext_tw_video/1/pu/vid/640x360/a.mp4"},
                    {"content_type":"application/x-mpegURL","url":"https://video.twimg.com/ext_tw_video/1/pu/pl/a.m3u8"},
                    {"bitrate":2176000,"content_type":"video/mp4","url":"https://video.twimg.com/ext_tw_video/1/pu/vid/1280x720/b.mp4"},
                    {"bitrate":256000,"content_type":"video/mp4","url":"https://video.twimg.com/ext_tw_video/1/pu/vid/320x180/c.mp4"}]}}]}}}]}"""
                .formatted(JANE)).get(0);
        assertThat(m.text()).endsWith("has the same fault, see video");
        assertThat(m.attachments()).containsExactly(new MediaAttachment("video",
                "https://video.twimg.com/ext_tw_video/1/pu/vid/1280x720/b.mp4"));
    }

    @Test
    void gifKeepsItsMp4AndPhotoItsPicture() {
        InboundMessage m = parse("""
                {"for_user_id":"2244994945","tweet_create_events":[{"id_str":"2","text":"@acme look",%s,
                 "extended_entities":{"media":[
                  {"type":"photo","media_url_https":"https://pbs.twimg.com/media/p.jpg"},
                  {"type":"animated_gif","media_url_https":"https://pbs.twimg.com/tweet_video_thumb/g.jpg",
                   "video_info":{"variants":[{"bitrate":0,"content_type":"video/mp4","url":"https://video.twimg.com/tweet_video/g.mp4"}]}}]}}]}"""
                .formatted(JANE)).get(0);
        assertThat(m.attachments()).containsExactly(new MediaAttachment("photo", "https://pbs.twimg.com/media/p.jpg"),
                new MediaAttachment("animated_gif", "https://video.twimg.com/tweet_video/g.mp4"));
    }

    @Test
    void quoteTweetIsACommentAndRetweetIsCountedNotATicket() {
        List<InboundMessage> messages = parse("""
                {"for_user_id":"2244994945","tweet_create_events":[
                 {"id_str":"3","text":"@acme this is still not fixed","is_quote_status":true,"quoted_status_id_str":"99",
                  "quoted_status":{"id_str":"99","text":"We fixed it!","user":{"id_str":"2244994945","screen_name":"acme"}},%s},
                 {"id_str":"4","text":"RT @acme: We fixed it!","retweeted_status":{"id_str":"99","text":"We fixed it!",
                  "user":{"id_str":"2244994945","screen_name":"acme"}},%s}]}""".formatted(JANE, JANE));
        assertThat(messages).extracting(InboundMessage::kind).containsExactly(MessageKind.COMMENT, MessageKind.UNSUPPORTED);
        assertThat(messages.get(1).rawType()).contains("retweet");
        assertThat(messages.get(1).externalId()).isEqualTo("retweet:4");
    }

    @Test
    void directMessageTakesTheSendersNameFromTheUsersMapAndItsVideo() {
        InboundMessage m = parse("""
                {"for_user_id":"4337869213","direct_message_events":[{"type":"message_create","id":"954491830116155396",
                 "created_timestamp":"1516403560557","message_create":{"target":{"recipient_id":"4337869213"},
                 "sender_id":"3001969357","source_app_id":"13090192","message_data":{"text":"Hello World! https://t.co/x",
                 "attachment":{"type":"media","media":{"id_str":"7","type":"video","media_url_https":"https://pbs.twimg.com/dm_video_thumb/7/t.jpg",
                  "video_info":{"variants":[{"bitrate":320000,"content_type":"video/mp4","url":"https://video.twimg.com/dm_video/7/lo.mp4"},
                   {"bitrate":2176000,"content_type":"video/mp4","url":"https://video.twimg.com/dm_video/7/hi.mp4"}]}}}}}}],
                 "users":{"3001969357":{"id":"3001969357","created_timestamp":"1422556069340","name":"Jordan Brinks",
                  "screen_name":"furiouscamper","followers_count":22,"verified":false}}}""")
                .get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(m.author().displayName()).contains("Jordan Brinks");
        assertThat(m.author().handle()).contains("furiouscamper");
        assertThat(m.attachments()).extracting(MediaAttachment::url).containsExactly("https://video.twimg.com/dm_video/7/hi.mp4");
    }

    @Test
    void dmSentFromTheXAppIsAnEchoWithItsApp() {
        InboundMessage m = parse("""
                {"for_user_id":"4337869213","direct_message_events":[{"type":"message_create","id":"954491830116155400",
                 "created_timestamp":"1516403560557","message_create":{"target":{"recipient_id":"3001969357"},
                 "sender_id":"4337869213","source_app_id":"3033300","message_data":{"text":"Answered on my phone"}}}]}""")
                .get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.ECHO);
        assertThat(m.conversationKey()).isEqualTo("dm:3001969357-4337869213");
        assertThat(m.property(InboundMessage.ORIGIN_APP)).contains("3033300");
    }

    @Test
    void deletedTweetRetractsTheStoredOne() {
        InboundMessage m = parse("""
                {"for_user_id":"2244994945","tweet_delete_events":[{"status":{"id":"1045405559317569537",
                 "user_id":"930524282358325248"},"timestamp_ms":"1432228155593"}]}""").get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.RETRACTION);
        assertThat(m.property(InboundMessage.TARGET_ID)).contains("1045405559317569537");
        assertThat(m.externalId()).isEqualTo("delete:1045405559317569537");
    }

    @Test
    void favoritesAndFollowsAreCountedNotTickets() {
        List<InboundMessage> messages = parse("""
                {"for_user_id":"2244994945",
                 "favorite_events":[{"id":"a7ba59eab0bfcba386f7acedac279542","created_at":"Mon Mar 26 16:33:26 +0000 2018",
                  "timestamp_ms":1522082006140,"favorited_status":{"id_str":"1","text":"hi","user":{"id_str":"2244994945"}},%s}],
                 "follow_events":[{"type":"follow","created_timestamp":"1517588749178",
                  "target":{"id":"2244994945","screen_name":"acme"},"source":{"id":"6253282","screen_name":"jane"}}]}"""
                .formatted(JANE));
        assertThat(messages).extracting(InboundMessage::kind).containsOnly(MessageKind.UNSUPPORTED);
        assertThat(messages).extracting(m -> m.rawType().orElseThrow()).containsExactly("favorite_events", "follow_events");
    }
}
