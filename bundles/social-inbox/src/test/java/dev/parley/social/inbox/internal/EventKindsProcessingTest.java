package dev.parley.social.inbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.AuthorKind;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.social.api.SocialProperties;

/**
 * Each event kind from the platforms' documented payloads, through the parsers, the real inbox and
 * this processor, to its stored outcome on the tickets.
 */
class EventKindsProcessingTest {

    private final ProcessorFixture f = new ProcessorFixture();
    private InboxProcessor processor = f.processor(ProcessorFixture.config(3, 7));

    @AfterEach
    void tearDown() {
        processor.stop();
        f.close();
    }

    private void drain() {
        while (processor.drainOnce() > 0) {
            // until nothing is due
        }
    }

    private static String page(String... messaging) {
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"PAGE_ID\",\"time\":1,\"messaging\":[" + String.join(",", messaging)
                + "]}]}";
    }

    private static String from(String psid, long ts, String event) {
        return "{\"sender\":{\"id\":\"" + psid + "\"},\"recipient\":{\"id\":\"PAGE_ID\"},\"timestamp\":" + ts + "," + event
                + "}";
    }

    private static String text(String mid, String text) {
        return "\"message\":{\"mid\":\"" + mid + "\",\"text\":\"" + text + "\"}";
    }

    private Ticket messengerTicket() {
        List<Ticket> tickets = f.tickets("messenger");
        assertThat(tickets).hasSize(1);
        return tickets.get(0);
    }

    private Message stored(String channel, String externalId) {
        return f.tickets.findMessage(channel, externalId).orElseThrow();
    }

    @Test
    void postbackIsACustomerMessageShowingTheTitleWithThePayloadKept() {
        f.receiveMeta(page(from("P1", 1_700_000_000_000L,
                "\"postback\":{\"mid\":\"m.pb\",\"title\":\"Track my order\",\"payload\":\"TRACK_ORDER\"}")));
        drain();
        Message m = f.onlyMessage(messengerTicket());
        assertThat(m.text()).isEqualTo("Track my order");
        assertThat(m.author().kind()).isEqualTo(AuthorKind.CUSTOMER);
        assertThat(m.properties()).containsEntry("social.payload", "TRACK_ORDER");
        assertThat(f.inbox.counts().parked()).isZero();
    }

    @Test
    void reactionIsRecordedOnItsMessageAndNeverATicket() {
        f.receiveMeta(page(from("P1", 1_700_000_000_000L, text("m.1", "where is my parcel"))));
        f.receiveMeta(page(from("P1", 1_700_000_000_500L,
                "\"reaction\":{\"mid\":\"m.1\",\"action\":\"react\",\"reaction\":\"love\",\"emoji\":\"\\u2764\\ufe0f\"}")));
        f.receiveMeta(page(from("P2", 1_700_000_000_600L,
                "\"reaction\":{\"mid\":\"m.unknown\",\"action\":\"react\",\"reaction\":\"like\"}")));
        drain();
        assertThat(messengerTicket().messages()).hasSize(1);
        assertThat(stored("messenger", "m.1").properties()).containsEntry("social.reaction", "❤️");
        f.receiveMeta(page(from("P1", 1_700_000_000_700L, "\"reaction\":{\"mid\":\"m.1\",\"action\":\"unreact\"}")));
        drain();
        assertThat(stored("messenger", "m.1").properties()).doesNotContainKey("social.reaction");
        assertThat(f.inbox.counts().parked()).isZero();
    }

    @Test
    void unsendErasesTextAndAttachmentsAndNeverOpensATicket() {
        f.receiveMeta(page(from("P1", 1_700_000_000_000L, "\"message\":{\"mid\":\"m.1\",\"text\":\"my card is 4111\","
                + "\"attachments\":[{\"type\":\"image\",\"payload\":{\"url\":\"https://scontent.xx.fbcdn.net/c.jpg\"}}]}")));
        drain();
        f.receiveMeta(page(from("P1", 1_700_000_001_000L, "\"message\":{\"mid\":\"m.1\",\"is_deleted\":true}"),
                from("P9", 1_700_000_001_000L, "\"message\":{\"mid\":\"m.never-seen\",\"is_deleted\":true}")));
        drain();
        Message m = f.onlyMessage(messengerTicket());
        assertThat(m.text()).isEqualTo(ConversationChanges.RETRACTED_TEXT).doesNotContain("4111");
        assertThat(m.attachments()).isEmpty();
        assertThat(m.properties()).containsKey("social.retractedAt");
        assertThat(f.inbox.counts().parked()).isZero();
    }

