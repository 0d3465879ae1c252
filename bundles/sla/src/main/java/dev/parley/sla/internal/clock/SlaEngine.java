package dev.parley.sla.internal.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.TicketEvents;
import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.TicketOutline;
import dev.parley.helpdesk.api.TicketQuery;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.sla.api.SlaEvents;
import dev.parley.sla.api.SlaService;
import dev.parley.sla.api.SlaTarget;
import dev.parley.sla.api.TicketSla;
import dev.parley.sla.internal.policy.PolicyCatalog;
import dev.parley.sla.internal.store.SlaStore;
import dev.parley.sla.internal.store.WriteBehind;

/**
 * Keeps every ticket's clocks in step with ticket events and answers status reads. Work runs on one
 * thread the engine owns, so a ticket's changes apply in order and EventAdmin's thread returns at
 * once; the same thread first backfills the open tickets on activation.
 * <p>
 * Events are coalesced: an event only marks its ticket pending and makes sure one drain is queued;
 * the drain reads the pending tickets' outlines a page at a time ({@link TicketService#outlines}:
 * heads and message marks, no content; one {@code store.load} and one {@code saveAll} per page). The
 * clocks are derived from the whole conversation's shape, so one read after a burst of events gives
 * what a read per event would, at a fraction of the cost (a busy ticket gets many events a second).
 * <p>
 * Pauses are the exception: they follow status changes, and a read shows only the latest status.
 * A read per event already missed a PENDING that ended before its read ran; reading less often
 * would miss more. So each pending ticket carries the status changes its events announced
 * ({@code STATUS} after {@code PREVIOUS_STATUS}, dated by {@code TIMESTAMP}) and
 * {@link ClockDerivation} replays them before applying the read: a PENDING or SOLVED stretch between
 * two drains still pauses the clocks, which the read-per-event engine could not promise.
 */
