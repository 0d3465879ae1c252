package dev.parley.social.connector.internal.media;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

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

import dev.parley.helpdesk.api.AttachmentRejectedException;
import dev.parley.helpdesk.api.AttachmentStore;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.TicketEvents;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.SocialProperties;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.ConfiguredAccount;

/**
 * Downloads the attachments of inbound social messages into the host's {@link AttachmentStore},
 * after the message is stored and never on its path: a new message's pending attachments on its
 * {@code MESSAGE_ADDED} event, and every few seconds those due for a retry or left by a restart.
 * Each URL must pass the account's {@link MediaHostPolicy}; a refused URL, a 4xx or a file over the
 * limit fails the attachment at once with the reason, anything else is retried with doubling waits
 * and then fails. The message shows the outcome either way.
 */
@Component(service = EventHandler.class, configurationPid = MediaConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@EventTopics(TicketEvents.MESSAGE_ADDED)
@Designate(ocd = MediaConfig.class)
public final class AttachmentFetcher implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AttachmentFetcher.class);

    private final AttachmentStore store;
    private final TicketService tickets;
    private final AccountDirectory accounts;
    private final MediaConfig config;
    private final Clock clock;
    private final MediaDownloader downloader;
    private final ScheduledExecutorService executor;
    private final Set<Long> inHand = ConcurrentHashMap.newKeySet();

    @Activate
    public AttachmentFetcher(@Reference AttachmentStore store, @Reference TicketService tickets,
            @Reference AccountDirectory accounts, MediaConfig config) {
        this(store, tickets, accounts, config, Clock.systemUTC());
        executor.scheduleWithFixedDelay(this::sweep, config.sweepSeconds(), config.sweepSeconds(), TimeUnit.SECONDS);
    }

    AttachmentFetcher(AttachmentStore store, TicketService tickets, AccountDirectory accounts, MediaConfig config,
            Clock clock) {
        this.store = store;
        this.tickets = tickets;
        this.accounts = accounts;
        this.config = config;
        this.clock = clock;
        this.downloader = new MediaDownloader(this::apiHosts, config.timeoutMillis(), config.maxRedirects());
        AtomicInteger count = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(config.threads(), r -> {
            Thread t = new Thread(r, "parley-social-media-" + count.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY); // behind webhook answers, like the rest of ticket processing
            return t;
        });
    }

    @Deactivate
    void stop() {
        executor.shutdownNow();
        downloader.close();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hosts of configured accounts' API base URLs: the only names allowed to resolve to private addresses. */
    private Set<String> apiHosts() {
        return accounts.accounts().stream().map(a -> policy(a).apiHost()).flatMap(Optional::stream)
                .collect(Collectors.toSet());
    }

    @Override
    public void handleEvent(Event event) {
        if ("INBOUND".equals(event.getProperty(TicketEvents.MESSAGE_DIRECTION))
                && event.getProperty(TicketEvents.MESSAGE_PENDING_ATTACHMENTS) instanceof Integer pending && pending > 0
                && event.getProperty(TicketEvents.MESSAGE_ID) instanceof Long messageId) {
            executor.execute(() -> fetchPendingOf(messageId));
        }
    }

    void fetchPendingOf(long messageId) {
        try {
            store.pendingOf(messageId).forEach(this::fetch);
        } catch (RuntimeException e) {
            LOG.warn("Attachments of message {}: {}; the sweep tries again", messageId, e.toString());
        }
    }

    void sweep() {
        try {
            store.due(clock.instant(), 50).forEach(this::fetch);
        } catch (RuntimeException e) {
            LOG.warn("Attachment sweep failed: {}", e.toString());
        }
    }

    void fetch(AttachmentStore.Pending pending) {
        if (!inHand.add(pending.id())) {
            return;
        }
        try {
            Optional<ConfiguredAccount> account = tickets.getMessage(pending.messageId()).map(Message::properties)
                    .map(p -> p.get(SocialProperties.ACCOUNT)).flatMap(accounts::account);
            if (account.isEmpty()) {
                settle(pending, new MediaDownloader.Failed("the account that received the message is not configured"));
                return;
            }
            Optional<SocialPlatform> platform = accounts.platform(account.get().account().platform());
            String url = pending.sourceUrl();
            if (platform.isPresent()) {
                try {
                    // a platform that names media by id answers a short-lived URL for it (WhatsApp: 5 minutes)
                    url = platform.get().resolveMedia(account.get().account(), url);
                } catch (java.io.IOException e) {
                    settle(pending, new MediaDownloader.Failed("the platform did not give the media's URL: "
                            + e.getMessage()));
                    return;
                } catch (IllegalStateException e) {
                    settle(pending, new MediaDownloader.Refused(e.getMessage())); // e.g. over Telegram's 20 MB
                    return;
                }
            }
            // asked per URL: a platform may sign the very URL fetched (X's DM media: OAuth 1.0a)
            java.util.function.Function<String, java.util.Map<String, String>> headers = fetched -> platform
                    .map(p -> p.mediaHeaders(account.get().account(), fetched)).orElse(java.util.Map.of());
            MediaDownloader.Outcome outcome = withoutUrl(downloader.fetch(url, policy(account.get()), headers,
                    store.maxFileBytes(), (type, body) -> {
                        try {
                            return store.store(pending.id(), type, body);
                        } catch (AttachmentRejectedException e) {
                            throw new MediaDownloader.RefusedResponse(e.getMessage());
                        }
                    }), url, pending.sourceUrl());
            settle(pending, outcome);
        } catch (RuntimeException e) {
            LOG.warn("Attachment {}: {}", pending.id(), e.toString());
            settle(pending, new MediaDownloader.Failed(e.toString()));
        } finally {
            inHand.remove(pending.id());
        }
    }

    /**
     * The outcome with the resolved URL, which may hold a credential (Telegram's bot token), replaced
     * by the attachment's source in its reason: reasons are stored and shown to agents.
     */
    static MediaDownloader.Outcome withoutUrl(MediaDownloader.Outcome outcome, String resolved, String source) {
        if (resolved.equals(source)) {
            return outcome;
        }
        if (outcome instanceof MediaDownloader.Refused refused) {
            return new MediaDownloader.Refused(refused.reason().replace(resolved, source));
        }
        if (outcome instanceof MediaDownloader.Failed failed) {
            return new MediaDownloader.Failed(failed.reason().replace(resolved, source));
        }
        return outcome;
    }

    private void settle(AttachmentStore.Pending pending, MediaDownloader.Outcome outcome) {
        try {
            if (outcome instanceof MediaDownloader.Refused refused) {
                store.fail(pending.id(), refused.reason());
            } else if (outcome instanceof MediaDownloader.Failed failed) {
                int attempts = pending.attempts() + 1;
                if (attempts >= config.attempts()) {
                    store.fail(pending.id(), failed.reason() + " (" + attempts + " attempts)");
                } else {
                    Duration wait = Duration.ofSeconds((long) config.retrySeconds() << Math.min(attempts - 1, 16));
                    Instant next = clock.instant().plus(wait);
                    LOG.info("Attachment {} of ticket {}: {}; trying again at {}", pending.id(), pending.ticketId(),
                            failed.reason(), next);
                    store.retryLater(pending.id(), failed.reason(), next);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Attachment {}: could not record the outcome: {}", pending.id(), e.toString());
        }
    }

    private MediaHostPolicy policy(ConfiguredAccount account) {
        var hosts = account.mediaHosts().isEmpty()
                ? accounts.platform(account.account().platform()).map(SocialPlatform::mediaHosts).orElse(Set.of())
                : account.mediaHosts();
        return new MediaHostPolicy(java.util.List.copyOf(hosts), account.account().apiBaseUrl());
    }
}
