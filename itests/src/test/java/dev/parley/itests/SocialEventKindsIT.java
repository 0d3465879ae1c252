package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.Visibility;

/**
 * Every event kind Meta and X document, signed and posted to the real webhook endpoint, each with
 * its deliberate outcome on the tickets (docs/PLATFORMS-COVERAGE.md): nothing parked, nothing 5xx,
 * what is not acted on counted per kind in GET /api/social/inbox.
 */
@RunWith(PaxExam.class)
public class SocialEventKindsIT extends ParleyTestSupport {

    private static final String PAGE = SignedWebhooks.META_PAGE_ID;
    private static final String X_USER = SignedWebhooks.X_USER_ID;

    @Inject
    private TicketService tickets;

    private SignedWebhooks webhooks() {
        api();
        SignedWebhooks hooks = new SignedWebhooks(httpPort());
        hooks.awaitVerified("the sandbox Meta account", "/webhooks/meta/"
                + SignedWebhooks.META_ACCOUNT + "?hub.mode=subscribe&hub.challenge=1&hub.verify_token="
                + SignedWebhooks.META_VERIFY_TOKEN, Duration.ofSeconds(30));
        hooks.awaitVerified("the sandbox X account", "/webhooks/x/" + SignedWebhooks.X_ACCOUNT + "?crc_token=ready", Duration.ofSeconds(30));
        return hooks;
    }

    private static String page(String field, String... items) {
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE + "\",\"time\":" + System.currentTimeMillis() + ",\""
                + field + "\":[" + String.join(",", items) + "]}]}";
    }

    private static String from(String psid, String event) {
        return "{\"sender\":{\"id\":\"" + psid + "\"},\"recipient\":{\"id\":\"" + PAGE + "\"},\"timestamp\":"
                + System.currentTimeMillis() + "," + event + "}";
    }

    private static String echo(String psid, String mid, String appId, String text) {
        return "{\"sender\":{\"id\":\"" + PAGE + "\"},\"recipient\":{\"id\":\"" + psid + "\"},\"timestamp\":"
                + System.currentTimeMillis() + ",\"message\":{\"is_echo\":true,\"app_id\":" + appId + ",\"mid\":\"" + mid
                + "\",\"text\":\"" + text + "\"}}";
    }

    private static void accepted(java.net.http.HttpResponse<String> response) {
        assertEquals("webhook answer: " + response.body(), 200, response.statusCode());
    }

    private Message awaitMessage(String channel, String externalId) {
        return Await.until("message " + externalId + " on a ticket", Duration.ofSeconds(20),
                () -> tickets.findMessage(channel, externalId).orElse(null));
    }

    private Message awaitProperty(String channel, String externalId, String key, String value) {
        return Await.until(key + "=" + value + " on " + externalId, Duration.ofSeconds(20),
                () -> tickets.findMessage(channel, externalId)
                        .filter(m -> value == null ? !m.properties().containsKey(key) : value.equals(m.properties().get(key)))
                        .orElse(null));
    }

    /** The ticket's FIRST_REPLY SLA state, once it is {@code expected} (or once there is one, if null). */
    private String firstReplyState(long ticketId, String expected) {
        return Await.until("FIRST_REPLY of ticket " + ticketId + (expected == null ? "" : " " + expected),
                Duration.ofSeconds(20), () -> {
                    ApiClient.Reply reply = api().get("/api/sla/tickets/" + ticketId);
                    if (reply.status() != 200) {
                        return null;
                    }
                    for (JsonNode target : reply.json().path("targets")) {
                        String state = target.path("state").asText();
                        if (target.path("target").asText().equals("FIRST_REPLY")
                                && (expected == null || expected.equals(state))) {
                            return state;
                        }
                    }
                    return null;
                });
    }

    private JsonNode inbox() {
        return api().get("/api/social/inbox").json();
    }