@Component(service = {SlaService.class, EventHandler.class, SlaEngine.class}, configurationPid = SlaConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = EventConstants.EVENT_TOPIC + "=" + TicketEvents.TOPIC_ALL)
@Designate(ocd = SlaConfig.class)
public final class SlaEngine implements SlaService, EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SlaEngine.class);
    /** Tickets per bulk read; the host's own page size, so one outlines read is one set of queries. */
    private static final int PAGE_SIZE = TicketQuery.MAX_LIMIT;
    /** Tickets per transaction in the reconcile at start: fewer commits, each still short. */
    private static final int RECONCILE_PAGE = TicketService.MAX_HEADS;
    private static final Set<TicketStatus> OPEN = Set.of(TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING);

    private final TicketService tickets;
    private final EventAdmin eventAdmin;
    private final SlaStore store;
    private final SlaCalculator calculator;
    private final Clock clock;
    private final ExecutorService worker;
    private final PendingTickets pending = new PendingTickets();
    private final RecentClocks recent = new RecentClocks();
    private final Future<?> backfill;
    private volatile boolean stopping;

    @Activate
    public SlaEngine(@Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference TicketService tickets, @Reference EventAdmin eventAdmin,
            @Reference PolicyCatalog policies, SlaConfig config) {
        this(new SlaStore(dataSource, migrator), tickets, eventAdmin, new SlaCalculator(policies, rules(config)),
                Clock.systemUTC());
    }

    /** Every page of clocks commits on its own, then its events are posted. */
    public SlaEngine(SlaStore store, TicketService tickets, EventAdmin eventAdmin, SlaCalculator calculator,
            Clock clock) {
        this.store = store;
        this.tickets = tickets;
        this.eventAdmin = eventAdmin;
        this.calculator = calculator;
        this.clock = clock;
        // behind webhook answers and REST calls on busy cores (see the README's JVM options)
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parley-sla-clocks");
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        this.backfill = worker.submit(this::backfillOpenTickets);
    }

    public static SlaRules rules(SlaConfig config) {
        return new SlaRules(config.warningPercent(), SlaRules.parseWindows(config.platformWindows()),
                Duration.ofMinutes(config.windowMarginMinutes()), SlaRules.parseWindows(config.humanAgentWindows()));
    }

    @Deactivate
    void deactivate() {
        // never interrupt the worker: H2 closes the whole database when a thread is interrupted in file I/O
        stopping = true;
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("SLA clock worker did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the activation backfill (tests, tools). */
    public void awaitBackfill(Duration timeout) throws Exception {
        backfill.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handleEvent(Event event) {
        if (event.getProperty(TicketEvents.TICKET_ID) instanceof Long ticketId
                && !TicketEvents.DELIVERY_CHANGED.equals(event.getTopic())
                && pending.add(ticketId, announcedChange(event))) {
            try {
                worker.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // deactivating: the next activation's backfill catches up with this change
                pending.drainRefused();
            }
        }
    }

    /** The status change an event announces, if it changed the status and says when. */
    private static Optional<StatusChange> announcedChange(Event event) {
        if (event.getProperty(TicketEvents.PREVIOUS_STATUS) instanceof String
                && event.getProperty(TicketEvents.STATUS) instanceof String status
                && event.getProperty(TicketEvents.TIMESTAMP) instanceof Long at) {
            try {
                return Optional.of(new StatusChange(TicketStatus.valueOf(status), Instant.ofEpochMilli(at)));
            } catch (IllegalArgumentException e) {
                LOG.warn("Ticket event {} has an unknown status {}; its pause is not replayed",
                        event.getProperty(TicketEvents.TICKET_ID), status);
            }
        }
        return Optional.empty();
    }

    /**
     * Refreshes pending tickets a page at a time until none is left. Takes one page at a time, so a
     * ticket with more events while a page is read stays a single entry for the next page.
     */
    private void drain() {
        while (!stopping) {
            Map<Long, List<StatusChange>> page = pending.take(PAGE_SIZE);
            if (page.isEmpty()) {
                return;
            }
            try {
                reconcile(tickets.outlines(page.keySet()), Set.of(), page);
            } catch (RuntimeException e) {
                // one page is one transaction: a ticket it cannot save must not hold back the others
                LOG.warn("SLA clocks of {} tickets could not be updated together; trying one at a time", page.size(),
                        e);
                page.forEach(this::refresh);
            }
        }
    }

    /** Brings one ticket's clocks up to date with the ticket now (tests, tools); events go through the drain. */
    public void refresh(long ticketId) {
        refresh(ticketId, List.of());
    }

    private void refresh(long ticketId, List<StatusChange> announced) {
        if (stopping) {
            return;
        }
        try {
            reconcile(tickets.outlines(List.of(ticketId)), Set.of(), Map.of(ticketId, announced));
        } catch (RuntimeException e) {
            // the next event or the next start's backfill catches up
            LOG.error("SLA clocks of ticket {} could not be updated", ticketId, e);
        }
    }

    /**
     * Saves the clocks each ticket implies where they differ from the stored ones (or where
     * {@code resave} asks for it), in one transaction, then tells live views; returns how many changed.
     * Reads the page's stored clocks in one query: the backfill walks every open ticket this way.
     */
    private int reconcile(List<TicketOutline> page, Set<Long> resave) {
        return reconcile(page, resave, Map.of());
    }

    /** As above, replaying the status changes events {@code announced} per ticket before each ticket. */
    private int reconcile(List<TicketOutline> page, Set<Long> resave, Map<Long, List<StatusChange>> announced) {
        Map<Long, TicketClocks> stored = store.load(page.stream().map(TicketOutline::id).toList());
        List<SlaStore.Entry> changed = new ArrayList<>();
        Map<Long, Long> sameClocks = new HashMap<>();
        for (TicketOutline outline : page) {
            TicketHead ticket = outline.head();
            Optional<TicketClocks> before = Optional.ofNullable(stored.get(ticket.id()));
            TicketClocks after = withOutcome(
                    ClockDerivation.apply(before, outline, announced.getOrDefault(ticket.id(), List.of())));
            if (!before.equals(Optional.of(after)) || resave.contains(ticket.id())) {
                changed.add(new SlaStore.Entry(after, ticket.subject(), ticket.version(), before.isEmpty()));
            } else {
                sameClocks.put(ticket.id(), ticket.version());
            }
        }
        // one transaction, committed when it returns: the changed clocks, and the version unchanged
        // clocks hold for (so the next start need not read those tickets again)
        store.saveAll(changed, sameClocks);
        for (SlaStore.Entry entry : changed) {
            TicketClocks after = entry.clocks();
            recent.put(after);
            LOG.debug("SLA clocks of ticket {} updated (status {}, reply cycle {})", after.ticketId(),
                    after.status(), after.replyCycle());
            eventAdmin.postEvent(new Event(SlaEvents.CHANGED, Map.of(SlaEvents.TICKET_ID, after.ticketId(),
                    SlaEvents.CHANNEL, after.channel())));
        }
        return changed.size();
    }

    /** Records the first reply's business time and target once, for the responsiveness figures. */
    private TicketClocks withOutcome(TicketClocks clocks) {
        if (clocks.firstReplyAt().isEmpty() || clocks.firstReplyElapsed().isPresent()) {
            return clocks;
        }
        PolicyCatalog.Resolved resolved = calculator.policyFor(clocks);
        Duration elapsed = SlaCalculator.elapsed(resolved.calendar(), clocks.pauses(), clocks.createdAt(),
                clocks.firstReplyAt().get());
        return clocks.withFirstReplyOutcome(elapsed, resolved.policy().target(SlaTarget.FIRST_REPLY));
    }

    /**
     * Reconciles the stored clocks with the helpdesk: derives them for open tickets the bundle has
     * not seen (installed on a live helpdesk) and catches up on changes made while it was stopped.
     */
    private void backfillOpenTickets() {
        try {
            reconcileOpenTickets();
        } catch (RuntimeException e) {
            LOG.error("SLA clocks could not be reconciled with the open tickets; ticket events still update them", e);
            throw e;
        }
    }

    /**
     * Walks the open tickets' heads in id order (keyset pages of the host's primary key) and reads
     * the outlines of only the tickets whose version moved on since their clocks were saved, or that
     * have none: on an install that is every ticket, on a restart only those changed while the bundle
     * was stopped. Then catches up on the tickets still open in the SLA tables that the host no longer
     * lists as open (closed or gone meanwhile). Outlines are read and clocks saved a page at a time,
     * the saving of one page beside the reading of the next.
     */
    private void reconcileOpenTickets() {
        Map<Long, SlaStore.Known> known = store.openKnown();
        Set<Long> withoutSubject = new HashSet<>();
        known.forEach((id, k) -> {
            if (!k.hasSubject()) {
                withoutSubject.add(id);
            }
        });
        int seen = 0;
        long after = 0;
        // this thread reads the next page while the one before is derived and saved
        try (WriteBehind<List<TicketOutline>> saver = new WriteBehind<>("parley-sla-reconcile", 2,
                page -> reconcile(page, withoutSubject))) {
            while (!stopping) {
                List<TicketHead> heads = tickets.headsAfter(after, OPEN, TicketService.MAX_HEADS);
                if (heads.isEmpty()) {
                    break;
                }
                after = heads.get(heads.size() - 1).id();
                seen += heads.size();
                List<Long> stale = new ArrayList<>();
                for (TicketHead head : heads) {
                    SlaStore.Known k = known.remove(head.id());
                    if (k == null || k.ticketVersion() != head.version() || !k.hasSubject()) {
                        stale.add(head.id());
                    }
                }
                readInPages(stale, saver);
            }
            if (!stopping) {
                readInPages(List.copyOf(known.keySet()), saver); // no longer open, or gone
            }
            LOG.info("SLA clocks reconciled with {} open tickets, {} updated", seen, saver.finish());
        }
    }

    private void readInPages(List<Long> ticketIds, WriteBehind<List<TicketOutline>> saver) {
        for (int from = 0; from < ticketIds.size() && !stopping; from += RECONCILE_PAGE) {
            saver.submit(tickets.outlines(ticketIds.subList(from, Math.min(ticketIds.size(), from + RECONCILE_PAGE))));
        }
    }

    /** Drops what this engine remembers of a ticket's clocks: another node changed them (see the relay). */
    public void forget(long ticketId) {
        recent.forget(ticketId);
    }

    @Override
    public Optional<TicketSla> status(long ticketId) {
        Optional<TicketClocks> clocks = recent.get(ticketId).or(() -> {
            Optional<TicketClocks> stored = store.load(ticketId);
            stored.ifPresent(recent::offer);
            return stored;
        });
        return clocks.map(c -> calculator.status(c, clock.instant()));
    }

    @Override
    public List<TicketSla> openTickets() {
        Instant now = clock.instant();
        // the sort key once per ticket, not per comparison: nextDue() scans the targets
        return store.loadOpen().stream().map(c -> Ranked.of(calculator.status(c, now)))
                .sorted(Comparator.comparing(Ranked::urgency)).map(Ranked::sla).toList();
    }

    /** A status with its sort key. */
    private record Ranked(Urgency urgency, TicketSla sla) {
        static Ranked of(TicketSla sla) {
            return new Ranked(Urgency.of(sla), sla);
        }
    }
}
