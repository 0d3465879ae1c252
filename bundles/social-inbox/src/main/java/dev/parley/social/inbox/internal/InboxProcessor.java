package dev.parley.social.inbox.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.CustomerService;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.social.api.InboxEvent;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.SocialInbox;
import dev.parley.social.kit.tickets.StoreErrors;

/**
 * Drains the social inbox into tickets on its own threads. One loop claims a batch (leased, so
 * nothing is lost if this bundle stops or dies) and splits it into one share per worker, keeping
 * each conversation's events together and in order ({@link Shares}). A worker handles its share
 * in order: follow-ups on known tickets are appended together in one commit, everything else on
 * its own, and the inbox marks the share's handled events done in one more commit after their
 * ticket writes. The next batch is claimed when this one is done. Customer
 * messages go onto tickets ({@link TicketThreading}); echoes, reactions, edits, unsends and
 * referrals change what is there ({@link ConversationChanges}); kinds deliberately not acted on
 * are completed as "ignored" and counted per kind, never parked; a failure is retried
 * with doubling delays and parked with its reason after the last attempt; one bad event never
 * holds up the ones behind it. Stopping finishes the events in hand and releases
 * the rest of the claim for the next processor. New events are picked up on the connector's
 * EventAdmin nudge, or within the idle poll interval without one.
 */