    @Test
    public void messengerKindsEachHaveTheirOutcome() {
        SignedWebhooks hooks = webhooks();
        String psid = "ek-psid-1";
        accepted(hooks.postMeta(page("messaging", from(psid, "\"message\":{\"mid\":\"ek.m1\",\"text\":\"the red one\","
                + "\"attachments\":[{\"type\":\"image\",\"payload\":{\"url\":\"https://scontent.xx.fbcdn.net/v/red.jpg\"}}]}"))));
        Message first = awaitMessage("messenger", "ek.m1");
        long ticket = first.ticketId();

        // postback and quick reply: the customer's words are the button title, the payload is kept
        accepted(hooks.postMeta(page("messaging", from(psid,
                "\"postback\":{\"mid\":\"ek.pb\",\"title\":\"See the catalogue\",\"payload\":\"CATALOGUE\"}"),
                from(psid, "\"message\":{\"mid\":\"ek.qr\",\"text\":\"Yes\",\"quick_reply\":{\"payload\":\"CONFIRM_YES\"}}"))));
        Message postback = awaitMessage("messenger", "ek.pb");
        assertEquals("See the catalogue", postback.text());
        assertEquals("CATALOGUE", postback.properties().get("social.payload"));
        assertEquals("CONFIRM_YES", awaitMessage("messenger", "ek.qr").properties().get("social.payload"));
        assertEquals(ticket, postback.ticketId());

        // reaction on the first message, reads and deliveries quietly left out
        accepted(hooks.postMeta(page("messaging",
                from(psid, "\"reaction\":{\"mid\":\"ek.m1\",\"action\":\"react\",\"reaction\":\"love\",\"emoji\":\"\\u2764\\ufe0f\"}"),
                from(psid, "\"read\":{\"watermark\":" + System.currentTimeMillis() + "}"),
                from(psid, "\"delivery\":{\"mids\":[\"ek.m1\"],\"watermark\":" + System.currentTimeMillis() + "}"))));
        awaitProperty("messenger", "ek.m1", "social.reaction", "❤️");

        // an edit keeps the previous text; an unsend erases text and attachments
        accepted(hooks.postMeta(page("messaging",
                from(psid, "\"message_edit\":{\"mid\":\"ek.qr\",\"text\":\"Yes please\",\"num_edit\":1}"))));
        Message edited = awaitProperty("messenger", "ek.qr", "social.previousText.1", "Yes");
        assertEquals("Yes please", edited.text());
        accepted(hooks.postMeta(page("messaging", from(psid, "\"message\":{\"mid\":\"ek.m1\",\"is_deleted\":true}"))));
        Message unsent = Await.until("ek.m1 retracted", Duration.ofSeconds(20), () -> tickets.findMessage("messenger", "ek.m1")
                .filter(m -> m.properties().containsKey("social.retractedAt")).orElse(null));
        assertEquals("[The customer unsent this message]", unsent.text());
        assertTrue(unsent.attachments().isEmpty());

        // a reply sent from Meta Business Suite: recorded as outgoing with its origin, the reply for the SLA
        // (no text above asks a question the FAQ auto-reply answers, so no reply came before this one)
        assertEquals("no reply before the app's: " + tickets.get(ticket).orElseThrow().messages().stream()
                .map(m -> m.direction() + "/" + m.author().kind() + "/" + m.delivery() + " " + m.text()).toList()
                + " sla " + api().get("/api/sla/tickets/" + ticket).body(), "ON_TRACK", firstReplyState(ticket, null));
        accepted(hooks.postMeta(page("messaging", echo(psid, "ek.native", "263902037430900", "Answered from the app"))));
        Message outgoing = awaitMessage("messenger", "ek.native");
        assertEquals(ticket, outgoing.ticketId());
        assertEquals(Direction.OUTBOUND, outgoing.direction());
        assertEquals(DeliveryState.SENT, outgoing.delivery());
        assertEquals("app 263902037430900", outgoing.properties().get("social.origin"));
        assertEquals("MET", firstReplyState(ticket, "MET"));

        // standby: recorded and marked as another app's thread
        accepted(hooks.postMeta(page("standby", from(psid, "\"message\":{\"mid\":\"ek.sb\",\"text\":\"bot?\"}"))));
        assertEquals("true", awaitMessage("messenger", "ek.sb").properties().get("social.standby"));

        Ticket after = tickets.get(ticket).orElseThrow();
        assertEquals("one ticket for all of it", 5, after.messages().stream()
                .filter(m -> m.author().kind() != dev.parley.helpdesk.api.AuthorKind.BOT).count());
        assertEquals(0, inbox().path("parked").asLong());
    }

    @Test
    public void referralsAndEchoesBeforeTheFirstMessageOpenNoTicket() {
        SignedWebhooks hooks = webhooks();
        String psid = "ek-psid-2";
        // the Page writes first (from its inbox app): nothing to put it on, so no ticket, nothing parked
        accepted(hooks.postMeta(page("messaging", echo("ek-psid-3", "ek.early", "263902037430900", "Hi, saw your order"))));
        accepted(hooks.postMeta(page("messaging", from(psid,
                "\"referral\":{\"ref\":\"summer\",\"ad_id\":\"6045246247433\",\"source\":\"ADS\",\"type\":\"OPEN_THREAD\"}"))));
        accepted(hooks.postMeta(page("messaging", from(psid, "\"message\":{\"mid\":\"ek.r1\",\"text\":\"offer still on?\"}"))));
        Message first = awaitMessage("messenger", "ek.r1");
        assertEquals("6045246247433", first.properties().get("social.referral.adId"));
        assertEquals(1, tickets.get(first.ticketId()).orElseThrow().messages().size());
        assertTrue(tickets.findMessage("messenger", "ek.early").isEmpty());
        assertEquals(0, inbox().path("parked").asLong());
    }

