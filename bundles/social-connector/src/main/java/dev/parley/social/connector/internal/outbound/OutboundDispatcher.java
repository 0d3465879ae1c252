package dev.parley.social.connector.internal.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.AttachmentStore;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.TicketEvents;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.helpdesk.api.store.SqlDialect;
import dev.parley.social.api.SocialProperties;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.ConfiguredAccount;
import dev.parley.social.connector.internal.inbox.InboxSchema;

/**
 * Sends queued replies, at least once and without visible duplicates. Replies arrive as QUEUED
 * host messages (announced by MESSAGE_ADDED after their commit, and re-read from the host on start
 * in case an event was missed); each gets an outbox row. One loop, woken by those commits and by
 * each settled send (not by a timer), claims due rows in batches (per ticket the oldest due ones in
 * order, so a conversation's replies leave in order) and marks them IN_FLIGHT in the same commit,
 * then lets their requests go over the platform's async client ({@link ReplySender}); answers are
 * settled together by one task on a small pool of sender threads, and the rows of settled replies
 * are deleted with the next claim.
 * Rate limits and the circuit breaker are shared per account. The webhook path never waits on any
 * of this. Immediate: after a restart nothing may wait for the next event to be sent.
 */
@Component(service = EventHandler.class, configurationPid = OutboundConfig.PID, immediate = true)
@EventTopics(TicketEvents.MESSAGE_ADDED)
public final class OutboundDispatcher implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundDispatcher.class);
    private static final int BATCH = 200;
    /**
     * Replies of one conversation claimed together and sent one after the other. Each is marked
     * IN_FLIGHT with the claim, so after a crash at most this many per conversation (and {@link
     * #MAX_IN_FLIGHT} in all) are looked up on the platform although their request had not left.
     */
    private static final int CHAIN = 8;
    /** Requests out at once (the platform client's pool queues beyond its connections). */
    private static final int MAX_IN_FLIGHT = 256;
    /** Longest sleep without a wake-up: rows another node enqueued or left behind are seen within it. */
    private static final Duration IDLE_LOOK = Duration.ofSeconds(1);
    /** A safety net for an event that never came; replies are adopted on start and when platforms change. */
    private static final Duration ADOPT_EVERY = Duration.ofMinutes(5);

    private final TicketService tickets;
    private final AccountDirectory accounts;
    private final OutboxStore outbox;
    private final ReplySender sender;
    private final Clock clock;
    private final ExecutorService loop;
    private final ExecutorService senders;
    private final ConversationSends sends;
    private final Object signal = new Object();
    private final AtomicInteger nudges = new AtomicInteger();
    private final ConcurrentLinkedQueue<Long> settled = new ConcurrentLinkedQueue<>();
    /** Replies announced since the last claim: added to the outbox with it (one commit for many). */
    private final ConcurrentLinkedQueue<OutboxStore.Queued> arrived = new ConcurrentLinkedQueue<>();
    private final Runnable platformsChanged = this::platformsChanged;
    private volatile boolean platformsMoved;
    private volatile boolean running = true;

    @Activate
    public OutboundDispatcher(@Reference TicketService tickets, @Reference AccountDirectory accounts,
            @Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference EventAdmin events, OutboundConfig config,
            BundleContext context, @Reference AttachmentStore attachments) {
        this(tickets, accounts, dataSource, migrator, events, config, Clock.systemUTC(), NodeName.of(context),
                Optional.of(attachments));
    }

    OutboundDispatcher(TicketService tickets, AccountDirectory accounts, DataSource dataSource, SchemaMigrator migrator,
            EventAdmin events, OutboundConfig config, Clock clock, String node) {
        this(tickets, accounts, dataSource, migrator, events, config, clock, node, Optional.empty());
    }

    OutboundDispatcher(TicketService tickets, AccountDirectory accounts, DataSource dataSource, SchemaMigrator migrator,
            EventAdmin events, OutboundConfig config, Clock clock, String node, Optional<AttachmentStore> attachments) {
        migrator.migrate(InboxSchema.MODULE, InboxSchema.migrations(SqlDialect.of(dataSource)));
        this.tickets = tickets;
        this.accounts = accounts;
        this.outbox = new OutboxStore(dataSource, node, Duration.ofSeconds(Math.max(10, config.claimLeaseSeconds())));
        this.clock = clock;
        SendGates gates = new SendGates(config.breakerThreshold(), Duration.ofMillis(config.breakerPauseMillis()),
                config.retryBaseMillis(), config.retryMaxMillis());
        this.sender = new ReplySender(tickets, accounts, outbox, gates, events, config, clock, this::settled,
                attachments);
        this.senders = Executors.newFixedThreadPool(Math.max(1, config.senderThreads()), threads("parley-social-send"));
        this.loop = Executors.newSingleThreadExecutor(threads("parley-social-outbox"));
        this.sends = new ConversationSends(sender, outbox, clock, senders, () -> running, this::nudge);
        int recovered = outbox.recoverOwn(clock.instant());
        if (recovered > 0) {
            LOG.info("{} replies were held by this node ({}) when it last stopped; those whose request may have left "
                    + "are looked up on their platform before they are sent again", recovered, node);
        }
        accounts.onPlatformsChanged(platformsChanged);
        loop.execute(this::run);
    }

    /** On the binding thread: only a flag; the loop wakes the replies a platform's coming or going concerns. */
    private void platformsChanged() {
        platformsMoved = true;
        nudge();
    }

    /**
     * Replies waiting for a platform that arrived are sent now; the pending replies of accounts whose
     * platform left are due now too, so they show at once that they wait for it (not only at their
     * next retry, minutes away after a few failures).
     */
    private void wakeForPlatforms() {
        Instant now = clock.instant();
        int arrived = outbox.wakeWaitingForPlatform(now);
        List<String> orphaned = accounts.accounts().stream()
                .filter(a -> accounts.platform(a.account().platform()).isEmpty()).map(ConfiguredAccount::name).toList();
        int left = outbox.wakeAccounts(orphaned, now);
        if (arrived + left > 0) {
            LOG.info("Platforms changed: {} replies waiting for their platform are sent now, {} replies of accounts "
                    + "whose platform left now wait for it", arrived, left);
        }
    }

    private static java.util.concurrent.ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void handleEvent(Event event) {
        if (!"OUTBOUND".equals(event.getProperty(TicketEvents.MESSAGE_DIRECTION))
                || !accounts.channels().contains(String.valueOf(event.getProperty(TicketEvents.CHANNEL)))
                || !(event.getProperty(TicketEvents.MESSAGE_ID) instanceof Long messageId)) {
            return;
        }
        // the row is added with the loop's next claim; a reply lost with a crash before it is adopted at start
        tickets.getMessage(messageId).filter(m -> m.delivery() == DeliveryState.QUEUED).flatMap(OutboundDispatcher::queued)
                .ifPresent(arrived::add);
        nudge();
    }

    private static Optional<OutboxStore.Queued> queued(Message message) {
        return Optional.ofNullable(message.properties().get(SocialProperties.ACCOUNT))
                .map(account -> new OutboxStore.Queued(message.id(), message.ticketId(), account));
    }

    void nudge() {
        nudges.incrementAndGet();
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void settled(long messageId) {
        settled.add(messageId);
        nudge();
    }

    private void run() {
        long nextAdoption = System.nanoTime();
        while (running) {
            if (System.nanoTime() - nextAdoption >= 0) {
                adoptQueuedReplies(); // also after a platform bundle arrives late or comes back
                nextAdoption = System.nanoTime() + ADOPT_EVERY.toNanos();
            }
            int seen = nudges.get();
            long waitMillis = IDLE_LOOK.toMillis();
            try {
                if (platformsMoved) {
                    platformsMoved = false;
                    wakeForPlatforms();
                    nextAdoption = System.nanoTime();
                }
                if (drainOnce() > 0) {
                    continue;
                }
                if (sends.inFlight() < MAX_IN_FLIGHT) {
                    Instant now = clock.instant();
                    waitMillis = outbox.nextDue().map(at -> Duration.between(now, at).toMillis())
                            .map(ms -> Math.max(1, Math.min(ms, IDLE_LOOK.toMillis()))).orElse(IDLE_LOOK.toMillis());
                }
            } catch (RuntimeException e) {
                LOG.warn("The social outbox loop failed; retrying in a second: {}", e.toString());
            }
            synchronized (signal) {
                if (running && nudges.get() == seen) {
                    try {
                        signal.wait(waitMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** Queued replies the outbox has no row for: stored while the connector was away, or their event was missed. */
    private void adoptQueuedReplies() {
        try {
            Set<String> channels = accounts.channels();
            List<Message> queued = channels.isEmpty() ? List.of() : tickets.queuedMessages(channels, 10_000);
            Set<Long> present = outbox.present(queued.stream().map(Message::id).collect(java.util.stream.Collectors.toSet()));
            int adopted = 0;
            for (Message m : queued) {
                if (!present.contains(m.id()) && queued(m).map(arrived::add).orElse(false)) {
                    adopted++;
                }
            }
            if (adopted > 0) {
                LOG.info("Adopted {} queued replies into the social outbox", adopted);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not read queued replies from the helpdesk; they are picked up on their next event: {}",
                    e.toString());
        }
    }

    /**
     * Adds announced replies, deletes the rows of settled ones and claims due ones, marking those that
     * go at once IN_FLIGHT (one commit), then lets them go: replies an earlier attempt may have
     * posted are looked up first, each on a sender thread; for the others, each conversation's
     * requests leave one after the other and the conversations' without waiting for each other.
     * Returns how many were claimed.
     */
    int drainOnce() {
        List<Long> done = new ArrayList<>();
        for (Long id; (id = settled.poll()) != null;) {
            done.add(id);
        }
        List<OutboxStore.Queued> added = new ArrayList<>();
        for (OutboxStore.Queued q; (q = arrived.poll()) != null;) {
            added.add(q);
        }
        int room = running ? Math.min(BATCH, MAX_IN_FLIGHT - sends.inFlight()) : 0;
        List<OutboxStore.Entry> due;
        try {
            due = room > 0 || !done.isEmpty() || !added.isEmpty()
                    ? outbox.claim(clock.instant(), room, CHAIN, true, done, added) : List.of();
        } catch (RuntimeException e) {
            settled.addAll(done); // deleted with a later claim
            arrived.addAll(added);
            throw e;
        }
        if (due.isEmpty()) {
            return 0;
        }
        Map<Long, List<OutboxStore.Entry>> byTicket = new LinkedHashMap<>();
        due.forEach(e -> byTicket.computeIfAbsent(e.ticketId(), t -> new ArrayList<>()).add(e));
        List<List<ReplySender.Ready>> chains = new ArrayList<>();
        List<Long> unsent = new ArrayList<>();
        for (List<OutboxStore.Entry> replies : byTicket.values()) {
            OutboxStore.Entry head = replies.get(0);
            if (head.uncertain() || head.sentAs().isPresent()) {
                sends.lookUpFirst(head); // the claim ends a chain at such a reply
                continue;
            }
            List<ReplySender.Ready> chain = new ArrayList<>();
            for (int i = 0; i < replies.size(); i++) {
                Optional<ReplySender.Ready> ready = prepare(replies.get(i));
                if (ready.isEmpty()) {
                    // settled, rescheduled or waiting: the replies after it are claimed again in order
                    replies.subList(i + 1, replies.size()).forEach(e -> unsent.add(e.messageId()));
                    break;
                }
                chain.add(ready.get());
            }
            if (!chain.isEmpty()) {
                chains.add(chain);
            }
        }
        for (List<ReplySender.Ready> chain : chains) {
            sends.start(chain);
        }
        outbox.release(unsent, clock.instant());
        return due.size();
    }

    private Optional<ReplySender.Ready> prepare(OutboxStore.Entry entry) {
        try {
            return sender.prepare(entry);
        } catch (RuntimeException e) {
            LOG.warn("Message {} could not be prepared for sending; tried again after its lease: {}",
                    entry.messageId(), e.toString());
            return Optional.empty();
        }
    }

    long backlog() {
        return outbox.pending();
    }

    /** Lets sends in progress finish, so a bundle update leaves nothing in flight. */
    @Deactivate
    void stop() {
        accounts.removePlatformListener(platformsChanged);
        running = false;
        nudge();
        loop.shutdown();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            loop.awaitTermination(20, TimeUnit.SECONDS);
            while (sends.inFlight() > 0 && System.nanoTime() < deadline) {
                synchronized (signal) {
                    signal.wait(50);
                }
            }
            if (sends.inFlight() > 0) {
                LOG.warn("{} social sends still running after 20 s; they are looked up again on the next start",
                        sends.inFlight());
            }
            List<Long> done = new ArrayList<>(settled);
            if (!done.isEmpty()) {
                outbox.claim(clock.instant(), 0, CHAIN, true, done, new ArrayList<>(arrived));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Could not delete the rows of settled replies; they are found settled on the next start: {}",
                    e.toString());
        }
        loop.shutdownNow();
        senders.shutdownNow();
    }
}
