package dev.parley.escalation.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.escalation.api.EscalationRule;
import dev.parley.escalation.api.RuleContext;
import dev.parley.escalation.api.SentimentAnalyzer;
import dev.parley.escalation.api.SlaSnapshot;
import dev.parley.escalation.api.TriggerKind;
import dev.parley.escalation.internal.rules.QuestionList;
import dev.parley.escalation.internal.store.AuditEntry;
import dev.parley.escalation.internal.store.EscalationStore;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.AuthorKind;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketEvents;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.sla.api.SlaEvents;

/**
 * The escalation engine: on each inbound customer message and each SLA warning or breach, evaluates
 * the rules (shipped defaults, rule files, integrator services) and applies the actions of those that
 * fire, once per event, recording every firing in the ticket's audit. Events queue to one thread the
 * engine owns, so EventAdmin's thread returns at once and a ticket's events apply in order. Under load
 * that thread takes what queued meanwhile as one batch: its tickets and their requesters' contact
 * histories are read once for the batch, and each event is still evaluated on its own, in order.
 */
@Component(service = {EventHandler.class, EscalationEngine.class}, configurationPid = EscalationConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
            EventConstants.EVENT_TOPIC + "=" + TicketEvents.MESSAGE_ADDED,
            EventConstants.EVENT_TOPIC + "=" + EscalationEngine.SLA_WARNING,
            EventConstants.EVENT_TOPIC + "=" + EscalationEngine.SLA_BREACHED,
            // an SLA event another node posted and relayed here (SlaEvents.RELAYED, sla-api 1.2, named here so this
            // bundle needs no SLA import): the node that posted it applies the rules
            EventConstants.EVENT_FILTER + "=(!(parley.relayed=*))"})