    @Test
    public void pageFeedAndInstagramKinds() {
        SignedWebhooks hooks = webhooks();
        String post = PAGE + "_ekpost";
        String change = "{\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"verb\":\"%s\",\"comment_id\":\"%s\","
                + "\"post_id\":\"" + post + "\",\"parent_id\":\"%s\",%s\"message\":\"%s\",\"created_time\":"
                + System.currentTimeMillis() / 1000 + "}}";
        accepted(hooks.postMeta(page("changes",
                change.formatted("add", "ek_c1", post, "", "no from 1"),
                change.formatted("add", "ek_c2", post, "", "no from 2"),
                change.formatted("add", "ek_c3", "ek_c1", "\"from\":{\"id\":\"" + PAGE + "\",\"name\":\"Acme\"},", "DM us"),
                change.formatted("edited", "ek_c2", post, "", "no from 2, order 55"))));
        Message c1 = awaitMessage("facebook", "ek_c1");
        Message c2 = awaitMessage("facebook", "ek_c2");
        Ticket t1 = tickets.get(c1.ticketId()).orElseThrow();
        Ticket t2 = tickets.get(c2.ticketId()).orElseThrow();
        assertFalse("one anonymous requester per comment", t1.requester().id() == t2.requester().id());
        Message pageReply = awaitMessage("facebook", "ek_c3");
        assertEquals(Direction.OUTBOUND, pageReply.direction());
        assertEquals(t1.id(), pageReply.ticketId());
        Await.condition("ek_c2 edited", Duration.ofSeconds(20),
                () -> tickets.findMessage("facebook", "ek_c2").orElseThrow().text().equals("no from 2, order 55"));
        accepted(hooks.postMeta(page("changes", change.formatted("remove", "ek_c1", post, "", ""))));
        Await.condition("ek_c1 removed", Duration.ofSeconds(20), () -> tickets.findMessage("facebook", "ek_c1")
                .orElseThrow().properties().containsKey("social.retractedAt"));

        String ig = "{\"object\":\"instagram\",\"entry\":[{\"id\":\"" + PAGE + "\",\"time\":" + System.currentTimeMillis()
                + ",\"changes\":[{\"field\":\"mentions\",\"value\":{\"media_id\":\"ek-media-1\",\"comment_id\":\"ek-igc-1\"}}]}]}";
        accepted(hooks.postMeta(ig));
        Message mention = awaitMessage("instagram", "mention:ek-igc-1");
        assertEquals(Visibility.PUBLIC, mention.visibility());
        // the Graph API does not know this mention: the placeholder stays, with Meta's reason, and is retried
        Message unresolved = Await.until("the failed lookup recorded on the mention", Duration.ofSeconds(20),
                () -> tickets.findMessage("instagram", "mention:ek-igc-1")
                        .filter(m -> m.properties().containsKey("social.lookupError")).orElse(null));
        assertEquals("true", unresolved.properties().get("social.needsLookup"));
        assertTrue(unresolved.properties().get("social.lookupError"),
                unresolved.properties().get("social.lookupError").startsWith("Meta answered 400 to the mentioned_comment lookup"));
        assertTrue(unresolved.text().startsWith("[mentioned you in a comment on media ek-media-1]"));
        assertEquals(0, inbox().path("parked").asLong());
    }

