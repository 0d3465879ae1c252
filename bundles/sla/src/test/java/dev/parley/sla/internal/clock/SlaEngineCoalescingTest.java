package dev.parley.sla.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketEvents;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.TicketUpdate;
import dev.parley.helpdesk.api.Visibility;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;
import dev.parley.helpdesk.core.internal.tickets.JdbcCustomerService;
import dev.parley.helpdesk.core.internal.tickets.JdbcTicketService;
import dev.parley.sla.api.SlaEvents;
import dev.parley.sla.internal.policy.PolicyCatalog;
import dev.parley.sla.internal.store.LadderStore;
import dev.parley.sla.internal.store.SlaStore;

/** Ticket events coalesce into one bulk read per page, on the real ticket service and an in-memory H2. */
class SlaEngineCoalescingTest {

    private final List<Event> slaEvents = new CopyOnWriteArrayList<>();
    /** Where the ticket service's own events go, when a test wants them delivered. */
    private volatile SlaEngine forwardTo;
    private final EventAdmin events = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            SlaEngine engine = forwardTo;
            if (event.getTopic().startsWith(SlaEvents.TOPIC_PREFIX)) {
                slaEvents.add(event);
            } else if (event.getTopic().startsWith(TicketEvents.TOPIC_PREFIX) && engine != null) {
                engine.handleEvent(event);
            }
        }

        @Override
        public void sendEvent(Event event) {
            postEvent(event);
        }
    };
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<SlaEngine> engines = new ArrayList<>();
    private HikariDataSource pool;
    private JdbcSchemaMigrator migrator;
    private JdbcTicketService real;
    private RecordingTickets tickets;
    private Customer ann;

    @BeforeEach
    void setUp() {
        pool = newPool();
        migrator = new JdbcSchemaMigrator(pool);
        real = new JdbcTicketService(pool, migrator, events);
        tickets = new RecordingTickets(real);
        ann = new JdbcCustomerService(pool, migrator).resolve(new ChannelIdentity("x", "42", Optional.of("ann")), "Ann");
    }

    @AfterEach
    void tearDown() {
        tickets.release();
        engines.forEach(SlaEngine::deactivate);
        pools.forEach(HikariDataSource::close);
    }

    private HikariDataSource newPool() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        HikariDataSource created = StoreDataSource.pooled(h2, 8, 5_000);
        pools.add(created);
        return created;
    }

    private SlaEngine start(SlaStore store, TicketService ticketService) throws Exception {
        SlaEngine engine = new SlaEngine(store, ticketService, events,
                new SlaCalculator(PolicyCatalog.of(List.of(), List.of()), SlaRules.DEFAULTS),
                new MutableClock(Instant.now()));
        engines.add(engine);
        engine.awaitBackfill(Duration.ofSeconds(10));
        if (ticketService instanceof RecordingTickets recording) {
            // the start's reconcile reads whole tickets through getAll too; these tests count the event drains'
            recording.outlineReads.clear();
            recording.wholeReads.clear();
        }
        return engine;
    }

    private Ticket dm(String externalId) {
        return real.create(NewTicket.of("Where is my bag?", "x", ann.id(),
                NewMessage.inbound(ann, "x", Visibility.PRIVATE, externalId, "where is my bag", null)));
    }

    private void customerWrites(long ticketId, String externalId) {
        real.addMessage(ticketId, NewMessage.inbound(ann, "x", Visibility.PRIVATE, externalId, "any news?", null));
    }

    private static Event touched(long ticketId) {
        return new Event(TicketEvents.UPDATED, Map.of(TicketEvents.TICKET_ID, ticketId));
    }

    /** What the ticket service announces for the change from {@code before} to {@code after}. */
    private static Event changed(Ticket before, Ticket after) {
        return changed(before, after, Duration.ZERO);
    }

    /** As above, the event's timestamp taken {@code later} than the commit, as a real one is. */
    private static Event changed(Ticket before, Ticket after, Duration later) {
        Map<String, Object> props = new HashMap<>(Map.of(TicketEvents.TICKET_ID, after.id(), TicketEvents.STATUS,
                after.status().name(), TicketEvents.TIMESTAMP, after.updatedAt().plus(later).toEpochMilli()));
        if (before.status() != after.status()) {
            props.put(TicketEvents.PREVIOUS_STATUS, before.status().name());
        }
        return new Event(TicketEvents.UPDATED, props);
    }

    private long changedEventsFor(long ticketId) {
        return slaEvents.stream().filter(e -> e.getTopic().equals(SlaEvents.CHANGED))
                .filter(e -> e.getProperty(SlaEvents.TICKET_ID).equals(ticketId)).count();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void eventsArrivingWhileAPageIsReadCostOneMoreReadAndSavePerTicket() throws Exception {
        Ticket a = dm("a");
        Ticket b = dm("b");
        SlaEngine engine = start(new SlaStore(pool, migrator), tickets);
        slaEvents.clear();
        forwardTo = engine;

        tickets.holdNextOutlineRead();
        customerWrites(a.id(), "a-first");
        tickets.awaitHeld();
        for (int i = 0; i < 100; i++) {
            customerWrites(b.id(), "b-" + i);
            customerWrites(a.id(), "a-" + i);
        }
        Ticket last = dm("last"); // its events queue behind a's and b's: once it has clocks, the drain is done
        tickets.release();
        await(() -> engine.status(last.id()).isPresent());

        assertThat(tickets.outlineReads).containsExactly(List.of(a.id()), List.of(b.id(), a.id(), last.id()));
        assertThat(tickets.wholeReads).isEmpty();
        // the change events are posted after their save commits, possibly after last's clocks show
        await(() -> changedEventsFor(b.id()) >= 1 && changedEventsFor(a.id()) >= 1);
        assertThat(changedEventsFor(b.id())).isEqualTo(1);
        // the held read already saw all of a's messages: its second read changes nothing, saves nothing
        assertThat(changedEventsFor(a.id())).isEqualTo(1);
        Ticket bNow = real.get(b.id()).orElseThrow();
        assertThat(new SlaStore(pool, migrator).load(b.id()).orElseThrow().lastCustomerAt())
                .contains(bNow.lastMessage().orElseThrow().createdAt());
    }

    @Test
    void manyPendingTicketsAreReadInPagesOfTwoHundredInArrivalOrder() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            ids.add(dm("m" + i).id());
        }
        SlaEngine engine = start(new SlaStore(pool, migrator), tickets);

        tickets.holdNextOutlineRead();
        engine.handleEvent(touched(ids.get(0)));
        tickets.awaitHeld();
        ids.forEach(id -> engine.handleEvent(touched(id)));
        Ticket last = dm("last");
        engine.handleEvent(touched(last.id()));
        tickets.release();
        await(() -> engine.status(last.id()).isPresent());

        assertThat(tickets.outlineReads).extracting(List::size).containsExactly(1, 200, 200, 51);
        List<Long> expected = new ArrayList<>(ids);
        expected.add(last.id());
        assertThat(tickets.outlineReads.subList(1, 4).stream().flatMap(List::stream)).containsExactlyElementsOf(expected);
    }

    @Test
    void coalescedClocksEqualARefreshAfterEveryChangeIncludingPausesTheReadMissed() throws Exception {
        long id = dm("m1").id();
        HikariDataSource otherPool = newPool();
        SlaStore stepwiseStore = new SlaStore(otherPool, new JdbcSchemaMigrator(otherPool));
        SlaEngine stepwise = start(stepwiseStore, real);
        SlaStore coalescedStore = new SlaStore(pool, migrator);
        SlaEngine coalesced = start(coalescedStore, tickets);
        List<Runnable> changes = List.of(
                () -> real.addMessage(id, NewMessage.agentReply("bob", "x", Visibility.PRIVATE, "on it")),
                () -> real.update(id, TicketUpdate.none().withStatus(TicketStatus.PENDING)),
                () -> customerWrites(id, "m2"), // back to OPEN
                () -> real.addMessage(id, NewMessage.agentReply("bob", "x", Visibility.PRIVATE, "found it")),
                () -> real.update(id, TicketUpdate.none().withStatus(TicketStatus.PENDING)),
                () -> real.update(id, TicketUpdate.none().withStatus(TicketStatus.OPEN)),
                () -> real.update(id, TicketUpdate.none().withStatus(TicketStatus.SOLVED)),
                () -> customerWrites(id, "m3")); // reopened

        tickets.holdNextOutlineRead();
        Ticket before = real.get(id).orElseThrow();
        for (Runnable change : changes) {
            change.run();
            Ticket after = real.get(id).orElseThrow();
            stepwise.refresh(id);
            coalesced.handleEvent(changed(before, after));
            tickets.awaitHeld();
            // a pause is keyed by its start: keep each change in its own millisecond
            await(() -> System.currentTimeMillis() > after.updatedAt().toEpochMilli());
            before = after;
        }
        Ticket last = dm("last");
        coalesced.handleEvent(touched(last.id()));
        tickets.release();
        await(() -> coalesced.status(last.id()).isPresent());

        // the coalesced engine read the ticket twice, both times in its final state (OPEN)
        assertThat(tickets.outlineReads).containsExactly(List.of(id), List.of(id, last.id()));
        TicketClocks expected = stepwiseStore.load(id).orElseThrow();
        assertThat(expected.pauses()).hasSize(3); // PENDING, PENDING, SOLVED until reopened
        assertThat(coalescedStore.load(id)).contains(expected);
    }

    @Test
    void lateEventsForStatusChangesAReadAlreadySawAreNotCountedTwice() throws Exception {
        long id = dm("m1").id();
        SlaStore store = new SlaStore(pool, migrator);
        SlaEngine engine = start(store, tickets);
        List<Event> late = new ArrayList<>();
        Ticket before = real.get(id).orElseThrow();
        for (TicketStatus status : List.of(TicketStatus.PENDING, TicketStatus.OPEN)) {
            real.update(id, TicketUpdate.none().withStatus(status));
            Ticket after = real.get(id).orElseThrow();
            engine.refresh(id);
            late.add(changed(before, after, Duration.ofMillis(1)));
            await(() -> System.currentTimeMillis() > after.updatedAt().toEpochMilli() + 1);
            before = after;
        }
        TicketClocks seen = store.load(id).orElseThrow();

        late.forEach(engine::handleEvent); // delivered after the reads that saw each change
        Ticket last = dm("last");
        engine.handleEvent(touched(last.id()));
        await(() -> engine.status(last.id()).isPresent());

        assertThat(tickets.outlineReads.stream().flatMap(List::stream)).contains(id);
        assertThat(seen.pauses()).hasSize(1);
        assertThat(store.load(id)).contains(seen);
    }

    @Test
    void aPageThatFailsIsRetriedOneTicketAtATime() throws Exception {
        Ticket first = dm("first");
        Ticket a = dm("a");
        Ticket b = dm("b");
        SlaEngine engine = start(new SlaStore(pool, migrator), tickets);
        customerWrites(a.id(), "a2");
        customerWrites(b.id(), "b2");

        tickets.holdNextOutlineRead();
        engine.handleEvent(touched(first.id()));
        tickets.awaitHeld();
        engine.handleEvent(touched(a.id()));
        engine.handleEvent(touched(b.id()));
        tickets.failNextOutlineRead(); // the page after the held one: a and b together
        tickets.release();
        SlaStore store = new SlaStore(pool, migrator);
        await(() -> store.load(b.id()).flatMap(TicketClocks::lastCustomerAt).equals(
                real.get(b.id()).flatMap(Ticket::lastMessage).map(m -> m.createdAt())));

        assertThat(tickets.outlineReads).containsExactly(List.of(first.id()), List.of(a.id(), b.id()), List.of(a.id()),
                List.of(b.id()));
        assertThat(store.load(a.id()).flatMap(TicketClocks::lastCustomerAt))
                .isEqualTo(real.get(a.id()).flatMap(Ticket::lastMessage).map(m -> m.createdAt()));
    }

    @Test
    void deactivationLetsTheCurrentPageFinishUninterruptedAndLeavesTheRest() throws Exception {
        Ticket a = dm("a");
        Ticket b = dm("b");
        SlaEngine engine = start(new SlaStore(pool, migrator), tickets);

        tickets.holdNextOutlineRead();
        engine.handleEvent(touched(a.id()));
        tickets.awaitHeld();
        engine.handleEvent(touched(b.id()));
        Thread stopper = new Thread(engine::deactivate, "test-deactivate");
        stopper.start();
        await(() -> stopper.getState() == Thread.State.TIMED_WAITING); // in awaitTermination: stopping is set
        tickets.release();
        stopper.join(Duration.ofSeconds(10).toMillis());

        assertThat(stopper.isAlive()).isFalse();
        assertThat(tickets.interruptedWhileHeld).isFalse();
        assertThat(tickets.outlineReads).containsExactly(List.of(a.id()));
        engine.handleEvent(touched(a.id())); // after deactivation: ignored, no exception
    }

    @Test
    void aRestartReadsWholeOnlyTheTicketsThatChangedWhileStoppedAndCatchesUpOnClosedOnes() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(dm("r" + i).id());
        }
        SlaStore store = new SlaStore(pool, migrator);
        SlaEngine first = start(store, tickets);
        assertThat(store.load(ids)).hasSize(5);
        first.deactivate();

        // while the bundle is stopped: a reply (clocks change), a tag (version only), a close
        real.addMessage(ids.get(1), NewMessage.agentReply("agent", "x", Visibility.PRIVATE, "on it"));
        real.update(ids.get(2), TicketUpdate.none().withTagsAdded(java.util.Set.of("vip")));
        real.update(ids.get(3), TicketUpdate.none().withStatus(TicketStatus.CLOSED));
        RecordingTickets restart = new RecordingTickets(real);
        SlaEngine second = new SlaEngine(store, restart, events,
                new SlaCalculator(PolicyCatalog.of(List.of(), List.of()), SlaRules.DEFAULTS),
                new MutableClock(Instant.now()));
        engines.add(second);
        second.awaitBackfill(Duration.ofSeconds(10));

        assertThat(restart.outlineReads.stream().flatMap(List::stream))
                .containsExactlyInAnyOrder(ids.get(1), ids.get(2), ids.get(3));
        assertThat(restart.wholeReads).isEmpty();
        assertThat(store.load(ids.get(1)).orElseThrow().firstReplyAt()).isPresent();
        assertThat(store.load(ids.get(3)).orElseThrow().status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(store.openKnown().get(ids.get(2)).ticketVersion()).isEqualTo(real.get(ids.get(2)).orElseThrow()
                .version());

        // and a start after that reads none again
        RecordingTickets third = new RecordingTickets(real);
        SlaEngine again = new SlaEngine(store, third, events,
                new SlaCalculator(PolicyCatalog.of(List.of(), List.of()), SlaRules.DEFAULTS),
                new MutableClock(Instant.now()));
        engines.add(again);
        again.awaitBackfill(Duration.ofSeconds(10));
        assertThat(third.outlineReads.stream().flatMap(List::stream)).isEmpty();
    }

    @Test
    void aBatchOfLaddersThatMeetsOneMovedMeanwhileClimbsItFromWhereItStands() {
        LadderStore store = new LadderStore(pool, migrator);
        Instant now = Instant.now();
        LadderStore.Ladder seven = new LadderStore.Ladder(7, dev.parley.sla.api.SlaTarget.FIRST_REPLY, 0);
        LadderStore.Ladder eight = new LadderStore.Ladder(8, dev.parley.sla.api.SlaTarget.FIRST_REPLY, 0);
        LadderStore.Ladder nine = new LadderStore.Ladder(9, dev.parley.sla.api.SlaTarget.FIRST_REPLY, 0);
        assertThat(store.climbAll(List.of(new LadderStore.Climb(seven, 0, 50), new LadderStore.Climb(nine, 0, 75)),
                now)).containsExactly(0, 0);
        // another node's pass took ladder 7 to 75 between this pass's read (50) and its batch
        assertThat(store.climb(seven, 75, now)).isEqualTo(50);
        List<LadderStore.Climb> batch = List.of(new LadderStore.Climb(seven, 50, 90), new LadderStore.Climb(eight, 0,
                50), new LadderStore.Climb(nine, 75, 100));
        // 7: only 90 is this pass's (from 75); 8: new; 9: as read
        assertThat(store.climbAll(batch, now)).containsExactly(75, 0, 75);
        assertThat(store.climbAll(batch, now)).containsExactly(LadderStore.TAKEN, LadderStore.TAKEN, LadderStore.TAKEN);
        assertThat(store.climb(eight, 50, now)).isEqualTo(LadderStore.TAKEN);
        assertThat(store.climbAll(List.of(new LadderStore.Climb(eight, 0, 75)), now)).containsExactly(50);
    }
}
