package dev.parley.helpdesk.core.internal.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketQuery;
import dev.parley.helpdesk.api.TicketUpdate;
import dev.parley.helpdesk.api.Visibility;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;

/**
 * The whole-ticket read cache: every read through a warm cache must equal a cold read of the
 * same database (a second service with its own, empty cache).
 */
class TicketCacheTest {

    private static final EventAdmin NO_EVENTS = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
        }

        @Override
        public void sendEvent(Event event) {
        }
    };

    private HikariDataSource pool;
    private JdbcSchemaMigrator migrator;
    private JdbcTicketService tickets;
    private JdbcCustomerService customers;
    private Customer ann;

    @BeforeEach
    void setUp() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        pool = StoreDataSource.pooled(h2, 16, 5_000);
        migrator = new JdbcSchemaMigrator(pool);
        tickets = new JdbcTicketService(pool, migrator, NO_EVENTS);
        customers = new JdbcCustomerService(pool, migrator);
        ann = customers.resolve(new ChannelIdentity("x", "42", Optional.of("ann")), "Ann");
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    private Ticket cold(long id) {
        return new JdbcTicketService(pool, migrator, NO_EVENTS).get(id).orElseThrow();
    }

    private NewMessage inbound(String externalId, String text) {
        return NewMessage.inbound(ann, "x", Visibility.PRIVATE, externalId, text, null);
    }

    private Ticket open() {
        return tickets.create(NewTicket.of("Bag lost", "x", ann.id(), inbound("m0", "my bag is lost")));
    }

    @Test
    void aWarmReadSeesNewMessagesTagsAndStatusLikeAColdOne() {
        Ticket ticket = open();
        assertThat(tickets.get(ticket.id()).orElseThrow()).isEqualTo(cold(ticket.id())); // warms the cache
        for (int i = 1; i <= 5; i++) {
            tickets.addMessage(ticket.id(), inbound("m" + i, "follow-up " + i));
            assertThat(tickets.get(ticket.id()).orElseThrow()).isEqualTo(cold(ticket.id()));
        }
        tickets.update(ticket.id(), TicketUpdate.none().withTagsAdded(java.util.Set.of("vip")));
        Ticket warm = tickets.get(ticket.id()).orElseThrow();
        assertThat(warm).isEqualTo(cold(ticket.id()));
        assertThat(warm.tags()).containsExactly("vip");
        assertThat(warm.messages()).extracting(Message::text).endsWith("follow-up 5");
        assertThat(tickets.getAll(List.of(ticket.id()))).containsExactly(cold(ticket.id()));
        assertThat(tickets.query(TicketQuery.all()).tickets()).containsExactly(cold(ticket.id()));
    }

    @Test
    void anAppendAdvancesTheCachedTicketSoTheNextReadNeedsNoMessagesRequesterOrTags() {
        TicketCache cache = new TicketCache();
        JdbcTicketService service = new JdbcTicketService(pool, migrator, NO_EVENTS, java.time.Clock.systemUTC(), cache);
        Ticket ticket = service.get(open().id()).orElseThrow(); // cached
        service.addMessage(ticket.id(), NewMessage.agentReply("Bo", "x", Visibility.PRIVATE, "on its way"));
        // a platform's time with more than millisecond precision, stored in milliseconds
        service.addMessage(ticket.id(), NewMessage.inbound(ann, "x", Visibility.PRIVATE, "m-nanos", "thanks",
                java.time.Instant.parse("2026-12-07T10:15:30.123456789Z")));
        TicketCache.Entry entry = cache.lookup(ticket.id());
        assertThat(entry.ticket().version()).isEqualTo(ticket.version() + 2);
        assertThat(entry.ticket()).isEqualTo(cold(ticket.id()));
        assertThat(service.get(ticket.id()).orElseThrow()).isEqualTo(cold(ticket.id()));
    }

    @Test
    void anAppendDoesNotAdvanceACachedTicketThatIsNotTheVersionBeforeIt() {
        TicketCache cache = new TicketCache();
        JdbcTicketService service = new JdbcTicketService(pool, migrator, NO_EVENTS, java.time.Clock.systemUTC(), cache);
        Ticket ticket = service.get(open().id()).orElseThrow();
        tickets.addMessage(ticket.id(), inbound("elsewhere", "written through another node")); // not seen by this cache
        service.addMessage(ticket.id(), NewMessage.agentReply("Bo", "x", Visibility.PRIVATE, "on its way"));
        assertThat(cache.lookup(ticket.id()).ticket().version()).isEqualTo(ticket.version()); // left to the next read
        assertThat(service.get(ticket.id()).orElseThrow()).isEqualTo(cold(ticket.id()));
        assertThat(service.get(ticket.id()).orElseThrow().messages()).extracting(Message::text)
                .endsWith("written through another node", "on its way");
    }

    @Test
    void aConversationsMessagesShareTheirRepeatedPartsInWarmAndColdReads() {
        Ticket ticket = open();
        tickets.get(ticket.id()).orElseThrow(); // warm: the next messages are read onto the cached ones
        for (int i = 1; i <= 3; i++) {
            tickets.addMessage(ticket.id(), inbound("m" + i, "follow-up " + i).withProperties(java.util.Map.of(
                    "social.conversationKey", "dm-42", "social.inReplyToId", "m" + (i - 1))));
            tickets.get(ticket.id()).orElseThrow();
        }
        for (Ticket read : List.of(tickets.get(ticket.id()).orElseThrow(), cold(ticket.id()))) {
            assertThat(read).isEqualTo(cold(ticket.id()));
            List<Message> messages = read.messages();
            Message second = messages.get(2);
            Message third = messages.get(3);
            assertThat(third.author()).isSameAs(messages.get(0).author());
            assertThat(third.channel()).isSameAs(messages.get(0).channel());
            assertThat(third.properties().get("social.inReplyToId")).isEqualTo("m2");
            assertThat(keyInstance(third, "social.conversationKey")).isSameAs(keyInstance(second, "social.conversationKey"));
            assertThat(third.properties().get("social.conversationKey")).isSameAs(second.properties().get("social.conversationKey"));
        }
    }

    private static String keyInstance(Message message, String key) {
        return message.properties().keySet().stream().filter(key::equals).findFirst().orElseThrow();
    }

    @Test
    void equalPropertiesAreOneMapAndDifferentOnesKeepTheirOwnValues() {
        java.util.Map<String, String> previous = java.util.Map.of("a", "1", "b", "2");
        assertThat(MessageRows.shared(new java.util.HashMap<>(previous), previous)).isSameAs(previous);
        java.util.Map<String, String> next = MessageRows.shared(java.util.Map.of("a", new String("1"), "c", "3"), previous);
        assertThat(next).containsOnly(java.util.Map.entry("a", "1"), java.util.Map.entry("c", "3"));
        assertThat(next.get("a")).isSameAs(previous.get("a"));
        assertThat(MessageRows.shared(java.util.Map.of(), previous)).isEmpty();
    }

    @Test
    void aDeliveryUpdateShowsAtOnceThoughTheVersionStays() {
        Ticket ticket = open();
        Message reply = tickets.addMessage(ticket.id(), NewMessage.agentReply("agent", "x", Visibility.PRIVATE,
                "we are on it").withDelivery(DeliveryState.QUEUED));
        assertThat(tickets.get(ticket.id()).orElseThrow().messages()).last()
                .satisfies(m -> assertThat(m.delivery()).isEqualTo(DeliveryState.QUEUED));
        tickets.updateDelivery(reply.id(), DeliveryState.SENT, Optional.of("dm-out-1"));
        Ticket warm = tickets.get(ticket.id()).orElseThrow();
        assertThat(warm).isEqualTo(cold(ticket.id()));
        assertThat(warm.messages()).last().satisfies(m -> {
            assertThat(m.delivery()).isEqualTo(DeliveryState.SENT);
            assertThat(m.externalId()).contains("dm-out-1");
        });
    }

    @Test
    void aChangedMessageIsReadAgainAloneAndTheOthersAreKept() {
        Ticket ticket = open();
        List<Message> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replies.add(tickets.addMessage(ticket.id(), NewMessage.agentReply("agent", "x", Visibility.PRIVATE,
                    "reply " + i).withDelivery(DeliveryState.QUEUED)));
        }
        Ticket before = tickets.get(ticket.id()).orElseThrow();
        tickets.updateDeliveries(List.of(new dev.parley.helpdesk.api.DeliveryUpdate(replies.get(0).id(),
                DeliveryState.SENT, Optional.of("dm-out-0"))));
        tickets.reviseMessage(replies.get(1).id(), "reply 1, revised", List.of(), java.util.Map.of());
        tickets.renameAuthor(replies.get(2).id(), "Agent Ann");

        Ticket after = tickets.get(ticket.id()).orElseThrow();
        assertThat(after).isEqualTo(cold(ticket.id()));
        assertThat(after.messages().get(1).delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(after.messages().get(2).text()).isEqualTo("reply 1, revised");
        assertThat(after.messages().get(3).author().name()).isEqualTo("Agent Ann");
        assertThat(after.messages().get(0)).as("the unchanged message is the cached one, not read again")
                .isSameAs(before.messages().get(0));
        assertThat(tickets.get(ticket.id()).orElseThrow()).as("the refreshed entry is kept").isSameAs(
                tickets.get(ticket.id()).orElseThrow());
    }

    @Test
    void deliveryUpdatesRacingReadsEndOnTheColdView() throws Exception {
        Ticket ticket = open();
        List<Message> replies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            replies.add(tickets.addMessage(ticket.id(), NewMessage.agentReply("agent", "x", Visibility.PRIVATE,
                    "reply " + i).withDelivery(DeliveryState.QUEUED)));
        }
        ExecutorService pool8 = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            List<Message> mine = replies.subList(w * 2, w * 2 + 2);
            work.add(pool8.submit(() -> {
                for (DeliveryState state : List.of(DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ)) {
                    for (Message m : mine) {
                        tickets.updateDelivery(m.id(), state, Optional.of("out-" + m.id()));
                    }
                }
            }));
            work.add(pool8.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    tickets.get(ticket.id()).orElseThrow();
                }
            }));
        }
        for (Future<?> f : work) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool8.shutdown();
        Ticket warm = tickets.get(ticket.id()).orElseThrow();
        assertThat(warm).isEqualTo(cold(ticket.id()));
        assertThat(warm.messages()).filteredOn(m -> m.id() != warm.messages().get(0).id()).extracting(Message::delivery)
                .containsOnly(DeliveryState.READ);
    }

    @Test
    void concurrentWritersAndReadersEndOnTheColdView() throws Exception {
        List<Ticket> opened = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            opened.add(tickets.create(NewTicket.of("T" + t, "x", ann.id(), inbound("t" + t, "start"))));
        }
        ExecutorService pool8 = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            work.add(pool8.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    tickets.addMessage(opened.get(i % 4).id(), inbound("w" + writer + "-" + i, "msg " + i));
                }
            }));
            work.add(pool8.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    Ticket read = tickets.get(opened.get(i % 4).id()).orElseThrow();
                    assertThat(read.messages()).extracting(Message::id).isSorted().doesNotHaveDuplicates();
                }
            }));
        }
        for (Future<?> f : work) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool8.shutdown();
        for (Ticket t : opened) {
            Ticket warm = tickets.get(t.id()).orElseThrow();
            assertThat(warm).isEqualTo(cold(t.id()));
            assertThat(warm.messages()).hasSize(41);
        }
    }

    @Test
    void messagesAndChangesMadeOnAnotherNodeShowWithoutForgettingTheCachedTicket() {
        // the ticket event relay no longer forgets a ticket for a relayed CREATED, UPDATED or MESSAGE_ADDED
        JdbcTicketService node = new JdbcTicketService(pool, migrator, NO_EVENTS);
        Ticket ticket = node.create(NewTicket.of("Bag", "x", ann.id(), inbound("n1", "my bag")));
        assertThat(node.get(ticket.id()).orElseThrow()).isEqualTo(cold(ticket.id())); // cached on this node
        for (int i = 2; i <= 4; i++) {
            tickets.addMessage(ticket.id(), inbound("n" + i, "still waiting " + i)); // another node
            assertThat(node.get(ticket.id()).orElseThrow()).isEqualTo(cold(ticket.id()));
        }
        tickets.update(ticket.id(), TicketUpdate.none().withTagsAdded(java.util.Set.of("lost-bag")));
        Ticket warm = node.get(ticket.id()).orElseThrow();
        assertThat(warm).isEqualTo(cold(ticket.id()));
        assertThat(warm.tags()).containsExactly("lost-bag");
        assertThat(warm.messages()).extracting(Message::text).endsWith("still waiting 4");
    }

    @Test
    void aDeliveryUpdatedOnAnotherNodeShowsOnceTheEntryIsOlderThanItsMaximumAge() throws Exception {
        JdbcTicketService node = new JdbcTicketService(pool, migrator, NO_EVENTS, java.time.Clock.systemUTC(),
                new TicketCache(TimeUnit.MILLISECONDS.toNanos(300)));
        Ticket ticket = node.create(NewTicket.of("Bag", "x", ann.id(), inbound("e1", "my bag")));
        Message reply = node.addMessage(ticket.id(),
                NewMessage.agentReply("bob", "x", Visibility.PRIVATE, "on it").withDelivery(DeliveryState.QUEUED));
        node.addMessage(ticket.id(), inbound("e2", "thanks"));
        assertThat(node.get(ticket.id()).orElseThrow()).isEqualTo(cold(ticket.id()));

        tickets.updateDelivery(reply.id(), DeliveryState.SENT, Optional.of("dm-77")); // another node: no forget here
        assertThat(node.get(ticket.id()).orElseThrow().messages().get(1).delivery())
                .as("within the maximum age the cached state may lag").isEqualTo(DeliveryState.QUEUED);
        Thread.sleep(350);
        Ticket checked = node.get(ticket.id()).orElseThrow();
        assertThat(checked).isEqualTo(cold(ticket.id()));
        assertThat(checked.messages().get(1).delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(checked.messages().get(1).externalId()).contains("dm-77");

        node.addMessage(ticket.id(), inbound("e3", "and one more")); // the re-checked entry is built on
        assertThat(node.get(ticket.id()).orElseThrow()).isEqualTo(cold(ticket.id()));
    }
}