    @Test
    public void xKindsEachHaveTheirOutcomeAndTheRestIsCountedNotParked() {
        SignedWebhooks hooks = webhooks();
        String user = "700000077";
        String tweet = "{\"for_user_id\":\"" + X_USER + "\",\"tweet_create_events\":[{\"id_str\":\"ek-t1\","
                + "\"timestamp_ms\":\"" + System.currentTimeMillis() + "\",\"truncated\":true,\"text\":\"@acme short...\","
                + "\"user\":{\"id_str\":\"" + user + "\",\"screen_name\":\"vid\",\"name\":\"Vid Eo\"},"
                + "\"extended_tweet\":{\"full_text\":\"@acme the whole story of the broken zipper\",\"extended_entities\":"
                + "{\"media\":[{\"type\":\"video\",\"media_url_https\":\"https://pbs.twimg.com/thumb.jpg\",\"video_info\":"
                + "{\"variants\":[{\"bitrate\":832000,\"content_type\":\"video/mp4\",\"url\":\"https://video.twimg.com/lo.mp4\"},"
                + "{\"bitrate\":2176000,\"content_type\":\"video/mp4\",\"url\":\"https://video.twimg.com/hi.mp4\"}]}}]}}}]}";
        accepted(hooks.postX(tweet));
        Message t1 = awaitMessage("x", "ek-t1");
        assertEquals("@acme the whole story of the broken zipper", t1.text());
        assertEquals(List.of("https://video.twimg.com/hi.mp4"), t1.attachments().stream().map(a -> a.url()).toList());

        // a DM sent from the X app is recorded as outgoing on the customer's DM ticket
        accepted(hooks.postX(SignedWebhooks.xDirectMessage("ek-dm1", user, "vid", "hello")));
        Message dm = awaitMessage("x", "ek-dm1");
        accepted(hooks.postX("{\"for_user_id\":\"" + X_USER + "\",\"direct_message_events\":[{\"type\":\"message_create\","
                + "\"id\":\"ek-dm-native\",\"created_timestamp\":\"" + System.currentTimeMillis() + "\",\"message_create\":"
                + "{\"target\":{\"recipient_id\":\"" + user + "\"},\"sender_id\":\"" + X_USER + "\",\"source_app_id\":\"3033300\","
                + "\"message_data\":{\"text\":\"answered on my phone\"}}}]}"));
        Message native_ = awaitMessage("x", "ek-dm-native");
        assertEquals(dm.ticketId(), native_.ticketId());
        assertEquals(Direction.OUTBOUND, native_.direction());

        long favoritesBefore = inbox().path("ignored").path("favorite_events").asLong(0);
        accepted(hooks.postX("{\"for_user_id\":\"" + X_USER + "\",\"tweet_delete_events\":[{\"status\":{\"id\":\"ek-t1\","
                + "\"user_id\":\"" + user + "\"},\"timestamp_ms\":\"" + System.currentTimeMillis() + "\"}],"
                + "\"favorite_events\":[{\"id\":\"ek-fav-1\",\"favorited_status\":{\"id_str\":\"1\"},\"user\":{\"id_str\":\"" + user + "\"}}],"
                + "\"follow_events\":[{\"type\":\"follow\",\"created_timestamp\":\"1517588749178\",\"target\":{\"id\":\"" + X_USER
                + "\"},\"source\":{\"id\":\"" + user + "\"}}],"
                + "\"tweet_create_events\":[{\"id_str\":\"ek-rt\",\"text\":\"RT @acme: news\",\"retweeted_status\":{\"id_str\":\"1\"},"
                + "\"user\":{\"id_str\":\"" + user + "\",\"screen_name\":\"vid\"}}],"
                + "\"tweet_vote_events\":[{\"id\":\"ek-vote\"}]}"));
        Await.condition("ek-t1 retracted", Duration.ofSeconds(20), () -> tickets.findMessage("x", "ek-t1").orElseThrow()
                .properties().containsKey("social.retractedAt"));
        assertTrue(tickets.findMessage("x", "ek-t1").orElseThrow().attachments().isEmpty());
        Await.condition("likes, follows, retweets and unknown kinds counted", Duration.ofSeconds(20), () -> {
            JsonNode ignored = inbox().path("ignored");
            return ignored.path("favorite_events").asLong(0) == favoritesBefore + 1
                    && ignored.path("follow_events").asLong(0) >= 1 && ignored.path("retweet").asLong(0) >= 1
                    && ignored.path("tweet_vote_events").asLong(0) >= 1;
        });
        assertTrue(tickets.findMessage("x", "retweet:ek-rt").isEmpty());
        assertEquals(0, inbox().path("parked").asLong());
    }

