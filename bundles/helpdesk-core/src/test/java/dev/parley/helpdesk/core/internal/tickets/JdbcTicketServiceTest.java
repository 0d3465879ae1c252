package dev.parley.helpdesk.core.internal.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.MessageAddition;
import dev.parley.helpdesk.api.MessageMark;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.OutboundPolicy;
import dev.parley.helpdesk.api.PolicyCheck;
import dev.parley.helpdesk.api.PolicyViolationException;
import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.StaleTicketException;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.TicketEvents;
import dev.parley.helpdesk.api.TicketNotFoundException;
import dev.parley.helpdesk.api.TicketOutline;
import dev.parley.helpdesk.api.TicketPage;
import dev.parley.helpdesk.api.TicketQuery;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.TicketUpdate;
import dev.parley.helpdesk.api.Visibility;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import dev.parley.helpdesk.core.internal.RecordedEvents;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;

class JdbcTicketServiceTest {


    private final RecordedEvents eventAdmin = new RecordedEvents();
    private final List<Event> events = eventAdmin.events;
    private HikariDataSource pool;
    private JdbcTicketService tickets;
    private JdbcCustomerService customers;

    /** A new, empty database for one test; the PostgreSQL subclass runs every test on PostgreSQL. */
    protected DataSource newDatabase() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    @BeforeEach
    void setUp() throws Exception {
        pool = StoreDataSource.pooled(newDatabase(), 8, 5_000);
        JdbcSchemaMigrator migrator = new JdbcSchemaMigrator(pool);
        tickets = new JdbcTicketService(pool, migrator, eventAdmin);
        customers = new JdbcCustomerService(pool, migrator);
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    private Customer ann() {
        return customers.resolve(new ChannelIdentity("x", "42", Optional.of("ann")), "Ann");
    }

    private Ticket newTicket(Customer who, String externalId) {
        return tickets.create(NewTicket.of("Bag lost", "x", who.id(),
                NewMessage.inbound(who, "x", Visibility.PUBLIC, externalId, "@acme my bag is lost", null)));
    }

    @Test
    void createThenGetReturnsTheWholeTicket() {
        Customer ann = ann();
        Ticket created = newTicket(ann, "t1");
        Ticket read = tickets.get(created.id()).orElseThrow();
        assertThat(read).isEqualTo(created);
        assertThat(read.status()).isEqualTo(TicketStatus.NEW);
        assertThat(read.requester().identities()).containsExactly(new ChannelIdentity("x", "42", Optional.of("ann")));
        assertThat(read.messages()).singleElement().satisfies(m -> {
            assertThat(m.externalId()).contains("t1");
            assertThat(m.author().customerId()).contains(ann.id());
        });
        assertThat(events).extracting(Event::getTopic).containsExactly(TicketEvents.CREATED, TicketEvents.MESSAGE_ADDED);
    }

    @Test
    void headAndGetAllReadWhatGetReads() {
        Customer ann = ann();
        Ticket first = newTicket(ann, "t1");
        Ticket second = newTicket(ann, "t2");
        tickets.addMessage(first.id(), NewMessage.inbound(ann, "x", Visibility.PUBLIC, "t3", "any news?", null));
        Ticket whole = tickets.get(first.id()).orElseThrow();

        TicketHead head = tickets.head(first.id()).orElseThrow();
        assertThat(head).isEqualTo(new TicketHead(whole.id(), whole.subject(), whole.status(), whole.priority(),
                whole.channel(), ann.id(), whole.assignee(), whole.group(), whole.linkedTicketId(), whole.createdAt(),
                whole.updatedAt(), whole.version()));
        assertThat(tickets.head(999_999)).isEmpty();

        assertThat(tickets.getAll(List.of(second.id(), 999_999L, first.id(), second.id())))
                .containsExactly(tickets.get(second.id()).orElseThrow(), whole);
        assertThat(tickets.getAll(List.of())).isEmpty();
    }

    @Test
    void outlinesAreTheWholeTicketsShapeColdWarmAndAfterNewMessages() {
        Customer ann = ann();
        Ticket first = newTicket(ann, "o1");
        Ticket second = newTicket(ann, "o2");
        tickets.addMessage(first.id(), NewMessage.agentReply("agent", "x", Visibility.PUBLIC, "on it"));
        tickets.addMessage(first.id(), NewMessage.agentReply("agent", "x", Visibility.INTERNAL_NOTE, "check the courier"));
        tickets.addMessage(first.id(), NewMessage.inbound(ann, "x", Visibility.PUBLIC, "o3", "any news?", null));
        List<Long> asked = List.of(second.id(), 999_999L, first.id(), second.id());

        JdbcTicketService cold = new JdbcTicketService(pool, new JdbcSchemaMigrator(pool), eventAdmin);
        List<TicketOutline> expected = tickets.getAll(asked).stream().map(TicketOutline::of).toList();
        assertThat(expected).extracting(TicketOutline::id).containsExactly(second.id(), first.id());
        assertThat(expected.get(1).messages()).extracting(MessageMark::direction, MessageMark::visibility)
                .containsExactly(tuple(Direction.INBOUND, Visibility.PUBLIC), tuple(Direction.OUTBOUND, Visibility.PUBLIC),
                        tuple(Direction.OUTBOUND, Visibility.INTERNAL_NOTE), tuple(Direction.INBOUND, Visibility.PUBLIC));
        assertThat(cold.outlines(asked)).as("read from the rows").isEqualTo(expected);
        assertThat(tickets.outlines(asked)).as("from the cached tickets").isEqualTo(expected);

        tickets.addMessage(second.id(), NewMessage.agentReply("agent", "x", Visibility.PRIVATE, "sent you a DM"));
        List<TicketOutline> outlines = tickets.outlines(asked);
        assertThat(outlines.get(0).messages()).extracting(MessageMark::direction)
                .containsExactly(Direction.INBOUND, Direction.OUTBOUND);
        assertThat(outlines).isEqualTo(tickets.getAll(asked).stream().map(TicketOutline::of).toList());
        assertThat(tickets.outlines(List.of())).isEmpty();
    }

    @Test
    void addingTheSamePlatformMessageTwiceStoresItOnce() {
        Customer ann = ann();
        Ticket ticket = newTicket(ann, "t1");
        NewMessage followUp = NewMessage.inbound(ann, "x", Visibility.PUBLIC, "t2", "any news?", null);
        Message first = tickets.addMessage(ticket.id(), followUp);
        events.clear();
        Message again = tickets.addMessage(ticket.id(), followUp);
        assertThat(again).isEqualTo(first);
        assertThat(tickets.get(ticket.id()).orElseThrow().messages()).hasSize(2);
        assertThat(events).isEmpty();
        assertThat(tickets.findMessage("x", "t2")).contains(first);
    }

    private static NewMessage dm(Customer who, String externalId) {
        return NewMessage.inbound(who, "x", Visibility.PRIVATE, externalId, "dm " + externalId, null);
    }

    @Test
    void aBatchOfMessagesIsStoredWholeInTheOrderOfEachTicketAndAnnouncedAfter() {
        Customer ann = ann();
        Ticket first = newTicket(ann, "t1");
        Ticket second = newTicket(ann, "t2");
        events.clear();
        List<Message> added = tickets.addMessages(List.of(new MessageAddition(second.id(), dm(ann, "b1")),
                new MessageAddition(first.id(), dm(ann, "a1")), new MessageAddition(second.id(), dm(ann, "b2")),
                new MessageAddition(second.id(), NewMessage.inbound(ann, "x", Visibility.PUBLIC, "t1", "again", null))));
        assertThat(added).extracting(m -> m.externalId().orElseThrow()).containsExactly("b1", "a1", "b2", "t1");
        assertThat(added.get(3)).isEqualTo(first.messages().get(0)); // already stored: found where it is, not added
        assertThat(tickets.get(second.id()).orElseThrow().messages()).extracting(m -> m.externalId().orElseThrow())
                .containsExactly("t2", "b1", "b2");
        assertThat(tickets.get(second.id()).orElseThrow().version()).isEqualTo(second.version() + 2);
        assertThat(events).extracting(Event::getTopic).containsExactly(TicketEvents.MESSAGE_ADDED,
                TicketEvents.MESSAGE_ADDED, TicketEvents.MESSAGE_ADDED);
        assertThat(events).extracting(e -> e.getProperty(TicketEvents.MESSAGE_ID))
                .containsExactlyInAnyOrder(added.get(0).id(), added.get(1).id(), added.get(2).id());
    }

    @Test
    void aBatchThatCannotBeStoredWholeStoresNothing() {
        Customer ann = ann();
        Ticket first = newTicket(ann, "t1");
        Ticket closed = newTicket(ann, "t2");
        tickets.update(closed.id(), TicketUpdate.none().withStatus(TicketStatus.CLOSED));
        events.clear();
        // the open ticket's message is written first (ascending ticket ids), then the closed one refuses
        assertThatThrownBy(() -> tickets.addMessages(List.of(new MessageAddition(closed.id(), dm(ann, "b1")),
                new MessageAddition(first.id(), dm(ann, "a1"))))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLOSED");
        assertThat(tickets.findMessage("x", "a1")).isEmpty();
        assertThat(tickets.get(first.id()).orElseThrow().version()).isEqualTo(first.version());
        assertThat(events).isEmpty();
        assertThat(tickets.addMessages(List.of())).isEmpty();
    }

    /** The service under test's transactions, counted as the connections it takes. */
    private static final class CountingDataSource implements DataSource {
        final DataSource delegate;
        final java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();

        CountingDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public java.sql.Connection getConnection() throws java.sql.SQLException {
            taken.incrementAndGet();
            return delegate.getConnection();
        }

        @Override
        public java.sql.Connection getConnection(String user, String password) throws java.sql.SQLException {
            taken.incrementAndGet();
            return delegate.getConnection(user, password);
        }

        @Override
        public java.io.PrintWriter getLogWriter() throws java.sql.SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) throws java.sql.SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws java.sql.SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws java.sql.SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws java.sql.SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws java.sql.SQLException {
            return delegate.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws java.sql.SQLException {
            return delegate.isWrapperFor(iface);
        }
    }

    @Test
    void messagesAddedWhileAnotherCommitIsUnderWayShareTheNextCommit() throws Exception {
        Customer ann = ann();
        Ticket ticket = newTicket(ann, "t1");
        CountingDataSource counting = new CountingDataSource(pool);
        JdbcTicketService grouped = new JdbcTicketService(counting, new JdbcSchemaMigrator(pool), eventAdmin);
        ExecutorService callers = Executors.newFixedThreadPool(9);
        try (java.sql.Connection holder = pool.getConnection()) {
            // another writer holds the ticket's row: the first append waits for it inside its transaction
            holder.setAutoCommit(false);
            try (var lock = holder.prepareStatement("SELECT version FROM tickets WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, ticket.id());
                lock.executeQuery().close();
            }
            counting.taken.set(0);
            events.clear();
            List<Future<Message>> added = new ArrayList<>();
            added.add(callers.submit(() -> grouped.addMessage(ticket.id(), dm(ann, "m0"))));
            Thread.sleep(100); // m0 leads and waits on the row lock
            for (int i = 1; i <= 8; i++) {
                String id = "m" + i;
                added.add(callers.submit(() -> grouped.addMessage(ticket.id(), dm(ann, id))));
            }
            Thread.sleep(200); // the eight queue behind m0's transaction
            holder.rollback();
            for (Future<Message> f : added) {
                assertThat(f.get(10, java.util.concurrent.TimeUnit.SECONDS).ticketId()).isEqualTo(ticket.id());
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(counting.taken.get()).as("nine messages, two transactions").isEqualTo(2);
        Ticket after = tickets.get(ticket.id()).orElseThrow();
        assertThat(after.messages()).hasSize(10);
        assertThat(after.version()).isEqualTo(ticket.version() + 9);
        assertThat(events).filteredOn(e -> e.getTopic().equals(TicketEvents.MESSAGE_ADDED)).hasSize(9);
    }

    @Test
    void concurrentDeliveriesOfOneMessageAndConcurrentRepliesAreAllConsistent() throws Exception {
        Customer ann = ann();
        Ticket ticket = newTicket(ann, "t1");
        ExecutorService pool8 = Executors.newFixedThreadPool(8);
        try {
            List<Future<Message>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String externalId = "dup-" + (i % 10); // every message arrives four times
                futures.add(pool8.submit(() -> tickets.addMessage(ticket.id(),
                        NewMessage.inbound(ann, "x", Visibility.PRIVATE, externalId, "dm " + externalId, null))));
            }
            Set<Long> ids = new HashSet<>();
            for (Future<Message> f : futures) {
                ids.add(f.get().id());
            }
            assertThat(ids).hasSize(10);
        } finally {
            pool8.shutdownNow();
        }
        Ticket after = tickets.get(ticket.id()).orElseThrow();
        assertThat(after.messages()).hasSize(11);
        assertThat(after.version()).isEqualTo(11); // one version step per stored message
    }

    @Test
    void statusFollowsTheConversation() {
        Customer ann = ann();
        Ticket ticket = newTicket(ann, "t1");
        tickets.addMessage(ticket.id(), NewMessage.agentReply("bob", "x", Visibility.INTERNAL_NOTE, "note"));
        assertThat(tickets.get(ticket.id()).orElseThrow().status()).isEqualTo(TicketStatus.NEW);
        tickets.addMessage(ticket.id(), NewMessage.agentReply("bob", "x", Visibility.PUBLIC, "on it"));
        assertThat(tickets.get(ticket.id()).orElseThrow().status()).isEqualTo(TicketStatus.OPEN);
        tickets.update(ticket.id(), TicketUpdate.none().withStatus(TicketStatus.SOLVED));
        tickets.addMessage(ticket.id(), NewMessage.inbound(ann, "x", Visibility.PUBLIC, "t9", "still broken", null));
        assertThat(tickets.get(ticket.id()).orElseThrow().status()).isEqualTo(TicketStatus.OPEN);

        tickets.update(ticket.id(), TicketUpdate.none().withStatus(TicketStatus.CLOSED));
        assertThatThrownBy(() -> tickets.addMessage(ticket.id(),
                NewMessage.inbound(ann, "x", Visibility.PUBLIC, "t10", "hello?", null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CLOSED");
    }

    @Test
    void updateAppliesOnlyWhatChangedAndRefusesAStaleVersion() {
        Ticket ticket = newTicket(ann(), "t1");
        events.clear();
        Ticket updated = tickets.update(ticket.id(), TicketUpdate.none().withPriority(Priority.URGENT)
                .withAssignee("bob").withTagsAdded(Set.of("vip", "lost-bag")).withExpectedVersion(ticket.version()));
        assertThat(updated.priority()).isEqualTo(Priority.URGENT);
        assertThat(updated.assignee()).contains("bob");
        assertThat(updated.tags()).containsExactly("lost-bag", "vip");
        assertThat(updated.version()).isEqualTo(ticket.version() + 1);
        assertThat((String[]) events.get(0).getProperty(TicketEvents.CHANGES))
                .containsExactlyInAnyOrder("priority", "assignee", "tags");

        assertThatThrownBy(() -> tickets.update(ticket.id(),
                TicketUpdate.none().withPriority(Priority.LOW).withExpectedVersion(ticket.version())))
                .isInstanceOf(StaleTicketException.class);

        Ticket cleared = tickets.update(ticket.id(), TicketUpdate.none().withAssignee("").withTagsRemoved(Set.of("vip")));
        assertThat(cleared.assignee()).isEmpty();
        assertThat(cleared.tags()).containsExactly("lost-bag");

        events.clear();
        tickets.update(ticket.id(), TicketUpdate.none().withPriority(Priority.URGENT));
        assertThat(events).as("a no-op update announces nothing").isEmpty();
        assertThatThrownBy(() -> tickets.update(999, TicketUpdate.none().withPriority(Priority.LOW)))
                .isInstanceOf(TicketNotFoundException.class);
    }

    @Test
    void anUpdateCorrectsTheSubjectAndTheRequesterAndAnnouncesBoth() {
        Ticket ticket = newTicket(ann(), "t-subj");
        Customer jane = customers.resolve(ChannelIdentity.of("x", "jane-1"), "Jane");
        events.clear();

        Ticket updated = tickets.update(ticket.id(), TicketUpdate.none().withSubject("  Order 42 never came ")
                .withRequester(jane.id()));

        assertThat(updated.subject()).isEqualTo("Order 42 never came");
        assertThat(updated.requester().id()).isEqualTo(jane.id());
        assertThat(updated.version()).isEqualTo(ticket.version() + 1);
        assertThat(tickets.get(ticket.id()).orElseThrow().subject()).isEqualTo("Order 42 never came");
        assertThat((String[]) events.get(0).getProperty(TicketEvents.CHANGES))
                .containsExactlyInAnyOrder("subject", "requester");

        events.clear();
        tickets.update(ticket.id(), TicketUpdate.none().withSubject("Order 42 never came").withRequester(jane.id()));
        assertThat(events).as("the same subject and requester change nothing").isEmpty();
        assertThatThrownBy(() -> tickets.update(ticket.id(), TicketUpdate.none().withRequester(987_654)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customer 987654 does not exist");
        assertThatThrownBy(() -> tickets.update(ticket.id(), TicketUpdate.none().withSubject(" ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
    }

    @Test
    void aMessageAddedEventNamesTheMessagesProperties() {
        Customer ann = ann();
        events.clear();
        tickets.create(NewTicket.of("props", "x", ann.id(), NewMessage.inbound(ann, "x", Visibility.PUBLIC, "t-props",
                "hi", null).withProperties(Map.of("social.needsLookup", "true", "social.account", "a"))));
        Event added = events.stream().filter(e -> e.getTopic().equals(TicketEvents.MESSAGE_ADDED)).findFirst()
                .orElseThrow();
        assertThat((String[]) added.getProperty(TicketEvents.MESSAGE_PROPERTY_KEYS))
                .containsExactlyInAnyOrder("social.needsLookup", "social.account");
    }

    @Test
    void headsAfterWalksTheOpenTicketsAcrossPagesWithGapsAndConcurrentArrivals() {
        Customer ann = ann();
        List<Long> open = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long id = newTicket(ann, "k" + i).id();
            if (i % 3 == 1) {
                tickets.update(id, TicketUpdate.none().withStatus(TicketStatus.CLOSED)); // a gap in the open ids
            } else {
                open.add(id);
            }
        }
        Set<TicketStatus> openStatuses = Set.of(TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING);
        List<TicketHead> walked = new ArrayList<>();
        List<Long> arrived = new ArrayList<>();
        long after = 0;
        for (List<TicketHead> page = tickets.headsAfter(after, openStatuses, 3); !page.isEmpty();
                page = tickets.headsAfter(after, openStatuses, 3)) {
            assertThat(page).hasSizeLessThanOrEqualTo(3);
            walked.addAll(page);
            after = page.get(page.size() - 1).id();
            if (arrived.size() < 2) {
                arrived.add(newTicket(ann, "arrived-" + arrived.size()).id()); // created during the walk: at its end
            }
        }
        List<Long> expected = new ArrayList<>(open);
        expected.addAll(arrived);
        assertThat(walked).extracting(TicketHead::id).containsExactlyElementsOf(expected);
        assertThat(walked.get(0)).isEqualTo(tickets.head(open.get(0)).orElseThrow());

        assertThat(tickets.headsAfter(0, Set.of(), 1_000)).hasSize(14); // no filter: closed ones too
        assertThat(tickets.headsAfter(0, Set.of(TicketStatus.CLOSED), 2)).extracting(TicketHead::status)
                .containsOnly(TicketStatus.CLOSED).hasSize(2);
        assertThat(tickets.headsAfter(expected.get(expected.size() - 1), openStatuses, 10)).isEmpty();
        assertThatThrownBy(() -> tickets.headsAfter(0, openStatuses, 1_001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> tickets.headsAfter(0, openStatuses, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }

    @Test
    void queryFiltersAndPagesWithStableCursors() {
        Customer ann = ann();
        Customer bob = customers.resolve(ChannelIdentity.of("email", "bob@example.com"), "Bob");
        List<Long> annTickets = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            annTickets.add(newTicket(ann, "a" + i).id());
        }
        tickets.create(NewTicket.of("Invoice", "web", bob.id(),
                NewMessage.inbound(bob, "web", Visibility.PRIVATE, null, "invoice?", null)));
        tickets.update(annTickets.get(0), TicketUpdate.none().withTagsAdded(Set.of("vip")));

        List<Long> seen = new ArrayList<>();
        TicketQuery query = TicketQuery.all().withChannel("x").withLimit(3);
        TicketPage page = tickets.query(query);
        seen.addAll(page.tickets().stream().map(Ticket::id).toList());
        while (page.nextCursor().isPresent()) {
            newTicket(ann, "late-" + seen.size()); // new arrivals do not shift later pages
            page = tickets.query(query.withCursor(page.nextCursor().get()));
            seen.addAll(page.tickets().stream().map(Ticket::id).toList());
        }
        List<Long> newestFirst = new ArrayList<>(annTickets);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);

        assertThat(tickets.query(new TicketQuery(null, null, null, null, null, Optional.of("vip"), null, null, null, 10))
                .tickets()).extracting(Ticket::id).containsExactly(annTickets.get(0));
        assertThat(tickets.query(TicketQuery.all().withRequester(bob.id())).tickets()).singleElement()
                .extracting(Ticket::subject).isEqualTo("Invoice");
        tickets.update(annTickets.get(1), TicketUpdate.none().withStatus(TicketStatus.SOLVED));
        assertThat(tickets.query(TicketQuery.all().withStatuses(Set.of(TicketStatus.SOLVED))).tickets())
                .extracting(Ticket::id).containsExactly(annTickets.get(1));
        assertThat(tickets.query(TicketQuery.all().withStatuses(Set.of(TicketStatus.SOLVED, TicketStatus.OPEN,
                TicketStatus.PENDING))).tickets()).extracting(Ticket::id).containsExactly(annTickets.get(1));
        assertThatThrownBy(() -> tickets.query(TicketQuery.all().withCursor("garbage")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
    }

    @Test
    void deliveryStateIsRecordedAndAnnounced() {
        Ticket ticket = newTicket(ann(), "t1");
        Message reply = tickets.addMessage(ticket.id(),
                NewMessage.agentReply("bob", "x", Visibility.PUBLIC, "hi").withDelivery(DeliveryState.QUEUED));
        events.clear();
        Message sent = tickets.updateDelivery(reply.id(), DeliveryState.SENT, Optional.of("tweet-123"));
        assertThat(sent.delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(sent.deliveryDetail()).contains("tweet-123");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getTopic()).isEqualTo(TicketEvents.DELIVERY_CHANGED);
            assertThat(e.getProperty(TicketEvents.DELIVERY_STATE)).isEqualTo("SENT");
        });
        // the platform id finds the reply, so its echo and the customer's answers to it land here
        assertThat(tickets.findMessage("x", "tweet-123")).map(Message::id).contains(reply.id());
    }

    @Test
    void aRevisedMessageKeepsItsPlaceAndTheTicketsStatusAndIsAnnounced() {
        Ticket ticket = newTicket(ann(), "t1");
        Message first = ticket.messages().get(0);
        events.clear();
        Message revised = tickets.reviseMessage(first.id(), "[unsent]", List.of(), Map.of("social.retractedAt", "now"));
        assertThat(revised.id()).isEqualTo(first.id());
        assertThat(revised.text()).isEqualTo("[unsent]");
        assertThat(revised.attachments()).isEmpty();
        assertThat(revised.properties()).containsEntry("social.retractedAt", "now");
        Ticket after = tickets.get(ticket.id()).orElseThrow();
        assertThat(after.messages()).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("[unsent]"));
        assertThat(after.status()).isEqualTo(ticket.status());
        assertThat(events).singleElement().satisfies(e -> assertThat(e.getTopic()).isEqualTo(TicketEvents.MESSAGE_REVISED));
        assertThatThrownBy(() -> tickets.reviseMessage(999_999, "x", List.of(), Map.of()))
                .isInstanceOf(TicketNotFoundException.class);
    }

    @Test
    void aReplySentOutsideTheHelpdeskIsRecordedWithoutThePolicies() {
        OutboundPolicy refuseAll = (t, m) -> {
            throw new PolicyViolationException("no", "refused", "nothing");
        };
        tickets.addOutboundPolicy(refuseAll, Map.of(OutboundPolicy.CHANNEL, "x", "service.id", 9L));
        Ticket ticket = newTicket(ann(), "t1");
        Message record = tickets.addMessage(ticket.id(), NewMessage.agentReply("ann via the X app", "x",
                Visibility.PRIVATE, "answered on my phone").withDelivery(DeliveryState.SENT));
        assertThat(record.delivery()).isEqualTo(DeliveryState.SENT);
        assertThatThrownBy(() -> tickets.addMessage(ticket.id(), NewMessage.agentReply("bob", "x", Visibility.PRIVATE,
                "hi"))).isInstanceOf(PolicyViolationException.class);
    }

    @Test
    void queuedMessagesAreTheOutboxOfAChannel() {
        Ticket ticket = newTicket(ann(), "t1");
        Message first = tickets.addMessage(ticket.id(),
                NewMessage.agentReply("bob", "x", Visibility.PUBLIC, "one").withDelivery(DeliveryState.QUEUED));
        Message second = tickets.addMessage(ticket.id(),
                NewMessage.agentReply("bob", "x", Visibility.PUBLIC, "two").withDelivery(DeliveryState.QUEUED));
        tickets.addMessage(ticket.id(), NewMessage.agentReply("bob", "x", Visibility.INTERNAL_NOTE, "note"));
        assertThat(tickets.queuedMessages(Set.of("x"), 10)).extracting(Message::id).containsExactly(first.id(), second.id());
        tickets.updateDelivery(first.id(), DeliveryState.FAILED, Optional.of("blocked"));
        assertThat(tickets.queuedMessages(Set.of("x", "web"), 10)).extracting(Message::id).containsExactly(second.id());
        assertThat(tickets.queuedMessages(Set.of("messenger"), 10)).isEmpty();
        assertThatThrownBy(() -> tickets.queuedMessages(Set.of("x"), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outboundPoliciesOfTheChannelReviewRepliesBeforeAnythingIsStored() {
        Ticket ticket = newTicket(ann(), "t1");
        OutboundPolicy queueIt = (t, m) -> m.withDelivery(DeliveryState.QUEUED);
        OutboundPolicy refuseLong = (t, m) -> {
            if (m.text().length() > 5) {
                throw new PolicyViolationException("too-long", "the reply is too long", "shorten it");
            }
            return m;
        };
        tickets.addOutboundPolicy(queueIt, Map.of(OutboundPolicy.CHANNEL, "x", "service.id", 1L));
        tickets.addOutboundPolicy(refuseLong, Map.of(OutboundPolicy.CHANNEL, new String[] {"x", "messenger"},
                "service.id", 2L, "service.ranking", 10));
        assertThatThrownBy(() -> tickets.addMessage(ticket.id(),
                NewMessage.agentReply("bob", "x", Visibility.PUBLIC, "far too long")))
                .isInstanceOf(PolicyViolationException.class).hasMessageContaining("too long");
        assertThat(tickets.get(ticket.id()).orElseThrow().messages()).hasSize(1);
        Message ok = tickets.addMessage(ticket.id(), NewMessage.agentReply("bob", "x", Visibility.PUBLIC, "ok"));
        assertThat(ok.delivery()).isEqualTo(DeliveryState.QUEUED);
        // notes and customers' messages are not the policy's business
        assertThat(tickets.addMessage(ticket.id(), NewMessage.agentReply("bob", "x", Visibility.INTERNAL_NOTE,
                "a long internal note")).delivery()).isEqualTo(DeliveryState.NONE);
        tickets.removeOutboundPolicy(refuseLong);
        tickets.removeOutboundPolicy(queueIt);
        // the channel's plugin is away: a reply would be stored and never sent, so it is refused instead
        assertThatThrownBy(() -> tickets.addMessage(ticket.id(), NewMessage.agentReply("bob", "x", Visibility.PUBLIC,
                "nobody sends this"))).isInstanceOfSatisfying(PolicyViolationException.class,
                        e -> assertThat(e.rule()).isEqualTo("channel-unavailable"));
        assertThat(tickets.addMessage(ticket.id(), NewMessage.agentReply("bob", "web", Visibility.PUBLIC,
                "a channel without a sender")).delivery()).isEqualTo(DeliveryState.NONE);
    }

    @Test
    void aCheckAnswersAsASendWouldAndStoresNothing() {
        Ticket ticket = newTicket(ann(), "t1");
        OutboundPolicy refuseLong = new OutboundPolicy() {
            @Override
            public NewMessage review(Ticket t, NewMessage m) {
                if (m.text().length() > 5) {
                    throw new PolicyViolationException("too-long", "the reply is too long", "shorten it");
                }
                return m.withDelivery(DeliveryState.QUEUED);
            }

            @Override
            public Optional<Integer> maxLength(Ticket t, NewMessage m) {
                return Optional.of(5);
            }
        };
        tickets.addOutboundPolicy(refuseLong, Map.of(OutboundPolicy.CHANNEL, "x", "service.id", 1L));
        events.clear();
        PolicyCheck refused = tickets.checkMessage(ticket.id(), NewMessage.agentReply("bob", "x", Visibility.PUBLIC,
                "far too long"));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.rule()).contains("too-long");
        assertThat(refused.detail()).contains("the reply is too long");
        assertThat(refused.remedy()).contains("shorten it");
        assertThat(refused.remaining()).contains(-7);
        PolicyCheck allowed = tickets.checkMessage(ticket.id(), NewMessage.agentReply("bob", "x", Visibility.PUBLIC,
                "ok"));
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.rule()).isEmpty();
        assertThat(allowed.remaining()).contains(3);
        assertThat(tickets.checkMessage(ticket.id(), NewMessage.agentReply("bob", "x", Visibility.INTERNAL_NOTE,
                "a long internal note")).remaining()).isEmpty();
        assertThat(tickets.get(ticket.id()).orElseThrow().messages()).hasSize(1);
        assertThat(events).isEmpty();
        assertThatThrownBy(() -> tickets.checkMessage(999_999, NewMessage.agentReply("bob", "x", Visibility.PUBLIC,
                "ok"))).isInstanceOf(TicketNotFoundException.class);
    }

    @Test
    void sameIdentityResolvesToTheSameCustomerAndHandlesFollowRenames() {
        Customer first = ann();
        Customer renamed = customers.resolve(new ChannelIdentity("x", "42", Optional.of("ann_new")), "Ann");
        assertThat(renamed.id()).isEqualTo(first.id());
        assertThat(renamed.identities()).singleElement().satisfies(i -> assertThat(i.handle()).contains("ann_new"));
        Customer linked = customers.link(first.id(), ChannelIdentity.of("messenger", "psid-7"));
        assertThat(customers.findByIdentity("messenger", "psid-7")).contains(linked);
        Customer other = customers.resolve(ChannelIdentity.of("x", "43"), "Zed");
        assertThatThrownBy(() -> customers.link(other.id(), ChannelIdentity.of("messenger", "psid-7")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already belongs");
    }

    @Test
    void invalidInputIsRefusedWithTheFieldName() {
        Customer ann = ann();
        assertThatThrownBy(() -> tickets.create(NewTicket.of(" ", "x", ann.id(),
                NewMessage.inbound(ann, "x", Visibility.PUBLIC, "t1", "hi", null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> tickets.create(NewTicket.of("s", "x", 9999,
                NewMessage.inbound(ann, "x", Visibility.PUBLIC, "t1", "hi", null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requester 9999");
    }
}