// immediate: a delayed component would wait for the next webhook's event to start, leaving a backlog
// (events stored or claimed before a restart) untouched until then
@Component(service = EventHandler.class, configurationPid = ProcessorConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@EventTopics(SocialInbox.TOPIC_STORED)
@Designate(ocd = ProcessorConfig.class)
public final class InboxProcessor implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InboxProcessor.class);
    /** The first wait of an echo (or reaction, edit, unsend) that came before what it is about; doubling after. */
    static final long ECHO_RETRY_FIRST_MILLIS = 250;

    private final SocialInbox inbox;
    private final TicketThreading threading;
    private final ConversationChanges changes;
    private final ProcessorConfig config;
    private final Clock clock;
    private final ExecutorService loop;
    private final ExecutorService workers;
    private final Set<Long> inHand = ConcurrentHashMap.newKeySet();
    private final Object wakeUp = new Object();
    private volatile boolean running = true;
    private boolean nudged;

    @Activate
    public InboxProcessor(@Reference SocialInbox inbox, @Reference TicketService tickets,
            @Reference CustomerService customers, @Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource,
            @Reference SchemaMigrator migrator, ProcessorConfig config) {
        this(inbox, threads(dataSource, migrator), tickets, customers, config, Clock.systemUTC());
        start();
        LOG.info("Social inbox processor started ({} workers, reopen window {} days)", config.workers(),
                config.reopenWindowDays());
    }

    private InboxProcessor(SocialInbox inbox, ThreadStore threads, TicketService tickets,
            CustomerService customers, ProcessorConfig config, Clock clock) {
        this(inbox, new TicketThreading(tickets, customers, threads, Duration.ofDays(config.reopenWindowDays())),
                new ConversationChanges(tickets, threads, Duration.ofSeconds(config.echoHoldSeconds())), config, clock);
    }

    private static ThreadStore threads(DataSource dataSource, SchemaMigrator migrator) {
        return new ThreadStore(dataSource, migrator);
    }

    /** Without starting the loop: tests drive {@link #drainOnce()}. */
    InboxProcessor(SocialInbox inbox, TicketThreading threading, ConversationChanges changes,
            ProcessorConfig config, Clock clock) {
        this.inbox = inbox;
        this.threading = threading;
        this.changes = changes;
        this.config = config;
        this.clock = clock;
        this.loop = Executors.newSingleThreadExecutor(r -> daemon(r, "parley-social-processor"));
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.workers(),
                r -> daemon(r, "parley-social-worker-" + count.incrementAndGet()));
    }

    /** Starts the claiming loop. */
    void start() {
        loop.execute(this::run);
    }

    /**
     * Processing runs behind the webhook answers: at the lowest priority, so that on busy cores the
     * request threads that acknowledge webhooks go first and the durable inbox absorbs the difference
     * (the JVM maps it to a higher nice value with {@code -XX:ThreadPriorityPolicy=1}; see the README).
     */
    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    }

    @Override
    public void handleEvent(Event event) {
        synchronized (wakeUp) {
            nudged = true;
            wakeUp.notifyAll();
        }
    }

    @Deactivate
    public void stop() {
        running = false;
        handleEvent(null);
        loop.shutdown();
        workers.shutdown();
        try {
            if (!loop.awaitTermination(20, TimeUnit.SECONDS)) {
                LOG.warn("Social inbox processor did not stop within 20 s; its claims expire after their lease");
                loop.shutdownNow();
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releaseInHand();
        LOG.info("Social inbox processor stopped");
    }

    private void run() {
        while (running) {
            try {
                int claimed = drainOnce();
                if (claimed == 0) {
                    idle();
                } else if (claimed < config.batchSize()) {
                    linger();
                }
            } catch (RuntimeException e) {
                LOG.warn("Social inbox processing round failed, trying again shortly: {}", e.toString());
                idle();
            }
        }
    }

    /** Lets a few more events gather: under moderate load the next batch is bigger, and cheaper per event. */
    private void linger() {
        if (config.lingerMillis() > 0) {
            try {
                Thread.sleep(config.lingerMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void idle() {
        synchronized (wakeUp) {
            if (!nudged && running) {
                try {
                    wakeUp.wait(config.idlePollMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            nudged = false;
        }
    }

    /** Claims one batch and handles it; returns how many events it claimed. */
    int drainOnce() {
        List<InboxEvent> batch = inbox.claim(config.batchSize(), Duration.ofSeconds(config.leaseSeconds()));
        if (batch.isEmpty()) {
            return 0;
        }
        batch.forEach(e -> inHand.add(e.id()));
        List<Future<?>> pending = new ArrayList<>();
        for (List<InboxEvent> share : Shares.of(batch, config.workers())) {
            pending.add(workers.submit(() -> handleShare(share)));
        }
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (ExecutionException e) {
                LOG.warn("A social inbox worker failed: {}", e.getCause().toString());
            }
        }
        return batch.size();
    }

    /**
     * Handles one worker's share in order. Customers' follow-ups on tickets that take them are
     * gathered and appended in one write; anything else first writes what was gathered, then is
     * handled on its own, so each conversation's events keep their order. The share's completed
     * events are told to the inbox in one write at the end (a stop before it leaves them claimed:
     * handled again after the lease, idempotently). A failed or parked event is told at once.
     */
    void handleShare(List<InboxEvent> share) {
        List<Staged> staged = new ArrayList<>();
        Map<Long, String> completed = new LinkedHashMap<>();
        try {
            for (InboxEvent event : share) {
                if (!running) {
                    break;
                }
                Optional<TicketThreading.FollowUp> followUp = followUp(event);
                if (followUp.isPresent()) {
                    staged.add(new Staged(event, followUp.get()));
                    continue;
                }
                appendStaged(staged, completed);
                handleAlone(event, completed);
            }
            appendStaged(staged, completed);
        } finally {
            complete(completed);
        }
    }

    /** A follow-up read and ready, waiting to be appended with the others of its share. */
    private record Staged(InboxEvent event, TicketThreading.FollowUp followUp) {
    }

    private Optional<TicketThreading.FollowUp> followUp(InboxEvent event) {
        var m = event.message();
        if (m.kind() != MessageKind.MESSAGE && m.kind() != MessageKind.COMMENT || changes.awaitingEcho(m, clock.instant())) {
            return Optional.empty();
        }
        try {
            return threading.followUp(m);
        } catch (RuntimeException e) {
            return Optional.empty(); // handled on its own, where the failure is told apart (parked or retried)
        }
    }

    /** Appends the gathered follow-ups in one write, or each on its own if that fails. */
    private void appendStaged(List<Staged> staged, Map<Long, String> completed) {
        if (staged.isEmpty()) {
            return;
        }
        try {
            List<TicketThreading.Delivery> deliveries = threading.appendAll(staged.stream().map(Staged::followUp).toList());
            for (int i = 0; i < staged.size(); i++) {
                completed.put(staged.get(i).event().id(), deliveries.get(i).describe());
            }
        } catch (RuntimeException e) {
            LOG.debug("A batch of {} follow-ups is added one by one: {}", staged.size(), e.toString());
            staged.forEach(s -> handleAlone(s.event(), completed));
        }
        staged.clear();
    }

    /** One event with its own store calls: done goes with the share's completions, anything else is told at once. */
    private void handleAlone(InboxEvent event, Map<Long, String> completed) {
        Outcome outcome = decide(event);
        if (outcome instanceof Done done) {
            completed.put(event.id(), done.description());
        } else {
            settle(outcome);
        }
    }

    private void complete(Map<Long, String> completed) {
        if (completed.isEmpty()) {
            return;
        }
        try {
            inbox.completeAll(completed);
        } catch (RuntimeException e) {
            // the inbox keeps the claims until their lease ends; the events are handled again then, idempotently
            LOG.warn("Could not record {} handled inbox events as done: {}", completed.size(), e.toString());
        } finally {
            inHand.removeAll(completed.keySet());
        }
    }

    /** What became of one event, told to the inbox once its ticket writes are committed. */
    private sealed interface Outcome {
        InboxEvent event();
    }

    private record Done(InboxEvent event, String description) implements Outcome {
    }

    private record Parked(InboxEvent event, String reason) implements Outcome {
    }

    private record Failed(InboxEvent event, RuntimeException error) implements Outcome {
    }

    private Outcome decide(InboxEvent event) {
        var m = event.message();
        try {
            switch (m.kind()) {
                case ECHO -> {
                    return new Done(event, changes.echo(m, clock.instant()));
                }
                case REACTION -> {
                    return new Done(event, changes.reaction(m, clock.instant()));
                }
                case EDIT -> {
                    return new Done(event, changes.edit(m, clock.instant()));
                }
                case RETRACTION -> {
                    return new Done(event, changes.retraction(m, clock.instant()));
                }
                case REFERRAL -> {
                    return new Done(event, changes.referral(m));
                }
                case STATUS -> {
                    return new Done(event, changes.status(m, clock.instant()));
                }
                case BLOCK -> {
                    return new Done(event, changes.block(m));
                }
                case MOVED -> {
                    return new Done(event, threading.moved(m));
                }
                case UNSUPPORTED -> {
                    // deliberately not acted on (a like, a follow, an unknown field): counted per kind, not a failure
                    return new Done(event, "ignored: " + m.rawType().orElse("unknown"));
                }
                default -> {
                    if (changes.awaitingEcho(m, clock.instant())) {
                        return new Failed(event, new WaitingForEcho(m.externalId()));
                    }
                    TicketThreading.Delivery delivery = threading.deliver(m);
                    LOG.debug("Inbox event {} ({} {}) -> {}", event.id(), m.channel(), m.externalId(),
                            delivery.describe());
                    return new Done(event, delivery.describe());
                }
            }
        } catch (IllegalArgumentException e) {
            return new Parked(event, "refused by the helpdesk: " + e.getMessage());
        } catch (ConversationChanges.EchoBeforeTicket e) {
            return new Failed(event, e);
        } catch (RuntimeException e) {
            return new Failed(event, e);
        }
    }

    /** Tells the inbox; an event that could not be handled is retried with doubling delays, then parked. */
    private void settle(Outcome outcome) {
        InboxEvent event = outcome.event();
        try {
            if (outcome instanceof Done done) {
                inbox.completeAll(Map.of(event.id(), done.description()));
            } else if (outcome instanceof Parked parked) {
                park(event, parked.reason());
            } else if (outcome instanceof Failed failed) {
                retryOrPark(event, failed.error());
            }
        } catch (RuntimeException e) {
            // the inbox keeps the claim until its lease ends; the event is handled again then, idempotently
            LOG.warn("Inbox event {}: could not record its outcome: {}", event.id(), e.toString());
        } finally {
            inHand.remove(event.id());
        }
    }

    /** A customer message held back until the echo of our own message in its conversation is placed. */
    static final class WaitingForEcho extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        WaitingForEcho(String externalId) {
            super(externalId + " waits for the echo of our message in its conversation");
        }
    }

    private void retryOrPark(InboxEvent event, RuntimeException e) {
        int attempts = event.attempts() + 1;
        if (e instanceof WaitingForEcho) {
            // never dropped nor parked: the wait ends when the echo is placed or its hold is over
            Instant next = clock.instant().plusMillis(echoRetryDelay(attempts, 4));
            LOG.debug("Inbox event {}: {}; retrying at {}", event.id(), e.getMessage(), next);
            inbox.retry(event.id(), e.toString(), next);
            return;
        }
        if (e instanceof ConversationChanges.EchoBeforeTicket) {
            Instant holdEnds = event.message().createdAt().plusSeconds(config.echoHoldSeconds());
            if (!holdEnds.isAfter(clock.instant())) {
                // nothing failed: an echo nobody needs once its hold is over
                inbox.completeAll(Map.of(event.id(), changes.dropped(event.message())));
                return;
            }
            // usually our own send, echoed before its answer was recorded (milliseconds later): tried again soon, so
            // the echo has placed the conversation before the customer's answer to that send is threaded
            Instant next = clock.instant().plusMillis(echoRetryDelay(attempts, 20));
            LOG.debug("Inbox event {}: {}; retrying at {}", event.id(), e.getMessage(), next);
            // never parked: an echo's retries end with its hold, however many they were
            inbox.retry(event.id(), e.toString(), next.isBefore(holdEnds) ? next : holdEnds);
            return;
        }
        if (attempts >= config.maxAttempts()) {
            park(event, "failed " + attempts + " times, last: " + e, "failed " + attempts + " times, last: " + StoreErrors.loggable(e));
            return;
        }
        long delay = Math.min(config.retryMaxMillis(), config.retryBaseMillis() << Math.min(attempts - 1, 20));
        Instant next = clock.instant().plusMillis(delay);
        LOG.info("Inbox event {} ({} {}) failed (attempt {}), retrying at {}: {}", event.id(),
                event.message().channel(), event.message().externalId(), attempts, next, StoreErrors.loggable(e));
        inbox.retry(event.id(), e.toString(), next);
    }

    /** From {@link #ECHO_RETRY_FIRST_MILLIS}, doubling at most {@code maxDoublings} times, never over the retry cap. */
    private long echoRetryDelay(int attempts, int maxDoublings) {
        return Math.min(config.retryMaxMillis(), ECHO_RETRY_FIRST_MILLIS << Math.min(attempts - 1, maxDoublings));
    }

    /** One event on its own, one transaction per store call (tests). */
    void handle(InboxEvent event) {
        settle(decide(event));
    }

    private void park(InboxEvent event, String reason) {
        park(event, reason, reason);
    }

    /** {@code reason} is kept with the event (an admin reads it with the event itself); {@code logged} goes to the log. */
    private void park(InboxEvent event, String reason, String logged) {
        LOG.warn("Inbox event {} ({} {}) parked: {}", event.id(), event.message().channel(),
                event.message().externalId(), logged);
        inbox.park(event.id(), reason);
    }

    private void releaseInHand() {
        if (inHand.isEmpty()) {
            return;
        }
        List<Long> ids = List.copyOf(inHand);
        try {
            inbox.release(ids);
            LOG.info("Released {} claimed social inbox events for the next processor", ids.size());
        } catch (RuntimeException e) {
            LOG.warn("Could not release {} claimed events; they become claimable when their lease ends: {}", ids.size(),
                    e.toString());
        }
        inHand.clear();
    }
}
