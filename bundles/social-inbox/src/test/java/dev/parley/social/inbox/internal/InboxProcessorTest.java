package dev.parley.social.inbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.TicketUpdate;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.social.api.InboxEvent;
import dev.parley.social.api.InboxState;

class InboxProcessorTest {

    private final ProcessorFixture f = new ProcessorFixture();
    private final InboxProcessor processor = f.processor(ProcessorFixture.config(3, 7));

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

    @Test
    void directMessageBecomesPrivateTicketOfItsAuthor() {
        f.receiveX(ProcessorFixture.dm("dm-1", "3001969357", "Hello, my bag is lost"));
        drain();
        Ticket ticket = f.tickets("x").get(0);
        Message message = f.onlyMessage(ticket);
        assertThat(ticket.subject()).isEqualTo("Hello, my bag is lost");
        assertThat(ticket.requester().displayName()).isEqualTo("User 3001969357");
        assertThat(ticket.requester().identities()).anySatisfy(id -> {
            assertThat(id.channel()).isEqualTo("x");
            assertThat(id.externalId()).isEqualTo("3001969357");
            assertThat(id.handle()).contains("user3001969357");
        });
        assertThat(message.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(message.externalId()).contains("dm-1");
        assertThat(message.text()).isEqualTo("Hello, my bag is lost");
        assertThat(message.properties()).containsEntry("social.account", "acme")
                .containsEntry("social.conversationKey", "dm:3001969357-4337869213")
                .containsEntry("social.authorId", "3001969357").containsEntry("social.followerCount", "42");
        assertThat(f.inbox.counts().done()).isEqualTo(1);
    }

    @Test
    void followUpInTheSameConversationAppends() {
        f.receiveX(ProcessorFixture.dm("dm-1", "3001969357", "first"));
        f.receiveX(ProcessorFixture.dm("dm-2", "3001969357", "second"));
        drain();
        f.receiveX(ProcessorFixture.dm("dm-3", "3001969357", "third"));
        drain();
        assertThat(f.tickets("x")).singleElement().satisfies(t -> assertThat(t.messages())
                .extracting(Message::text).containsExactly("first", "second", "third"));
    }

    @Test
    void redeliveryAfterTheInboxForgotItAddsNothing() {
        f.receiveX(ProcessorFixture.dm("dm-1", "3001969357", "first"));
        drain();
        f.inbox.deleteHandledBefore(Long.MAX_VALUE); // past retention: the inbox no longer knows the id
        assertThat(f.inbox.store(f.x.parse(ProcessorFixture.X,
                ProcessorFixture.dm("dm-1", "3001969357", "first").getBytes()))).isEqualTo(1);
        drain();
        assertThat(f.messageCount("x")).isEqualTo(1);
    }

    @Test
    void publicMentionAndDmOfOnePersonShareTheRequester() {
        f.receiveX(ProcessorFixture.mention("100", "3001969357", "@acme my bag is lost", null));
        f.receiveX(ProcessorFixture.dm("dm-1", "3001969357", "details in private"));
        drain();
        List<Ticket> tickets = f.tickets("x");
        assertThat(tickets).hasSize(2);
        assertThat(tickets).extracting(t -> t.requester().id()).containsOnly(tickets.get(0).requester().id());
        assertThat(tickets).extracting(t -> f.onlyMessage(t).visibility())
                .containsExactlyInAnyOrder(Visibility.PUBLIC, Visibility.PRIVATE);
    }

    @Test
    void replyChainStaysOnOneTicket() {
        f.receiveX(ProcessorFixture.mention("100", "3001969357", "@acme my bag is lost", null));
        drain();
        f.receiveX(ProcessorFixture.mention("101", "3001969357", "@acme any news?", "100"));
        drain();
        f.receiveX(ProcessorFixture.mention("102", "3001969357", "@acme hello??", "101"));
        drain();
        assertThat(f.tickets("x")).singleElement().satisfies(t -> assertThat(t.messages()).hasSize(3));
    }

    @Test
    void echoesNeverBecomeCustomerMessagesNorTickets() {
        f.receiveX(ProcessorFixture.dm("dm-1", "3001969357", "help"));
        f.receiveX("{\"for_user_id\":\"4337869213\",\"direct_message_events\":[{\"type\":\"message_create\","
                + "\"id\":\"dm-echo\",\"created_timestamp\":\"1700000001000\",\"message_create\":{\"target\":"
                + "{\"recipient_id\":\"3001969357\"},\"sender_id\":\"4337869213\",\"message_data\":{\"text\":"
                + "\"we are on it\"}}}]}");
        f.receiveMeta("""
                {"object":"page","entry":[{"id":"PAGE_ID","time":1,"messaging":[{"sender":{"id":"PAGE_ID"},
                 "recipient":{"id":"PSID_1"},"timestamp":1700000000000,"message":{"is_echo":true,"mid":"mid.e","text":"hi"}}]}]}""");
        drain();
        // sent from X's app on a conversation with a ticket: recorded there as outgoing, never as the customer
        assertThat(f.tickets("x")).singleElement().satisfies(t -> assertThat(t.messages())
                .extracting(m -> m.direction().name() + " " + m.text())
                .containsExactly("INBOUND help", "OUTBOUND we are on it"));
        // long past its hold with no conversation to go on: dropped, not parked
        assertThat(f.tickets("messenger")).isEmpty();
        assertThat(f.inbox.counts().done()).isEqualTo(3);
        assertThat(f.inbox.counts().parked()).isZero();
    }

    @Test
    void theEchoOfOurDmKeepsTheCustomersAnswerOnTheTicketItWasSentFrom() {
        f.receiveX(ProcessorFixture.mention("500", "3001969357", "@acme my bag is lost", null));
        drain();
        long ticket = f.tickets("x").get(0).id();
        var dm = f.tickets.addMessage(ticket, NewMessage.agentReply("bob", "x", Visibility.PRIVATE, "DM us your order")
                .withDelivery(DeliveryState.QUEUED));
        f.tickets.updateDelivery(dm.id(), DeliveryState.SENT, Optional.of("dm-out-1"));
        long now = System.currentTimeMillis();
        f.receiveX("{\"for_user_id\":\"4337869213\",\"direct_message_events\":[{\"type\":\"message_create\","
                + "\"id\":\"dm-out-1\",\"created_timestamp\":\"" + now + "\",\"message_create\":{\"target\":"
                + "{\"recipient_id\":\"3001969357\"},\"sender_id\":\"4337869213\",\"message_data\":{\"text\":"
                + "\"DM us your order\"}}}]}");
        drain();
        f.receiveX(ProcessorFixture.dm("dm-in-1", "3001969357", "order 1234", now + 1000));
        drain();
        assertThat(f.tickets("x")).singleElement().satisfies(t -> assertThat(t.messages()).extracting(m -> m.text())
                .containsExactly("@acme my bag is lost", "DM us your order", "order 1234"));
    }

    @Test
    void anEchoThatCameBeforeOurSendWasRecordedIsPlacedWithinAQuarterSecond() throws InterruptedException {
        // the retry waits of a running Parley, not the other tests' none
        InboxProcessor processor = f.processor(ProcessorFixture.config(3, 7, 4, 2_000, 600_000));
        Runnable drain = () -> {
            while (processor.drainOnce() > 0) {
                // until nothing is due
            }
        };
        f.receiveX(ProcessorFixture.mention("510", "3001969357", "@acme my bag is lost", null));
        drain.run();
        long ticket = f.tickets("x").get(0).id();
        var dm = f.tickets.addMessage(ticket, NewMessage.agentReply("bob", "x", Visibility.PRIVATE, "DM us your order")
                .withDelivery(DeliveryState.QUEUED));
        long now = System.currentTimeMillis();
        // X echoes our DM before the outbox has recorded the id X gave it: nothing to place it on yet
        f.receiveX("{\"for_user_id\":\"4337869213\",\"direct_message_events\":[{\"type\":\"message_create\","
                + "\"id\":\"dm-out-2\",\"created_timestamp\":\"" + now + "\",\"message_create\":{\"target\":"
                + "{\"recipient_id\":\"3001969357\"},\"sender_id\":\"4337869213\",\"message_data\":{\"text\":"
                + "\"DM us your order\"}}}]}");
        processor.drainOnce();
        assertThat(f.inbox.counts().pending()).as("the echo waits for our send's record").isEqualTo(1);
        f.tickets.updateDelivery(dm.id(), DeliveryState.SENT, Optional.of("dm-out-2"));

        Thread.sleep(InboxProcessor.ECHO_RETRY_FIRST_MILLIS + 150);
        processor.drainOnce();
        assertThat(f.inbox.counts().pending()).as("placed at its first retry").isZero();
        f.receiveX(ProcessorFixture.dm("dm-in-2", "3001969357", "order 1234", now + 1000));
        drain.run();
        assertThat(f.tickets("x")).as("the customer's quick answer joins the ticket the DM was sent from")
                .singleElement().satisfies(t -> assertThat(t.messages()).extracting(m -> m.text())
                        .containsExactly("@acme my bag is lost", "DM us your order", "order 1234"));
        processor.stop();
    }

    @Test
    void aCustomersAnswerRightAfterOurDmWaitsForTheEchoOfThatDmAndJoinsItsTicket() throws InterruptedException {
        InboxProcessor processor = f.processor(ProcessorFixture.config(3, 7, 4, 2_000, 600_000));
        f.receiveX(ProcessorFixture.mention("520", "3001969357", "@acme my bag is lost", null));
        while (processor.drainOnce() > 0) {
            // the mention's ticket
        }
        long ticket = f.tickets("x").get(0).id();
        var dm = f.tickets.addMessage(ticket, NewMessage.agentReply("bob", "x", Visibility.PRIVATE, "DM us your order")
                .withDelivery(DeliveryState.QUEUED));
        long now = System.currentTimeMillis();
        f.receiveX("{\"for_user_id\":\"4337869213\",\"direct_message_events\":[{\"type\":\"message_create\","
                + "\"id\":\"dm-out-3\",\"created_timestamp\":\"" + now + "\",\"message_create\":{\"target\":"
                + "{\"recipient_id\":\"3001969357\"},\"sender_id\":\"4337869213\",\"message_data\":{\"text\":"
                + "\"DM us your order\"}}}]}");
        processor.drainOnce(); // the echo came before our send was recorded: it waits
        f.tickets.updateDelivery(dm.id(), DeliveryState.SENT, Optional.of("dm-out-3"));
        // the customer answers at once, before the echo's next try
        f.receiveX(ProcessorFixture.dm("dm-in-3", "3001969357", "order 1234", now + 100));
        processor.drainOnce();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (f.inbox.counts().pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            processor.drainOnce();
        }
        assertThat(f.tickets("x")).as("the answer waited for the echo, then joined the DM's ticket").singleElement()
                .satisfies(t -> assertThat(t.messages()).extracting(m -> m.text())
                        .containsExactly("@acme my bag is lost", "DM us your order", "order 1234"));
        processor.stop();
    }

    @Test
    void aCustomersFirstMessageAfterAnEchoOnlyItCanPlaceWaitsSecondsNotTheWholeHold() {
        ConversationChanges changes = f.changes();
        java.time.Instant now = java.time.Instant.now();
        // the account wrote first from X's own app: nothing to place the echo on until the customer answers
        var echo = f.x.parse(ProcessorFixture.X, ("{\"for_user_id\":\"4337869213\",\"direct_message_events\":[{"
                + "\"type\":\"message_create\",\"id\":\"dm-native-1\",\"created_timestamp\":\"" + now.toEpochMilli()
                + "\",\"message_create\":{\"target\":{\"recipient_id\":\"3001969358\"},\"sender_id\":\"4337869213\","
                + "\"message_data\":{\"text\":\"Hi, saw your order\"}}}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .get(0);
        var answer = f.x.parse(ProcessorFixture.X, ProcessorFixture.dm("dm-in-9", "3001969358", "yes?",
                now.toEpochMilli() + 1000).getBytes(java.nio.charset.StandardCharsets.UTF_8)).get(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> changes.echo(echo, now))
                .isInstanceOf(ConversationChanges.EchoBeforeTicket.class);
        assertThat(changes.awaitingEcho(answer, now.plusSeconds(1))).as("our own send may be recorded any moment")
                .isTrue();
        assertThat(changes.awaitingEcho(answer, now.plus(ConversationChanges.ANSWER_WAITS_AT_MOST)))
                .as("then the customer's message goes ahead and opens the conversation's ticket").isFalse();
    }

    @Test
    void unknownEventKindIsIgnoredAndCountedNeverParkedAndTheNextOneFlows() {
        f.receiveMeta("""
                {"object":"page","entry":[{"id":"PAGE_ID","time":1,"messaging":[
                 {"sender":{"id":"PSID_1"},"recipient":{"id":"PAGE_ID"},"timestamp":1700000000000,"game_play":{"game_id":"g1"}},
                 {"sender":{"id":"PSID_1"},"recipient":{"id":"PAGE_ID"},"timestamp":1700000000001,"message":{"mid":"m1","text":"\\ud83d\\ude21 still waiting"}}]}]}""");
        drain();
        assertThat(f.inbox.counts().parked()).isZero();
        assertThat(f.inbox.ignoredCounts()).containsEntry("messenger.game_play", 1L);
        assertThat(f.tickets("messenger")).singleElement()
                .satisfies(t -> assertThat(f.onlyMessage(t).text()).isEqualTo("😡 still waiting"));
    }

    @Test
    void messageOnSolvedTicketReopensItWithinTheWindow() {
        f.receiveX(ProcessorFixture.dm("dm-1", "3001969357", "help", System.currentTimeMillis()));
        drain();
        Ticket ticket = f.tickets("x").get(0);
        f.tickets.update(ticket.id(), TicketUpdate.none().withStatus(TicketStatus.SOLVED));
        f.receiveX(ProcessorFixture.dm("dm-2", "3001969357", "it broke again",
                System.currentTimeMillis() + Duration.ofDays(6).toMillis()));
        drain();
        Ticket after = f.tickets.get(ticket.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(TicketStatus.OPEN);
        assertThat(after.messages()).hasSize(2);
        assertThat(f.tickets("x")).hasSize(1);
    }

    @Test
    void messageAfterTheWindowStartsALinkedTicketAndTheConversationMovesThere() {
        f.receiveX(ProcessorFixture.dm("dm-1", "3001969357", "help", System.currentTimeMillis()));
        drain();
        Ticket old = f.tickets("x").get(0);
        f.tickets.update(old.id(), TicketUpdate.none().withStatus(TicketStatus.SOLVED));
        long later = System.currentTimeMillis() + Duration.ofDays(8).toMillis();
        f.receiveX(ProcessorFixture.dm("dm-2", "3001969357", "new problem", later));
        f.receiveX(ProcessorFixture.dm("dm-3", "3001969357", "and more", later + 1000));
        drain();
        assertThat(f.tickets.get(old.id()).orElseThrow().status()).isEqualTo(TicketStatus.SOLVED);
        Ticket followUp = f.tickets("x").stream().filter(t -> t.id() != old.id()).findFirst().orElseThrow();
        assertThat(followUp.linkedTicketId()).contains(old.id());
        assertThat(followUp.messages()).extracting(Message::text).containsExactly("new problem", "and more");
    }

    @Test
    void messageOnClosedTicketStartsALinkedTicket() {
        f.receiveX(ProcessorFixture.dm("dm-1", "3001969357", "help"));
        drain();
        Ticket old = f.tickets("x").get(0);
        f.tickets.update(old.id(), TicketUpdate.none().withStatus(TicketStatus.CLOSED));
        f.receiveX(ProcessorFixture.dm("dm-2", "3001969357", "hello again"));
        drain();
        assertThat(f.tickets("x")).hasSize(2).anySatisfy(t -> assertThat(t.linkedTicketId()).contains(old.id()));
    }

    @Test
    void anEventWhoseTicketWriteFailsCostsItsNeighboursNothing() {
        // one worker handles all three conversations; the second message's ticket write fails
        TicketService flaky = (TicketService) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TicketService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("create") && args[0].toString().contains("dm-2")) {
                        throw new IllegalStateException("disk hiccup");
                    }
                    try {
                        return method.invoke(f.tickets, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        InboxProcessor oneWorker = oneWorker(flaky);
        try {
            f.receiveX(ProcessorFixture.dm("dm-1", "3001969357", "one"));
            f.receiveX(ProcessorFixture.dm("dm-2", "3001969358", "two"));
            f.receiveX(ProcessorFixture.dm("dm-3", "3001969359", "three"));
            assertThat(oneWorker.drainOnce()).isEqualTo(3);
            assertThat(f.tickets("x")).extracting(t -> t.messages().get(0).text()).containsExactlyInAnyOrder("one",
                    "three");
            assertThat(f.inbox.counts().done()).isEqualTo(2);
            assertThat(f.inbox.counts().pending()).isEqualTo(1);
            InboxEvent failed = f.inbox.get(2).orElseThrow();
            assertThat(failed.message().externalId()).isEqualTo("dm-2");
            assertThat(failed.state()).isEqualTo(InboxState.PENDING);
            assertThat(failed.lastError()).get().asString().contains("disk hiccup");
        } finally {
            oneWorker.stop();
        }
    }

    /** The ticket service, with the sizes of the batches given to addMessages; {@code failBatches} makes those throw. */
    private TicketService recording(List<Integer> batches, boolean failBatches) {
        return (TicketService) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TicketService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("addMessages")) {
                        batches.add(((List<?>) args[0]).size());
                        if (failBatches) {
                            throw new IllegalStateException("batch refused");
                        }
                    }
                    try {
                        return method.invoke(f.tickets, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A processor with one worker, so a whole claim is one share, over {@code tickets}. */
    private InboxProcessor oneWorker(TicketService tickets) {
        return new InboxProcessor(f.inbox, new TicketThreading(tickets, f.customers, f.threads, Duration.ofDays(7)),
                f.changes(), ProcessorFixture.config(3, 7, 1), Clock.systemUTC());
    }

    @Test
    void aConversationsFollowUpsAreAppendedInOneBatchAndANewConversationOnItsOwn() {
        List<Integer> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        InboxProcessor oneWorker = oneWorker(recording(batches, false));
        try {
            f.receiveX(ProcessorFixture.dm("a-1", "3001969357", "first"));
            assertThat(oneWorker.drainOnce()).isEqualTo(1);
            f.receiveX(ProcessorFixture.dm("a-2", "3001969357", "second"));
            f.receiveX(ProcessorFixture.dm("a-3", "3001969357", "third"));
            f.receiveX(ProcessorFixture.dm("b-1", "3001969358", "another customer"));
            f.receiveX(ProcessorFixture.dm("a-4", "3001969357", "fourth"));
            assertThat(oneWorker.drainOnce()).isEqualTo(4);
            assertThat(batches).containsExactly(3); // a share keeps a conversation together: a-2..a-4, while b-1 opens a ticket
            assertThat(f.tickets("x")).hasSize(2).anySatisfy(t -> assertThat(t.messages())
                    .extracting(Message::text).containsExactly("first", "second", "third", "fourth"));
            assertThat(f.inbox.counts().done()).isEqualTo(5);
        } finally {
            oneWorker.stop();
        }
    }

    @Test
    void followUpsWhoseBatchFailsAreAddedOneByOne() {
        List<Integer> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        InboxProcessor oneWorker = oneWorker(recording(batches, true));
        try {
            f.receiveX(ProcessorFixture.dm("a-1", "3001969357", "first"));
            f.receiveX(ProcessorFixture.dm("a-2", "3001969357", "second"));
            f.receiveX(ProcessorFixture.dm("a-3", "3001969357", "third"));
            assertThat(oneWorker.drainOnce()).isEqualTo(3);
            assertThat(batches).containsExactly(2);
            assertThat(f.tickets("x")).singleElement().satisfies(t -> assertThat(t.messages())
                    .extracting(Message::text).containsExactly("first", "second", "third"));
            assertThat(f.inbox.counts().done()).isEqualTo(3);
        } finally {
            oneWorker.stop();
        }
    }

    @Test
    void failuresAreRetriedThenParkedWithTheirReason() {
        TicketService broken = mock(TicketService.class);
        when(broken.findMessage(any(), any())).thenThrow(new IllegalStateException("database is read-only"));
        InboxProcessor failing = new InboxProcessor(f.inbox, new TicketThreading(broken, f.customers, f.threads,
                Duration.ofDays(7)), f.changes(), ProcessorFixture.config(3, 7), Clock.systemUTC());
        try {
            f.receiveX(ProcessorFixture.dm("dm-1", "3001969357", "help"));
            assertThat(failing.drainOnce()).isEqualTo(1);
            assertThat(f.inbox.counts().pending()).isEqualTo(1);
            failing.drainOnce();
            failing.drainOnce();
            assertThat(f.inbox.counts().parked()).isEqualTo(1);
            InboxEvent parked = f.inbox.parked(1).get(0);
            assertThat(parked.attempts()).isEqualTo(3);
            assertThat(parked.lastError()).get().asString().contains("failed 3 times").contains("database is read-only");

            // after the fix, a replay goes through
            assertThat(f.inbox.replay(parked.id())).isTrue();
            drain();
            assertThat(f.inbox.get(parked.id()).orElseThrow().state()).isEqualTo(InboxState.DONE);
            assertThat(f.messageCount("x")).isEqualTo(1);
        } finally {
            failing.stop();
        }
    }

    @Test
    void stoppingAndStartingProcessorsMidStreamLosesAndDoublesNothing() throws Exception {
        InboxProcessor first = f.processor(ProcessorFixture.config(3, 7));
        first.start();
        int total = 1000;
        InboxProcessor second = null;
        for (int i = 0; i < total; i++) {
            f.receiveX(ProcessorFixture.dm("load-" + i, Long.toString(3_000_000_000L + i % 37), "message " + i));
            if (i == total / 3) {
                first.stop(); // the processing bundle is updated while webhooks keep arriving
            }
            if (i == total / 2) {
                second = f.processor(ProcessorFixture.config(3, 7));
                second.start();
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((f.inbox.counts().pending() > 0 || f.inbox.counts().claimed() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        second.stop();
        assertThat(f.inbox.counts().done()).isEqualTo(total);
        assertThat(f.inbox.counts().parked()).isZero();
        assertThat(f.messageCount("x")).isEqualTo(total);
        assertThat(f.tickets("x")).hasSize(37);
    }

    @Test
    void processingRunsBehindWebhookAnswersAtTheLowestThreadPriority() throws Exception {
        InboxProcessor running = f.processor(ProcessorFixture.config(3, 7));
        running.start();
        try {
            f.receiveX(ProcessorFixture.dm("dm-1", "3001969357", "my bag is lost"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (f.inbox.counts().done() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            running.stop();
        }
        assertThat(f.messageCount("x")).isEqualTo(1);
        assertThat(f.changingThreadPriorities).containsExactly(Thread.MIN_PRIORITY);
    }

    @Test
    void subjectIsTheFirstLineShortened() {
        var customer = f.customers.resolve(dev.parley.helpdesk.api.ChannelIdentity.of("x", "1"), "Jane");
        var message = f.x.parse(ProcessorFixture.X, ProcessorFixture.dm("d", "1", "x".repeat(100)).getBytes()).get(0);
        assertThat(TicketThreading.subject(message, customer)).hasSize(80).endsWith("...");
        var empty = new dev.parley.social.api.InboundMessage("x", "acme", "x", "k", "e",
                dev.parley.social.api.MessageKind.MESSAGE, null, dev.parley.social.api.SocialAuthor.of("1"), "",
                List.of(new dev.parley.social.api.MediaAttachment("photo", "https://p")),
                dev.parley.social.api.MessageVisibility.PRIVATE, null, Instant.now());
        assertThat(TicketThreading.subject(empty, customer)).isEqualTo("Message from Jane on x");
    }
}