    @Test
    void editUpdatesTheTextAndKeepsThePreviousOne() {
        f.receiveMeta(page(from("P1", 1_700_000_000_000L, text("m.1", "the red one"))));
        drain();
        f.receiveMeta(page(from("P1", 1_700_000_001_000L,
                "\"message_edit\":{\"mid\":\"m.1\",\"text\":\"the blue one\",\"num_edit\":1}")));
        f.receiveMeta(page(from("P1", 1_700_000_002_000L,
                "\"message_edit\":{\"mid\":\"m.1\",\"text\":\"the green one\",\"num_edit\":2}")));
        drain();
        Message m = f.onlyMessage(messengerTicket());
        assertThat(m.text()).isEqualTo("the green one");
        assertThat(m.properties()).containsEntry("social.previousText.1", "the red one")
                .containsEntry("social.previousText.2", "the blue one");
    }

    @Test
    void referralBeforeTheFirstMessageIsContextNotATicket() {
        f.receiveMeta(page(from("P1", 1_700_000_000_000L,
                "\"referral\":{\"ref\":\"summer\",\"ad_id\":\"6045246247433\",\"source\":\"ADS\",\"type\":\"OPEN_THREAD\"}")));
        drain();
        assertThat(f.tickets("messenger")).isEmpty();
        f.receiveMeta(page(from("P1", 1_700_000_001_000L, text("m.1", "is the offer still on?"))));
        drain();
        assertThat(f.onlyMessage(messengerTicket()).properties()).containsEntry("social.referral.adId", "6045246247433")
                .containsEntry("social.referral.source", "ADS");
        f.receiveMeta(page(from("P1", 1_700_000_002_000L,
                "\"referral\":{\"ref\":\"autumn\",\"source\":\"SHORTLINK\",\"type\":\"OPEN_THREAD\"}")));
        drain();
        assertThat(f.onlyMessage(messengerTicket()).properties()).containsEntry("social.referral.ref", "autumn");
    }

    @Test
    void standbyMessageIsRecordedAndMarkedAsAnotherAppsThread() {
        f.receiveMeta("""
                {"object":"page","entry":[{"id":"PAGE_ID","time":1,"standby":[{"sender":{"id":"P1"},
                 "recipient":{"id":"PAGE_ID"},"timestamp":1700000000000,"message":{"mid":"m.sb","text":"hello bot?"}}]}]}""");
        drain();
        Message m = f.onlyMessage(messengerTicket());
        assertThat(m.text()).isEqualTo("hello bot?");
        assertThat(m.properties()).containsEntry("social.standby", "true");
    }

