package dev.parley.sla.internal.ladder;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.sla.api.SlaEvents;
import dev.parley.sla.api.SlaService;
import dev.parley.sla.api.TargetStatus;
import dev.parley.sla.api.TicketSla;
import dev.parley.sla.internal.clock.SlaConfig;
import dev.parley.sla.internal.store.LadderStore;
import dev.parley.sla.internal.store.WriteBehind;

/**
 * Walks the open tickets once a minute (configurable, down to a second) and posts each escalation step a running target has
 * reached: WARNING at the warning share, BREACHED at 100%, STEP for the others. The highest step
 * posted per ticket, target and cycle is recorded in the database before the steps are posted, and
 * moving it up is a compare-and-set, so a step is posted at most once even across restarts or with
 * several nodes. Steps are reached in ascending order; a step added to the ladder later fires only
 * for targets that have not passed it yet.
 */
@Component(service = EscalationLadder.class, immediate = true, configurationPid = SlaConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class EscalationLadder {

    private static final Logger LOG = LoggerFactory.getLogger(EscalationLadder.class);
    static final int BREACH = 100;
    /** Ladders moved per commit; a batch holds only its rows' locks, for well under a second. */
    static final int BATCH = 1_000;

    private final SlaService sla;
    private final LadderStore store;
    private final EventAdmin eventAdmin;
    private final SortedSet<Integer> steps = new TreeSet<>();
    private final int warningPercent;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private volatile boolean stopping;

    @Activate
    public EscalationLadder(@Reference SlaService sla,
            @Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference EventAdmin eventAdmin, SlaConfig config) {
        this(sla, new LadderStore(dataSource, migrator), eventAdmin, config.ladderPercents(), config.warningPercent(),
                Clock.systemUTC(), Math.max(1, config.ladderTickSeconds()));
    }

    /** Passes every {@code tickSeconds}; with 0 none, the caller calls {@link #tick()} (tests, benchmarks). */
    public EscalationLadder(SlaService sla, LadderStore store, EventAdmin eventAdmin, int[] ladder, int warningPercent,
            Clock clock, int tickSeconds) {
        this.sla = sla;
        this.store = store;
        this.eventAdmin = eventAdmin;
        // the metatype's bounds, also for a hand-written file: 0 is a ladder's "nothing posted yet"
        this.warningPercent = Math.max(1, Math.min(BREACH - 1, warningPercent));
        this.clock = clock;
        for (int step : ladder) {
            if (step > 0 && step < BREACH) {
                steps.add(step);
            }
        }
        steps.add(this.warningPercent);
        steps.add(BREACH);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "parley-sla-ladder"));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // a pending catch-up pass is dropped on stop
        this.timer = executor;
        if (tickSeconds > 0) {
            long period = tickSeconds * 1000L;
            long toNextTick = period - clock.millis() % period;
            // one early pass catches up on steps reached while the bundle was stopped
            timer.schedule(this::tickSafely, Math.min(5, tickSeconds), TimeUnit.SECONDS);
            timer.scheduleAtFixedRate(this::tickSafely, toNextTick, period, TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        // no interrupt: H2 closes the whole database when a thread is interrupted in file I/O
        stopping = true;
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("SLA escalation pass did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("SLA escalation pass failed; retrying at the next pass", e);
        }
    }

    /**
     * One pass over the open tickets; returns how many steps were posted. Ladders are moved up a
     * batch at a time (one commit per {@value #BATCH} ladders, not one per step: after an outage
     * every open ticket may have several) and each batch's steps are posted once it has committed.
     * Batches are recorded behind the pass, on a thread of their own, while it goes on over the
     * next tickets.
     */
    public int tick() {
        if (stopping) {
            return 0;
        }
        Instant now = clock.instant();
        // read once how far each ladder climbed, so only moves go to the database (which still decides)
        Map<LadderStore.Ladder, Integer> climbed = store.climbedForOpen();
        try (WriteBehind<List<Reached>> recorder = new WriteBehind<>("parley-sla-ladder-record", 2,
                batch -> recordAndPost(batch, now))) {
            List<Reached> batch = new ArrayList<>();
            for (TicketSla ticket : sla.openTickets()) {
                if (stopping) {
                    break;
                }
                for (TargetStatus target : ticket.targets()) {
                    if (!target.isRunning() || target.elapsedPercent() < steps.first()) {
                        continue;
                    }
                    int highest = steps.headSet(target.elapsedPercent() + 1).last();
                    LadderStore.Ladder ladder = new LadderStore.Ladder(ticket.ticketId(), target.target(),
                            target.cycle());
                    int seen = climbed.getOrDefault(ladder, 0);
                    if (highest > seen) {
                        batch.add(new Reached(ticket, target, new LadderStore.Climb(ladder, seen, highest)));
                    }
                }
                if (batch.size() >= BATCH) {
                    recorder.submit(batch);
                    batch = new ArrayList<>();
                }
            }
            if (!stopping && !batch.isEmpty()) {
                recorder.submit(batch);
            }
            return recorder.finish();
        }
    }

    /** A running target whose ladder reached a step above the one recorded when the pass began. */
    private record Reached(TicketSla ticket, TargetStatus target, LadderStore.Climb climb) {
    }

    private int recordAndPost(List<Reached> batch, Instant now) {
        int[] before = store.climbAll(batch.stream().map(Reached::climb).toList(), now);
        int posted = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] != LadderStore.TAKEN) {
                Reached r = batch.get(i);
                // the steps this batch moved the ladder over, lowest first
                for (int step : steps.subSet(before[i] + 1, r.climb().reached() + 1)) {
                    post(r.ticket(), r.target(), step);
                    posted++;
                }
            }
        }
        return posted;
    }

    private void post(TicketSla ticket, TargetStatus target, int step) {
        String topic = step == BREACH ? SlaEvents.BREACHED : step == warningPercent ? SlaEvents.WARNING : SlaEvents.STEP;
        Map<String, Object> props = new HashMap<>();
        props.put(SlaEvents.TICKET_ID, ticket.ticketId());
        props.put(SlaEvents.CHANNEL, ticket.channel());
        props.put(SlaEvents.TARGET, target.target().name());
        props.put(SlaEvents.CYCLE, target.cycle());
        props.put(SlaEvents.ELAPSED_PERCENT, step);
        props.put(SlaEvents.BINDING, target.binding().name());
        target.due().ifPresent(due -> props.put(SlaEvents.DUE, due.toEpochMilli()));
        eventAdmin.postEvent(new Event(topic, props));
        LOG.info("SLA {} for ticket {}: {} cycle {} at {}% (due {})", topic.substring(SlaEvents.TOPIC_PREFIX.length()),
                ticket.ticketId(), target.target(), target.cycle(), step, target.due().orElse(null));
    }
}