    /** What a new user does on /sandbox/: the sandbox sends each kind the way Meta and X would. */
    @Test
    public void theSandboxSendsEachKindAUserCanTry() {
        webhooks();
        ApiClient api = api();
        JsonNode dm = sandbox(api, "{\"platform\":\"meta\",\"kind\":\"dm\",\"authorHandle\":\"sandy\",\"text\":\"hi\"}");
        String mid = dm.path("id").asText();
        long ticket = awaitMessage("messenger", mid).ticketId();
        JsonNode postback = sandbox(api, "{\"platform\":\"meta\",\"kind\":\"postback\",\"authorHandle\":\"sandy\","
                + "\"text\":\"See the catalogue\",\"payload\":\"TRACK\"}");
        assertEquals("TRACK", awaitMessage("messenger", postback.path("id").asText()).properties().get("social.payload"));
        sandbox(api, "{\"platform\":\"meta\",\"kind\":\"reaction\",\"authorHandle\":\"sandy\",\"text\":\"👍\","
                + "\"inReplyTo\":\"" + mid + "\"}");
        awaitProperty("messenger", mid, "social.reaction", "👍");
        JsonNode echo = sandbox(api, "{\"platform\":\"meta\",\"kind\":\"native_echo\",\"authorHandle\":\"sandy\","
                + "\"text\":\"Answered in Business Suite\"}");
        Message outgoing = awaitMessage("messenger", echo.path("id").asText());
        assertEquals(ticket, outgoing.ticketId());
        assertEquals(Direction.OUTBOUND, outgoing.direction());
        sandbox(api, "{\"platform\":\"meta\",\"kind\":\"unsend\",\"authorHandle\":\"sandy\",\"inReplyTo\":\"" + mid
                + "\"}");
        Await.condition("the sandbox's unsend retracted " + mid, Duration.ofSeconds(20), () -> tickets
                .findMessage("messenger", mid).orElseThrow().properties().containsKey("social.retractedAt"));
        JsonNode standby = sandbox(api, "{\"platform\":\"meta\",\"kind\":\"standby\",\"authorHandle\":\"sandy\","
                + "\"text\":\"bot?\"}");
        assertEquals("true", awaitMessage("messenger", standby.path("id").asText()).properties().get("social.standby"));
        JsonNode mention = sandbox(api, "{\"platform\":\"meta\",\"kind\":\"instagram_mention\","
                + "\"authorHandle\":\"jane.ig\",\"text\":\"@acme my cup arrived cracked\"}");
        assertEquals(Visibility.PUBLIC, awaitMessage("instagram", mention.path("id").asText()).visibility());
        // the webhook carried ids only; the text, author and link come from the Graph API's mentioned_comment
        Message found = awaitProperty("instagram", mention.path("id").asText(), "social.needsLookup", null);
        assertEquals("@acme my cup arrived cracked", found.text());
        assertEquals("jane.ig", found.author().name());
        assertEquals("jane.ig", found.properties().get("social.authorHandle"));
        assertTrue(found.properties().get("social.permalink").startsWith("https://www.instagram.com/p/"));
        Await.condition("the mention's ticket titled by its text, not the placeholder", Duration.ofSeconds(20),
                () -> tickets.get(found.ticketId()).orElseThrow().subject().equals("@acme my cup arrived cracked"));
        // a Page comment whose webhook has no from: the Graph API's comment node names its author
        JsonNode unnamed = sandbox(api, "{\"platform\":\"meta\",\"kind\":\"comment_without_from\","
                + "\"authorHandle\":\"pat.doe\",\"authorName\":\"Pat Doe\",\"text\":\"lid broke on day one\"}");
        Message named = awaitProperty("facebook", unnamed.path("id").asText(), "social.needsLookup", null);
        assertEquals("Pat Doe", named.author().name());
        assertEquals(null, named.properties().get("social.anonymous"));
        Ticket namedTicket = tickets.get(named.ticketId()).orElseThrow();
        assertEquals("Pat Doe", namedTicket.requester().displayName());
        assertEquals(named.properties().get("social.authorId"), namedTicket.requester().identities().stream()
                .filter(i -> i.channel().equals("facebook") && !i.externalId().startsWith("anonymous:"))
                .findFirst().orElseThrow().externalId());
        assertEquals("lid broke on day one", named.text());
        JsonNode caption = sandbox(api, "{\"platform\":\"meta\",\"kind\":\"instagram_caption_mention\","
                + "\"authorHandle\":\"cup.fan\",\"text\":\"Loving my new cup from acme\"}");
        Message captionFound = awaitProperty("instagram", caption.path("id").asText(), "social.needsLookup", null);
        assertEquals("Loving my new cup from acme", captionFound.text());
        assertEquals("cup.fan", captionFound.author().name());
        assertEquals(400, api.post("/sandbox/api/customer-posts",
                "{\"platform\":\"meta\",\"kind\":\"unsend\"}").status());
        assertEquals(0, inbox().path("parked").asLong());
    }

    private static JsonNode sandbox(ApiClient api, String body) {
        ApiClient.Reply reply = api.post("/sandbox/api/customer-posts?wait=true", body);
        assertEquals("sandbox answer: " + reply.body(), 200, reply.status());
        return reply.json();
    }
}