    @Test
    void echoFromTheNativeAppIsAnOutgoingReplyWithItsOriginAndOurOwnInFlightSendIsMatched() {
        f.receiveMeta(page(from("P1", 1_700_000_000_000L, text("m.1", "hi"))));
        drain();
        long ticket = messengerTicket().id();
        f.receiveMeta(page("{\"sender\":{\"id\":\"PAGE_ID\"},\"recipient\":{\"id\":\"P1\"},\"timestamp\":1700000001000,"
                + "\"message\":{\"is_echo\":true,\"app_id\":263902037430900,\"mid\":\"m.native\",\"text\":\"Hello from the app\"}}"));
        drain();
        Message recorded = stored("messenger", "m.native");
        assertThat(recorded.ticketId()).isEqualTo(ticket);
        assertThat(recorded.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(recorded.delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(recorded.author().kind()).isEqualTo(AuthorKind.AGENT);
        assertThat(recorded.properties()).containsEntry(SocialProperties.ORIGIN, "app 263902037430900");
        // our own send, echoed before the sender recorded its platform id: matched, not recorded twice
        f.tickets.addMessage(ticket, NewMessage.agentReply("bob", "messenger", Visibility.PRIVATE, "On its way")
                .withDelivery(DeliveryState.QUEUED));
        f.receiveMeta(page("{\"sender\":{\"id\":\"PAGE_ID\"},\"recipient\":{\"id\":\"P1\"},\"timestamp\":"
                + System.currentTimeMillis() + ",\"message\":{\"is_echo\":true,\"mid\":\"m.ours\",\"text\":\"On its way\"}}"));
        drain();
        assertThat(f.tickets.get(ticket).orElseThrow().messages()).extracting(Message::text)
                .containsExactly("hi", "Hello from the app", "On its way");
        assertThat(f.inbox.counts().parked()).isZero();
    }

    @Test
    void anEchoWithOtherTextWhileOurSendIsUnconfirmedWaitsForItInsteadOfBeingRecordedTwice() {
        f.receiveX(ProcessorFixture.mention("800", "3001969357", "@acme help", null));
        drain();
        long ticket = f.tickets("x").get(0).id();
        Message ours = f.tickets.addMessage(ticket, NewMessage.agentReply("bob", "x", Visibility.PUBLIC, "On it")
                .withDelivery(DeliveryState.QUEUED));
        long now = System.currentTimeMillis();
        // X puts the @mention in front of our reply's text
        f.receiveX("{\"for_user_id\":\"4337869213\",\"tweet_create_events\":[{\"id_str\":\"801\",\"text\":"
                + "\"@user3001969357 On it!\",\"timestamp_ms\":\"" + now + "\",\"in_reply_to_status_id_str\":\"800\","
                + "\"user\":{\"id_str\":\"4337869213\",\"screen_name\":\"acme\"}}]}");
        processor.drainOnce();
        assertThat(f.inbox.counts().pending()).isEqualTo(1); // held: it may be ours
        f.tickets.updateDelivery(ours.id(), DeliveryState.SENT, Optional.of("801"));
        drain();
        assertThat(f.tickets.get(ticket).orElseThrow().messages()).extracting(Message::text)
                .containsExactly("@acme help", "On it");
        assertThat(ConversationChanges.sameText("On it", "@jane On it")).isTrue();
        assertThat(ConversationChanges.sameText("On it", "Not on it at all")).isFalse();
    }

    @Test
    void anEditHandledBeforeItsMessageWaitsForItInsteadOfBeingIgnored() {
        // the edit is handled first (its conversation's events may be claimed apart from the message's)
        f.receiveMeta(page(from("P9", 1_700_000_001_000L,
                "\"message_edit\":{\"mid\":\"m.9\",\"text\":\"the blue one\",\"num_edit\":1}")));
        processor.stop();
        processor = f.processor(ProcessorFixture.config(3, 7),
                Clock.fixed(Instant.ofEpochMilli(1_700_000_030_000L), ZoneOffset.UTC));
        processor.drainOnce();
        assertThat(f.inbox.counts().pending()).as("held, to be tried again").isEqualTo(1);
        f.receiveMeta(page(from("P9", 1_700_000_000_000L, text("m.9", "the red one"))));
        for (int i = 0; i < 5; i++) {
            processor.drainOnce();
        }
        Message m = stored("messenger", "m.9");
        assertThat(m.text()).isEqualTo("the blue one");
        assertThat(m.properties()).containsEntry("social.previousText.1", "the red one");
        assertThat(f.inbox.counts().parked()).isZero();
    }

    @Test
    void anEditOfAMessageTheHelpdeskNeverHadIsIgnoredOnceItsHoldIsOver() {
        f.receiveMeta(page(from("P8", 1_700_000_001_000L,
                "\"message_edit\":{\"mid\":\"m.8\",\"text\":\"edited\",\"num_edit\":1}")));
        processor.stop();
        processor = f.processor(ProcessorFixture.config(3, 7),
                Clock.fixed(Instant.ofEpochMilli(1_700_000_200_000L), ZoneOffset.UTC));
        drain();
        assertThat(f.inbox.counts().pending()).isZero();
        assertThat(f.inbox.counts().parked()).isZero();
        assertThat(f.tickets("messenger")).isEmpty();
    }

    @Test
    void echoBeforeTheCustomersFirstMessageWaitsItsHoldThenIsDroppedNotParked() {
        f.receiveMeta(page("{\"sender\":{\"id\":\"PAGE_ID\"},\"recipient\":{\"id\":\"P7\"},\"timestamp\":1700000000000,"
                + "\"message\":{\"is_echo\":true,\"mid\":\"m.early\",\"text\":\"Hi, saw your order\"}}"));
        processor.stop();
        processor = f.processor(ProcessorFixture.config(3, 7),
                Clock.fixed(Instant.ofEpochMilli(1_700_000_030_000L), ZoneOffset.UTC));
        processor.drainOnce();
        assertThat(f.inbox.counts().pending()).isEqualTo(1); // within its hold: tried again later
        for (int i = 0; i < 5; i++) {
            processor.drainOnce(); // more tries than maxAttempts: still never parked
        }
        assertThat(f.inbox.counts().parked()).isZero();
        processor.stop();
        processor = f.processor(ProcessorFixture.config(3, 7),
                Clock.fixed(Instant.ofEpochMilli(1_700_000_121_000L), ZoneOffset.UTC));
        drain();
        assertThat(f.inbox.counts().pending()).isZero();
        assertThat(f.inbox.counts().parked()).isZero();
        assertThat(f.tickets("messenger")).isEmpty();
    }

    @Test
    void pageCommentsWithoutFromGetOneAnonymousRequesterEachAndThePagesOwnIsOutgoing() {
        f.receiveMeta("""
                {"object":"page","entry":[{"id":"PAGE_ID","time":1700000000,"changes":[
                 {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"P_C1","post_id":"PAGE_ID_P",
                  "parent_id":"PAGE_ID_P","message":"refund?","created_time":1700000000}},
                 {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"P_C2","post_id":"PAGE_ID_P",
                  "parent_id":"PAGE_ID_P","message":"me too","created_time":1700000001}},
                 {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"P_C3","post_id":"PAGE_ID_P",
                  "parent_id":"P_C1","from":{"id":"PAGE_ID","name":"Acme"},"message":"DM us","created_time":1700000002}},
                 {"field":"feed","value":{"item":"comment","verb":"edited","comment_id":"P_C2","post_id":"PAGE_ID_P",
                  "parent_id":"PAGE_ID_P","message":"me too, order 55","created_time":1700000003}},
                 {"field":"feed","value":{"item":"comment","verb":"remove","comment_id":"P_C1","post_id":"PAGE_ID_P",
                  "parent_id":"PAGE_ID_P","created_time":1700000004}}]}]}""");
        drain();
        List<Ticket> tickets = f.tickets("facebook");
        assertThat(tickets).hasSize(2);
        assertThat(tickets).extracting(t -> t.requester().id()).doesNotHaveDuplicates();
        Message first = stored("facebook", "P_C1");
        assertThat(first.text()).isEqualTo(ConversationChanges.DELETED_TEXT);
        Message pageReply = stored("facebook", "P_C3");
        assertThat(pageReply.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(pageReply.ticketId()).isEqualTo(first.ticketId());
        assertThat(stored("facebook", "P_C2").text()).isEqualTo("me too, order 55");
        assertThat(f.inbox.counts().parked()).isZero();
    }

    @Test
    void aCommentWithoutFromTagsItsTicketForTheAuthorLookupWhetherItOpensItOrJoinsIt() {
        f.receiveMeta("""
                {"object":"page","entry":[{"id":"PAGE_ID","time":1700000000,"changes":[
                 {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"P_C5","post_id":"PAGE_ID_P",
                  "parent_id":"PAGE_ID_P","from":{"id":"U5","name":"Una"},"message":"broken lid","created_time":1700000000}},
                 {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"P_C7","post_id":"PAGE_ID_P",
                  "parent_id":"PAGE_ID_P","message":"who am I?","created_time":1700000001}}]}]}""");
        drain();
        assertThat(f.tickets("facebook")).extracting(t -> t.tags().contains("lookup-pending"))
                .as("only the comment without from waits for a lookup").containsExactlyInAnyOrder(false, true);
        f.receiveMeta("""
                {"object":"page","entry":[{"id":"PAGE_ID","time":1700000010,"changes":[
                 {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"P_C6","post_id":"PAGE_ID_P",
                  "parent_id":"P_C5","message":"same here","created_time":1700000010}}]}]}""");
        drain();
        Message joined = stored("facebook", "P_C6");
        assertThat(joined.ticketId()).isEqualTo(stored("facebook", "P_C5").ticketId());
        assertThat(joined.properties()).containsEntry("social.needsLookup", "true")
                .containsEntry("social.feed.commentId", "P_C6");
        assertThat(f.tickets("facebook")).filteredOn(t -> t.id() == joined.ticketId()).singleElement()
                .satisfies(t -> assertThat(t.tags()).contains("lookup-pending"));
    }

    @Test
    void deletedTweetIsRetractedAndLikesFollowsRetweetsAreCounted() {
        f.receiveX(ProcessorFixture.mention("900", "3001969357", "@acme rude words", null));
        drain();
        f.receiveX("""
                {"for_user_id":"4337869213","tweet_delete_events":[{"status":{"id":"900","user_id":"3001969357"},
                 "timestamp_ms":"1700000005000"}],
                 "favorite_events":[{"id":"fav1","favorited_status":{"id_str":"1"},"user":{"id_str":"3001969357"}}],
                 "follow_events":[{"type":"follow","created_timestamp":"1517588749178","target":{"id":"4337869213"},
                  "source":{"id":"3001969357"}}],
                 "tweet_create_events":[{"id_str":"901","text":"RT @acme: news","retweeted_status":{"id_str":"1"},
                  "user":{"id_str":"3001969357","screen_name":"u"}}]}""");
        drain();
        assertThat(f.tickets("x")).singleElement().satisfies(t -> {
            assertThat(f.onlyMessage(t).text()).isEqualTo(ConversationChanges.DELETED_TEXT);
        });
        assertThat(f.inbox.ignoredCounts()).containsEntry("favorite_events", 1L).containsEntry("follow_events", 1L)
                .containsEntry("retweet", 1L);
        assertThat(f.inbox.counts().parked()).isZero();
    }

    @Test
    void instagramMentionBecomesAPublicTicket() {
        f.meta.parse(ProcessorFixture.META, """
                {"object":"instagram","entry":[{"id":"IG_ID","time":1700000000,"changes":[
                 {"field":"mentions","value":{"media_id":"17887498072083520","comment_id":"17894227972186120"}}]}]}"""
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).forEach(m -> f.inbox.store(List.of(m)));
        drain();
        assertThat(f.tickets("instagram")).singleElement().satisfies(t -> {
            Message m = f.onlyMessage(t);
            assertThat(m.visibility()).isEqualTo(Visibility.PUBLIC);
            assertThat(m.properties()).containsEntry("social.needsLookup", "true");
            assertThat(t.tags()).as("found again after a stop before its lookup").contains("lookup-pending");
        });
        assertThat(Optional.of(f.inbox.counts().parked())).contains(0L);
    }

    private static dev.parley.social.api.InboundMessage telegram(String externalId,
            dev.parley.social.api.MessageKind kind, String text, java.util.Map<String, String> properties) {
        return new dev.parley.social.api.InboundMessage("telegram", "tg", "telegram", "5551", externalId, kind,
                java.util.Optional.of(kind.name()), dev.parley.social.api.SocialAuthor.of("5551"), text,
                List.of(), dev.parley.social.api.MessageVisibility.PRIVATE, java.util.Optional.empty(),
                java.time.Instant.parse("2026-12-01T10:00:00Z"), properties);
    }

    @Test
    void aBlockMarksTheCustomersLatestMessageAndAnUnblockClearsItWithoutATicketOfItsOwn() {
        f.inbox.accept(List.of(telegram("update:1", dev.parley.social.api.MessageKind.BLOCK, "",
                java.util.Map.of("blocked", "true"))));
        drain();
        assertThat(f.tickets("telegram")).as("a block before any message marks nothing and opens nothing").isEmpty();

        f.inbox.accept(List.of(telegram("5551:7", dev.parley.social.api.MessageKind.MESSAGE, "my order", java.util.Map.of())));
        drain();
        f.inbox.accept(List.of(telegram("update:3", dev.parley.social.api.MessageKind.BLOCK, "",
                java.util.Map.of("blocked", "true"))));
        drain();
        Ticket ticket = f.tickets("telegram").get(0);
        Message m = f.onlyMessage(ticket);
        assertThat(m.text()).isEqualTo("my order");
        assertThat(m.properties()).containsEntry("social.blocked", "true").containsKey("social.blockedAt");

        f.inbox.accept(List.of(telegram("update:4", dev.parley.social.api.MessageKind.BLOCK, "",
                java.util.Map.of("blocked", "false"))));
        drain();
        assertThat(f.onlyMessage(f.tickets("telegram").get(0)).properties()).containsEntry("social.blocked", "false");
        assertThat(f.inbox.counts().parked()).isZero();
    }

    private static dev.parley.social.api.InboundMessage whatsapp(String externalId, dev.parley.social.api.MessageKind kind,
            String from, String text, java.util.Map<String, String> properties) {
        return new dev.parley.social.api.InboundMessage("whatsapp", "wa", "whatsapp", "wa:" + from, externalId, kind,
                java.util.Optional.of(kind.name()), dev.parley.social.api.SocialAuthor.of(from), text, List.of(),
                dev.parley.social.api.MessageVisibility.PRIVATE, java.util.Optional.empty(),
                java.time.Instant.parse("2026-12-01T10:00:00Z"), properties);
    }

    private static java.util.Map<String, String> movedTo(String id) {
        return java.util.Map.of(dev.parley.social.api.InboundMessage.MOVED_TO_AUTHOR, id,
                dev.parley.social.api.InboundMessage.MOVED_TO_CONVERSATION, "wa:" + id);
    }

    @Test
    void aMovedCustomerKeepsTheirTicketAndCustomerUnderTheNewIdButNeverTakesAnotherCustomersId() {
        var message = dev.parley.social.api.MessageKind.MESSAGE;
        f.inbox.accept(List.of(whatsapp("wamid.1", message, "111", "my order", java.util.Map.of())));
        drain();
        Ticket ticket = f.tickets("whatsapp").get(0);
        f.inbox.accept(List.of(whatsapp("wamid.sys", dev.parley.social.api.MessageKind.MOVED, "111", "changed number",
                movedTo("222"))));
        drain();
        f.inbox.accept(List.of(whatsapp("wamid.2", message, "222", "still waiting", java.util.Map.of())));
        drain();
        assertThat(f.tickets("whatsapp")).as("the new number continues the ticket").hasSize(1);
        Ticket continued = f.tickets.get(ticket.id()).orElseThrow();
        assertThat(continued.messages()).extracting(Message::text).containsExactly("my order", "still waiting");
        assertThat(f.customers.findByIdentity("whatsapp", "222")).map(c -> c.id()).contains(continued.requester().id());

        // another person already writes from 333: a notice moving 222 there merges nobody and moves no ticket
        f.inbox.accept(List.of(whatsapp("wamid.3", message, "333", "hello", java.util.Map.of())));
        drain();
        f.inbox.accept(List.of(whatsapp("wamid.sys2", dev.parley.social.api.MessageKind.MOVED, "222", "changed number",
                movedTo("333"))));
        drain();
        assertThat(f.customers.findByIdentity("whatsapp", "333").orElseThrow().id()).isNotEqualTo(continued.requester().id());
        assertThat(f.tickets("whatsapp")).hasSize(2);
        assertThat(f.inbox.counts().parked()).isZero();
    }
}