public final class EscalationEngine implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EscalationEngine.class);
    // the SLA plugin's topics: compile-time constants, so the engine needs no SLA bundle at run time
    static final String SLA_WARNING = SlaEvents.WARNING;
    static final String SLA_BREACHED = SlaEvents.BREACHED;
    // under load one batch reads its tickets once instead of once per event; bounded so SLA events wait little
    static final int BATCH_SIZE = 200;

    /** A dry run's result: the context's key facts, what would fire and what failed. */
    public record Explanation(RuleContext context, List<Decision> decisions, List<List<AuditEntry.ActionRecord>> actions,
            List<RuleRunner.Failure> failures, QuestionList questions) {
    }

    private final TicketService tickets;
    private final RuleCatalog catalog;
    private final EscalationStore store;
    private final QuestionList questions;
    private final RuleRunner runner;
    private final ActionApplier applier;
    private final ContextBuilder contexts;
    private final Clock clock;
    private final ExecutorService worker;
    private final Queue<Trigger> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean(); // a drain is queued or running on the worker
    private final ExecutorService rulePool;
    private final Map<ServiceReference<EscalationRule>, EscalationRule> services =
            new ConcurrentSkipListMap<>(Comparator.reverseOrder()); // highest ranking, then lowest id, first

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SentimentAnalyzer sentiment;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SlaStatusSource sla;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DmHandoff handoff;

    @Activate
    public EscalationEngine(@Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference TicketService tickets, @Reference RuleCatalog catalog,
            @Reference Notifier notifier, EscalationConfig config) {
        this(tickets, catalog, new EscalationStore(dataSource, migrator), notifier::send, config, Clock.systemUTC());
    }

    EscalationEngine(TicketService tickets, RuleCatalog catalog, EscalationStore store,
            ActionApplier.NotifySender notifier, EscalationConfig config, Clock clock) {
        this.tickets = tickets;
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
        this.questions = QuestionList.parse(config.questions());
        // behind webhook answers and REST calls on busy cores (see the README's JVM options); the rules
        // themselves run at normal priority, within their time budget
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parley-escalation");
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        this.rulePool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "parley-escalation-rule");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY); // not the worker's, which it would inherit
            return t;
        });
        this.runner = new RuleRunner(rulePool, Duration.ofMillis(config.ruleBudgetMillis()),
                Duration.ofMillis(config.evaluationBudgetMillis()));
        this.contexts = new ContextBuilder(tickets, () -> sentiment, () -> Optional.ofNullable(sla), clock);
        this.applier = new ActionApplier(tickets, store, notifier, () -> Optional.ofNullable(handoff),
                new ActionApplier.Guardrails(config.botName(), config.botDisclosure(), config.autoReplyLimit(),
                        Duration.ofMinutes(config.autoReplyWindowMinutes())), clock);
    }

    @Deactivate
    public void deactivate() {
        worker.shutdownNow();
        rulePool.shutdownNow();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("escalation worker did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(service = EscalationRule.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeRule")
    public void addRule(ServiceReference<EscalationRule> ref, EscalationRule rule) {
        services.put(ref, rule);
        LOG.info("escalation rule service {} from bundle {} added", ref.getProperty(Constants.SERVICE_ID),
                ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName());
    }

    public void removeRule(ServiceReference<EscalationRule> ref, EscalationRule rule) {
        services.remove(ref);
    }

    /** For tests outside OSGi: the analyzer, SLA source and hand-off a framework would inject. */
    public void bindForTest(SentimentAnalyzer analyzer, SlaStatusSource slaSource, DmHandoff dm) {
        this.sentiment = analyzer;
        this.sla = slaSource;
        this.handoff = dm;
    }

    @Override
    public void handleEvent(Event event) {
        if (!(event.getProperty(TicketEvents.TICKET_ID) instanceof Long ticketId)) {
            return;
        }
        String topic = event.getTopic();
        if (TicketEvents.MESSAGE_ADDED.equals(topic)) {
            if (Direction.INBOUND.name().equals(event.getProperty(TicketEvents.MESSAGE_DIRECTION))
                    && AuthorKind.CUSTOMER.name().equals(event.getProperty(TicketEvents.MESSAGE_AUTHOR_KIND))
                    && event.getProperty(TicketEvents.MESSAGE_ID) instanceof Long messageId) {
                enqueue(Trigger.message(ticketId, messageId));
            }
        } else {
            TriggerKind kind = SLA_BREACHED.equals(topic) ? TriggerKind.SLA_BREACHED : TriggerKind.SLA_WARNING;
            String key = "sla:" + kind + ":" + ticketId + ":" + event.getProperty("sla.target") + ":"
                    + event.getProperty("sla.cycle");
            enqueue(new Trigger(kind, ticketId, Optional.empty(), key, slaTarget(event, kind)));
        }
    }

    private void enqueue(Trigger trigger) {
        pending.add(trigger);
        if (draining.compareAndSet(false, true)) {
            worker.execute(this::drain);
        }
    }

    /** On the worker: what queued while the previous batch ran is the next batch, in arrival order. */
    private void drain() {
        try {
            List<Trigger> batch = new ArrayList<>();
            for (Trigger t; batch.size() < BATCH_SIZE && (t = pending.poll()) != null;) {
                batch.add(t);
            }
            process(batch);
        } finally {
            draining.set(false);
            if (!pending.isEmpty() && draining.compareAndSet(false, true)) {
                try {
                    worker.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    LOG.debug("escalation worker stopped with {} events queued; they are dropped", pending.size());
                }
            }
        }
    }

    /** The target an SLA event names (SlaEvents keys, read as plain properties: the SLA API is optional). */
    static Optional<SlaSnapshot> slaTarget(Event event, TriggerKind kind) {
        if (!(event.getProperty("sla.target") instanceof String target)
                || !(event.getProperty("sla.elapsedPercent") instanceof Integer percent)) {
            return Optional.empty();
        }
        Duration remaining = event.getProperty("sla.due") instanceof Long due
                ? Duration.ofMillis(due - System.currentTimeMillis()) : Duration.ZERO;
        return Optional.of(new SlaSnapshot(target, kind == TriggerKind.SLA_BREACHED ? "BREACHED" : "WARNING",
                remaining, percent));
    }

    public void process(TriggerKind trigger, long ticketId, Optional<Long> messageId, String triggerKey) {
        process(trigger, ticketId, messageId, triggerKey, Optional.empty());
    }

    /** Evaluates and applies the rules for one event, unless that event was processed before. */
    public void process(TriggerKind trigger, long ticketId, Optional<Long> messageId, String triggerKey,
            Optional<SlaSnapshot> slaTarget) {
        process(List.of(new Trigger(trigger, ticketId, messageId, triggerKey, slaTarget)));
    }

    /**
     * Evaluates and applies the rules for each event in order, each exactly as if it came alone, with
     * the tickets and the requesters' contact histories read once for all of them.
     */
    void process(List<Trigger> triggers) {
        if (triggers.isEmpty()) {
            return;
        }
        TicketBatch batch;
        try {
            batch = TicketBatch.read(tickets, contexts, triggers.stream().map(Trigger::ticketId).toList());
        } catch (RuntimeException e) {
            if (triggers.size() == 1) {
                LOG.error("escalation rules could not run for ticket {} ({})", triggers.get(0).ticketId(),
                        triggers.get(0).key(), e);
            } else {
                // one ticket's failure must not cost the others their rules
                LOG.warn("escalation could not read {} events' tickets together; running them one by one",
                        triggers.size(), e);
                triggers.forEach(t -> process(List.of(t)));
            }
            return;
        }
        for (Trigger trigger : triggers) {
            if (Thread.currentThread().isInterrupted()) {
                return; // deactivated: like the events still queued, the rest is dropped
            }
            process(trigger, batch);
        }
    }

    private void process(Trigger trigger, TicketBatch batch) {
        long ticketId = trigger.ticketId();
        try {
            Optional<Ticket> ticket = batch.ticket(ticketId);
            if (ticket.isEmpty()) {
                return;
            }
            Optional<Message> message = trigger.messageId().flatMap(id -> ticket.get().messages().stream()
                    .filter(m -> m.id() == id).findFirst());
            RuleContext context = contexts.build(trigger.kind(), ticket.get(), message, trigger.slaTarget(),
                    batch.history(ticket.get()));
            RuleRunner.Evaluation evaluation = evaluate(context);
            if ((evaluation.decisions().isEmpty() && evaluation.failures().isEmpty())
                    || !store.claim(trigger.key(), ticketId, clock.instant())) {
                return;
            }
            for (RuleRunner.Failure failure : evaluation.failures()) {
                store.record(new AuditEntry(ticketId, trigger.key(), failure.rule(), "?", "service",
                        "skipped: " + failure.reason(), List.of(), clock.instant()));
            }
            if (!evaluation.decisions().isEmpty()) {
                batch.touch(ticketId);
            }
            Ticket current = ticket.get();
            for (Decision decision : evaluation.decisions()) {
                // an earlier decision of this event, or anyone since the batch was read, may have changed priority or tags
                current = batch.current(current);
                apply(trigger, current == context.ticket() ? context : withTicket(context, current), decision);
            }
        } catch (RuntimeException e) {
            LOG.error("escalation rules could not run for ticket {} ({})", ticketId, trigger.key(), e);
        }
    }

    private void apply(Trigger trigger, RuleContext context, Decision decision) {
        long ticketId = trigger.ticketId();
        List<AuditEntry.ActionRecord> records;
        try {
            records = applier.apply(context, questions, decision, false);
        } catch (RuntimeException e) {
            LOG.error("escalation rule {} could not be applied to ticket {}", decision.rule(), ticketId, e);
            records = List.of(new AuditEntry.ActionRecord("apply", "", "FAILED", e.getClass().getSimpleName()
                    + ": " + e.getMessage()));
        }
        store.record(new AuditEntry(ticketId, trigger.key(), decision.rule(), decision.version(), decision.source(),
                decision.why(), records, clock.instant()));
        LOG.info("escalation rule {} fired on ticket {} ({}): {}", decision.rule(), ticketId, trigger.key(),
                records.stream().map(r -> r.action() + " " + r.status()).toList());
    }

    private static RuleContext withTicket(RuleContext c, Ticket t) {
        return new RuleContext(c.trigger(), t, c.message(), c.sentiment(), c.language(), c.author(), c.recentContacts(),
                c.sla(), c.now());
    }

    private RuleRunner.Evaluation evaluate(RuleContext context) {
        return runner.evaluate(context, catalog.current(), questions, serviceRules(), catalog::enabled);
    }

    /** What the rules would do for {@code context}, changing nothing. */
    public Explanation explain(RuleContext context) {
        RuleRunner.Evaluation evaluation = evaluate(context);
        List<List<AuditEntry.ActionRecord>> actions = evaluation.decisions().stream()
                .map(d -> applier.apply(context, questions, d, true)).toList();
        return new Explanation(context, evaluation.decisions(), actions, evaluation.failures(), questions);
    }

    public ContextBuilder contexts() {
        return contexts;
    }

    /** The integrators' rule services in evaluation order. */
    public List<RuleRunner.ServiceRule> serviceRules() {
        List<RuleRunner.ServiceRule> list = new ArrayList<>();
        services.forEach((ref, rule) -> list.add(new RuleRunner.ServiceRule(rule,
                ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0,
                (Long) ref.getProperty(Constants.SERVICE_ID),
                ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName())));
        return list;
    }

    public Map<String, Long> failureCounts() {
        return runner.failureCounts();
    }

    public List<AuditEntry> audit(long ticketId) {
        return store.audit(ticketId);
    }

    public RuleCatalog catalog() {
        return catalog;
    }
}
