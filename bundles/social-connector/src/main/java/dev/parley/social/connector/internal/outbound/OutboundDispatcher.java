package dev.parley.social.connector.internal.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.ConfiguredAccount;
import dev.parley.social.connector.internal.inbox.InboxSchema;

/**
 * Sends queued replies, at least once and without visible duplicates. Replies arrive as QUEUED
 * host messages (announced by MESSAGE_ADDED, and re-read from the host on start in case an event
 * was missed); each gets an outbox row, and one loop reads due rows and hands each ticket's
 * replies, in order, to a sender thread ({@link ReplySender}); rate limits and the circuit
 * breaker are shared per account. The webhook path never waits on
 * any of this. Immediate: after a restart nothing may wait for the next event to be sent.
 */
@Component(service = EventHandler.class, configurationPid = OutboundConfig.PID, immediate = true)
@EventTopics(TicketEvents.MESSAGE_ADDED)
public final class OutboundDispatcher implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundDispatcher.class);
    private static final int BATCH = 200;
    private static final Duration ADOPT_EVERY = Duration.ofSeconds(30);

    private final TicketService tickets;
    private final AccountDirectory accounts;
    private final OutboxStore outbox;
    private final ReplySender sender;
    private final Clock clock;
    private final ExecutorService loop;
    private final ExecutorService senders;
    private final Object signal = new Object();
    private final AtomicInteger nudges = new AtomicInteger();
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
        this.sender = new ReplySender(tickets, accounts, outbox, gates, events, config, clock, attachments);
        this.senders = Executors.newFixedThreadPool(Math.max(1, config.senderThreads()), threads("parley-social-send"));
        this.loop = Executors.newSingleThreadExecutor(threads("parley-social-outbox"));
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
        tickets.getMessage(messageId).filter(m -> m.delivery() == DeliveryState.QUEUED).ifPresent(this::enqueue);
        nudge();
    }

    private void enqueue(Message message) {
        String account = message.properties().get(SocialProperties.ACCOUNT);
        if (account != null) {
            outbox.enqueue(message.id(), message.ticketId(), account, clock.instant());
        }
    }

    void nudge() {
        nudges.incrementAndGet();
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        long nextAdoption = System.nanoTime();
        while (running) {
            if (System.nanoTime() - nextAdoption >= 0) {
                adoptQueuedReplies(); // also after a platform bundle arrives late or comes back
                nextAdoption = System.nanoTime() + ADOPT_EVERY.toNanos();
            }
            int seen = nudges.get();
            try {
                if (platformsMoved) {
                    platformsMoved = false;
                    wakeForPlatforms();
                }
                if (drainOnce() > 0) {
                    continue;
                }
            } catch (RuntimeException e) {
                LOG.warn("The social outbox loop failed; retrying in a second: {}", e.toString());
            }
            synchronized (signal) {
                if (running && nudges.get() == seen) {
                    try {
                        signal.wait(250);
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
            int adopted = 0;
            for (Message m : queued) {
                if (!outbox.contains(m.id())) {
                    enqueue(m);
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

    /** Claims and sends one batch of due replies (the first due of each ticket); returns how many were claimed. */
    int drainOnce() {
        List<OutboxStore.Entry> due = outbox.claim(clock.instant(), BATCH);
        if (due.isEmpty()) {
            return 0;
        }
        // order matters within a conversation, not across: each ticket's replies go in order, tickets in parallel
        Map<Long, List<OutboxStore.Entry>> byTicket = new LinkedHashMap<>();
        due.forEach(e -> byTicket.computeIfAbsent(e.ticketId(), t -> new ArrayList<>()).add(e));
        List<Future<?>> work = new ArrayList<>();
        for (List<OutboxStore.Entry> replies : byTicket.values()) {
            work.add(senders.submit(() -> replies.forEach(this::sendIfRunning)));
        }
        for (Future<?> f : work) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("A social sender failed: {}", e.getCause().toString());
            }
        }
        return due.size();
    }

    private void sendIfRunning(OutboxStore.Entry entry) {
        if (running) {
            sender.send(entry);
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
            if (!loop.awaitTermination(20, TimeUnit.SECONDS)) {
                LOG.warn("Social sends still running after 20 s; they are looked up again on the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.shutdownNow();
        senders.shutdownNow();
    }
}
