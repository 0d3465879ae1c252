package dev.parley.sla.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

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
import dev.parley.sla.api.SlaState;
import dev.parley.sla.api.SlaTarget;
import dev.parley.sla.api.TicketSla;
import dev.parley.sla.internal.ladder.EscalationLadder;
import dev.parley.sla.internal.policy.PolicyCatalog;
import dev.parley.sla.internal.store.LadderStore;
import dev.parley.sla.internal.store.SlaStore;

/** The engine and the ladder against the real ticket service on an in-memory H2. */
class SlaEngineTest {

    private final List<Event> slaEvents = new CopyOnWriteArrayList<>();
    private final java.util.Set<Integer> slaEventThreadPriorities = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final EventAdmin recorder = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            if (event.getTopic().startsWith(SlaEvents.TOPIC_PREFIX)) {
                slaEvents.add(event);
                slaEventThreadPriorities.add(Thread.currentThread().getPriority());
            }
        }

        @Override
        public void sendEvent(Event event) {
            postEvent(event);
        }
    };
    private HikariDataSource pool;
    private JdbcSchemaMigrator migrator;
    private JdbcTicketService tickets;
    private Customer ann;
    private MutableClock clock;
    private SlaEngine engine;

    @BeforeEach
    void setUp() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        pool = StoreDataSource.pooled(h2, 8, 5_000);
        migrator = new JdbcSchemaMigrator(pool);
        tickets = new JdbcTicketService(pool, migrator, recorder);
        ann = new JdbcCustomerService(pool, migrator).resolve(new ChannelIdentity("x", "42", Optional.of("ann")), "Ann");
        clock = new MutableClock(Instant.now());
    }

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.deactivate();
        }
        pool.close();
    }

    private SlaEngine startEngine() throws Exception {
        engine = new SlaEngine(new SlaStore(pool, migrator), tickets, recorder,
                new SlaCalculator(PolicyCatalog.of(List.of(), List.of()), SlaRules.DEFAULTS), clock);
        engine.awaitBackfill(Duration.ofSeconds(10));
        return engine;
    }

    private Ticket dm(String externalId) {
        return tickets.create(NewTicket.of("Where is my bag?", "x", ann.id(),
                NewMessage.inbound(ann, "x", Visibility.PRIVATE, externalId, "where is my bag", null)));
    }

    private TicketSla status(long id) {
        return engine.status(id).orElseThrow();
    }

    @Test
    void openTicketsThatExistedBeforeInstallAreBackfilled() throws Exception {
        Ticket waiting = dm("m1");
        Ticket pending = dm("m2");
        tickets.update(pending.id(), TicketUpdate.none().withStatus(TicketStatus.PENDING));
        Ticket solved = dm("m3");
        tickets.update(solved.id(), TicketUpdate.none().withStatus(TicketStatus.SOLVED));

        startEngine();

        assertThat(engine.openTickets()).extracting(TicketSla::ticketId)
                .containsExactly(waiting.id(), pending.id());
        assertThat(status(waiting.id()).target(SlaTarget.FIRST_REPLY).orElseThrow().due())
                .contains(waiting.createdAt().plus(Duration.ofMinutes(60)));
        assertThat(status(pending.id()).target(SlaTarget.FIRST_REPLY).orElseThrow().state()).isEqualTo(SlaState.PAUSED);
        assertThat(engine.status(solved.id())).isEmpty();
    }

    @Test
    void clocksFollowRepliesPausesAndCustomerMessages() throws Exception {
        startEngine();
        Ticket t = dm("m1");
        engine.refresh(t.id());
        assertThat(status(t.id()).target(SlaTarget.FIRST_REPLY).orElseThrow().state()).isEqualTo(SlaState.ON_TRACK);

        tickets.addMessage(t.id(), NewMessage.agentReply("bob", "x", Visibility.INTERNAL_NOTE, "checking"));
        engine.refresh(t.id());
        assertThat(status(t.id()).target(SlaTarget.FIRST_REPLY).orElseThrow().isRunning()).isTrue();

        tickets.addMessage(t.id(), NewMessage.agentReply("bob", "x", Visibility.PRIVATE, "on it"));
        engine.refresh(t.id());
        assertThat(status(t.id()).target(SlaTarget.FIRST_REPLY).orElseThrow().state()).isEqualTo(SlaState.MET);
        assertThat(status(t.id()).target(SlaTarget.NEXT_REPLY)).isEmpty();

        tickets.update(t.id(), TicketUpdate.none().withStatus(TicketStatus.PENDING));
        engine.refresh(t.id());
        assertThat(status(t.id()).target(SlaTarget.RESOLUTION).orElseThrow().state()).isEqualTo(SlaState.PAUSED);

        // the customer answers: PENDING ends and a next-reply cycle starts
        tickets.addMessage(t.id(), NewMessage.inbound(ann, "x", Visibility.PRIVATE, "m2", "still lost", null));
        engine.refresh(t.id());
        TicketSla afterAnswer = status(t.id());
        assertThat(afterAnswer.target(SlaTarget.RESOLUTION).orElseThrow().state()).isEqualTo(SlaState.ON_TRACK);
        assertThat(afterAnswer.target(SlaTarget.NEXT_REPLY).orElseThrow().cycle()).isEqualTo(1);
        assertThat(engine.openTickets()).hasSize(1);

        tickets.addMessage(t.id(), NewMessage.agentReply("bob", "x", Visibility.PRIVATE, "found it"));
        tickets.addMessage(t.id(), NewMessage.inbound(ann, "x", Visibility.PRIVATE, "m3", "thanks, and?", null));
        engine.refresh(t.id());
        assertThat(status(t.id()).target(SlaTarget.NEXT_REPLY).orElseThrow().cycle()).isEqualTo(2);
        assertThat(status(t.id()).target(SlaTarget.NEXT_REPLY).orElseThrow().isRunning()).isTrue();

        tickets.update(t.id(), TicketUpdate.none().withStatus(TicketStatus.SOLVED));
        engine.refresh(t.id());
        assertThat(status(t.id()).target(SlaTarget.RESOLUTION).orElseThrow().state()).isEqualTo(SlaState.MET);
        assertThat(engine.openTickets()).isEmpty();
        assertThat(slaEvents).extracting(Event::getTopic).contains(SlaEvents.CHANGED);
    }

    @Test
    void ticketEventsAreAppliedOffTheEventThread() throws Exception {
        startEngine();
        Ticket t = dm("m1");
        engine.handleEvent(new Event("parley/ticket/CREATED", java.util.Map.of("ticket.id", t.id())));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((engine.status(t.id()).isEmpty() || slaEvents.isEmpty()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(engine.status(t.id())).isPresent();
        // on the engine's worker, which runs behind webhook answers and REST calls
        assertThat(slaEventThreadPriorities).containsExactly(Thread.MIN_PRIORITY);
    }

    @Test
    void clocksAreTheSameAfterARestart() throws Exception {
        startEngine();
        Ticket t = dm("m1");
        tickets.update(t.id(), TicketUpdate.none().withStatus(TicketStatus.PENDING));
        engine.refresh(t.id());
        tickets.update(t.id(), TicketUpdate.none().withStatus(TicketStatus.OPEN));
        engine.refresh(t.id());
        TicketSla before = status(t.id());
        engine.deactivate();

        startEngine();
        assertThat(status(t.id())).isEqualTo(before);
    }

    @Test
    void subjectsAreKeptBesideTheClocksAndFilledInForOlderRows() throws Exception {
        Ticket t = dm("m1");
        startEngine();
        SlaStore store = new SlaStore(pool, migrator);
        assertThat(store.subjects(List.of(t.id()))).containsEntry(t.id(), "Where is my bag?");

        // a row saved before subjects were kept: the next start's backfill fills it in, changing no clock
        try (var c = pool.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE sla_tickets SET subject = NULL");
        }
        assertThat(store.openWithoutSubject()).containsExactly(t.id());
        TicketSla before = status(t.id());
        engine.deactivate();
        startEngine();
        assertThat(store.subjects(List.of(t.id()))).containsEntry(t.id(), "Where is my bag?");
        assertThat(status(t.id()).targets()).isEqualTo(before.targets());
    }

    @Test
    void warningAndBreachArePostedOncePerTargetAndCycleAcrossRestarts() throws Exception {
        startEngine();
        Ticket t = dm("m1");
        engine.refresh(t.id());
        LadderStore store = new LadderStore(pool, migrator);
        EscalationLadder ladder = new EscalationLadder(engine, store, recorder, new int[] {50, 75, 90}, 75, clock, 0);
        slaEvents.clear();

        clock.advance(Duration.ofMinutes(46));
        assertThat(ladder.tick()).isEqualTo(2); // 50% and 75% of first reply, nothing of resolution yet
        assertThat(slaEvents).extracting(Event::getTopic).containsExactlyInAnyOrder(SlaEvents.STEP, SlaEvents.WARNING);
        assertThat(ladder.tick()).isZero();

        // a restarted ladder (new instance, same database) does not repeat anything
        EscalationLadder restarted = new EscalationLadder(engine, store, recorder, new int[] {50, 75, 90}, 75, clock,
                0);
        assertThat(restarted.tick()).isZero();

        clock.advance(Duration.ofMinutes(15));
        slaEvents.clear();
        restarted.tick();
        assertThat(slaEvents).filteredOn(e -> e.getTopic().equals(SlaEvents.BREACHED)).singleElement().satisfies(e -> {
            assertThat(e.getProperty(SlaEvents.TICKET_ID)).isEqualTo(t.id());
            assertThat(e.getProperty(SlaEvents.TARGET)).isEqualTo("FIRST_REPLY");
            assertThat(e.getProperty(SlaEvents.ELAPSED_PERCENT)).isEqualTo(100);
            assertThat(e.getProperty(SlaEvents.DUE)).isEqualTo(t.createdAt().plus(Duration.ofHours(1)).toEpochMilli());
        });
        assertThat(restarted.tick()).isZero();
        assertThat(ladder.tick()).isZero();
    }

    @Test
    void aBackfillAndALadderPassOverManyPagesCoverEveryTicketOnce() throws Exception {
        int count = 2 * TicketService.MAX_HEADS + 100; // three reconcile pages, several ladder batches
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(dm("many-" + i).id());
        }

        startEngine();
        assertThat(engine.openTickets()).extracting(TicketSla::ticketId).containsExactlyInAnyOrderElementsOf(ids);

        EscalationLadder ladder = new EscalationLadder(engine, new LadderStore(pool, migrator), recorder,
                new int[] {50, 75, 90}, 75, clock, 0);
        slaEvents.clear();
        clock.advance(Duration.ofMinutes(46));
        assertThat(ladder.tick()).isEqualTo(2 * count);
        assertThat(slaEvents).hasSize(2 * count);
        assertThat(slaEvents.stream().map(e -> e.getProperty(SlaEvents.TICKET_ID) + "/" + e.getTopic()).distinct())
                .hasSize(2 * count);
        assertThat(ladder.tick()).isZero();
    }
}
