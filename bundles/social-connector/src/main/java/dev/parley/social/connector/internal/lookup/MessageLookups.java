package dev.parley.social.connector.internal.lookup;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.CustomerService;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketPage;
import dev.parley.helpdesk.api.TicketQuery;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.TicketUpdate;
import dev.parley.helpdesk.api.TicketEvents;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.LookedUpMessage;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.SocialProperties;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.ConfiguredAccount;
import dev.parley.social.kit.tickets.Subjects;

/**
 * Completes the ticket messages a platform's webhook named by id only ({@code social.needsLookup},
 * such as an Instagram mention: the webhook carries a media and comment id, no text, no author) from
 * the platform's API ({@link SocialPlatform#lookupMessage}), on this component's own threads after
 * the message is stored: the ticket never waits for it. Found: the text, the author's name and
 * handle and the permalink replace the placeholder and {@code social.needsLookup} goes. Failed: the
 * placeholder stays with the reason ({@code social.lookupError}, {@code social.lookupAttempts}) and
 * the lookup is tried again with doubling waits; after the last attempt {@code social.lookupFailedAt}
 * is set and a WARN line names the message: never given up silently. A ticket waiting for a retry
 * carries the tag {@value #PENDING_TAG}, so the retries survive a restart: at start the open tickets
 * with that tag have their unfinished lookups tried again.
 */
@Component(service = EventHandler.class, configurationPid = LookupConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@EventTopics(TicketEvents.MESSAGE_ADDED)
@Designate(ocd = LookupConfig.class)
public final class MessageLookups implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MessageLookups.class);
    private static final int MAX_TEXT = 10_000;
    /**
     * The tag of a ticket with a lookup to do: set by the inbox with the message, visible to agents,
     * and found again after a restart.
     */
    static final String PENDING_TAG = InboundMessage.LOOKUP_PENDING_TAG;
    private static final Set<TicketStatus> OPEN = Set.of(TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING);

    private final TicketService tickets;
    private final CustomerService customers;
    private final AccountDirectory accounts;
    private final LookupConfig config;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;

    @Activate
    public MessageLookups(@Reference TicketService tickets, @Reference CustomerService customers,
            @Reference AccountDirectory accounts, LookupConfig config) {
        this(tickets, customers, accounts, config, Clock.systemUTC());
        if (config.enabled()) {
            submit(this::resumePending, Duration.ZERO);
        }
    }

    MessageLookups(TicketService tickets, CustomerService customers, AccountDirectory accounts, LookupConfig config,
            Clock clock) {
        this.tickets = tickets;
        this.customers = customers;
        this.accounts = accounts;
        this.config = config;
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "parley-social-lookups");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Deactivate
    void stop() {
        executor.shutdownNow();
    }

    @Override
    public void handleEvent(Event event) {
        if (config.enabled() && "INBOUND".equals(event.getProperty(TicketEvents.MESSAGE_DIRECTION))
                && accounts.channels().contains(String.valueOf(event.getProperty(TicketEvents.CHANNEL)))
                && mayNeedLookup(event) && event.getProperty(TicketEvents.MESSAGE_ID) instanceof Long messageId) {
            submit(() -> attempt(messageId), Duration.ZERO);
        }
    }

    /** A host that names the message's properties in the event spares the read of every message without a lookup. */
    static boolean mayNeedLookup(Event event) {
        return !(event.getProperty(TicketEvents.MESSAGE_PROPERTY_KEYS) instanceof String[] keys)
                || Arrays.asList(keys).contains(SocialProperties.NEEDS_LOOKUP);
    }

    private void submit(Runnable task, Duration delay) {
        try {
            executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Lookup not scheduled: the component is stopping");
        }
    }

    /** Tries again the lookups a stopped or restarted Parley left waiting (their tickets carry {@value #PENDING_TAG}). */
    void resumePending() {
        TicketQuery query = new TicketQuery(OPEN, null, null, null, null, Optional.of(PENDING_TAG), null, null, null,
                TicketQuery.MAX_LIMIT);
        int resumed = 0;
        Optional<String> cursor = Optional.empty();
        do {
            TicketPage page = tickets.query(cursor.map(query::withCursor).orElse(query));
            for (Ticket ticket : page.tickets()) {
                for (Message message : ticket.messages()) {
                    if (waiting(message)) {
                        submit(() -> attempt(message.id()), Duration.ZERO);
                        resumed++;
                    }
                }
            }
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        if (resumed > 0) {
            LOG.info("{} message lookup(s) left waiting by the last run are tried again", resumed);
        }
    }

    private static boolean waiting(Message message) {
        return "true".equals(message.properties().get(SocialProperties.NEEDS_LOOKUP))
                && !message.properties().containsKey(SocialProperties.LOOKUP_FAILED_AT);
    }

    /** One try at completing the message; schedules the next one when it fails and attempts are left. */
    void attempt(long messageId) {
        Optional<Message> found = tickets.getMessage(messageId);
        if (found.isEmpty() || !waiting(found.get())) {
            return;
        }
        Message message = found.get();
        Map<String, String> properties = message.properties();
        Optional<ConfiguredAccount> account = Optional.ofNullable(properties.get(SocialProperties.ACCOUNT))
                .flatMap(accounts::account);
        Optional<SocialPlatform> platform = account.flatMap(a -> accounts.platform(a.account().platform()));
        try {
            if (account.isEmpty()) {
                throw new IOException("the account '" + properties.get(SocialProperties.ACCOUNT)
                        + "' that received it is not configured");
            }
            if (platform.isEmpty()) {
                throw new IOException("the " + account.get().account().platform() + " platform is not installed");
            }
            Optional<LookedUpMessage> details = platform.get().lookupMessage(account.get().account(), message.channel(),
                    platformProperties(properties));
            if (details.isEmpty()) {
                giveUp(message, "the platform cannot look this message up", attempts(properties) + 1);
                return;
            }
            complete(message, details.get());
        } catch (IOException | RuntimeException e) {
            failed(message, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** The properties the platform's parser set, without the "social." the inbox stored them under. */
    private static Map<String, String> platformProperties(Map<String, String> properties) {
        Map<String, String> own = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith(SocialProperties.PREFIX)) {
                own.put(k.substring(SocialProperties.PREFIX.length()), v);
            }
        });
        return own;
    }

    private void complete(Message message, LookedUpMessage details) {
        Map<String, String> properties = new LinkedHashMap<>(message.properties());
        properties.remove(SocialProperties.NEEDS_LOOKUP);
        properties.remove(SocialProperties.LOOKUP_ERROR);
        properties.remove(SocialProperties.LOOKUP_ATTEMPTS);
        details.permalink().ifPresent(p -> properties.put(SocialProperties.PERMALINK, p));
        details.authorHandle().ifPresent(h -> properties.put(SocialProperties.AUTHOR_HANDLE, h));
        details.authorName().ifPresent(n -> properties.put(SocialProperties.AUTHOR_NAME, n));
        properties.put(SocialProperties.LOOKED_UP_AT, clock.instant().toString());
        String text = details.text().isBlank() ? message.text() : truncate(details.text());
        Optional<String> name = details.authorName().or(details::authorHandle);
        // named first, so a message without social.needsLookup is complete in every part; a failure to
        // name the author does not count as a failed lookup (the text still goes in), it only leaves
        // the placeholder name
        try {
            Optional<String> newAuthor = details.authorId()
                    .filter(id -> !id.equals(properties.get(SocialProperties.AUTHOR_ID)));
            if (newAuthor.isPresent()) {
                identify(message, newAuthor.get(), details, name);
                properties.put(SocialProperties.AUTHOR_ID, newAuthor.get());
                properties.remove(SocialProperties.ANONYMOUS);
            } else if (name.isPresent()) {
                String authorId = message.properties().get(SocialProperties.AUTHOR_ID);
                if (authorId != null) {
                    customers.updateProfile(new ChannelIdentity(message.channel(), authorId, details.authorHandle()),
                            name.get(), Optional.empty());
                }
            }
            if (name.isPresent()) {
                tickets.renameAuthor(message.id(), name.get());
            }
        } catch (RuntimeException e) {
            LOG.warn("Message {}: looked up, but its author could not be named: {}", message.id(), e.toString());
        }
        tickets.reviseMessage(message.id(), text, message.attachments(), properties);
        if (!text.equals(message.text())) {
            retitle(message, text);
        }
        LOG.debug("Message {} of ticket {} completed from the {} API", message.id(), message.ticketId(),
                message.channel());
        releasePending(message.ticketId());
    }

    /**
     * The platform named the author a webhook left out (a Page comment without {@code from}): the
     * message's anonymous customer takes the author's identity when no customer has it yet, so the
     * person's later messages join them; a customer who already has it becomes the ticket's
     * requester in place of the anonymous one.
     */
    private void identify(Message message, String authorId, LookedUpMessage details, Optional<String> name) {
        ChannelIdentity identity = new ChannelIdentity(message.channel(), authorId, details.authorHandle());
        Optional<Customer> known = customers.findByIdentity(message.channel(), authorId);
        if (known.isEmpty() && message.author().customerId().isPresent()) {
            customers.link(message.author().customerId().get(), identity);
            name.ifPresent(n -> customers.updateProfile(identity, n, Optional.empty()));
            return;
        }
        if (known.isPresent()) {
            Optional<Ticket> ticket = tickets.get(message.ticketId());
            if (ticket.isPresent() && message.author().customerId().equals(Optional.of(ticket.get().requester().id()))
                    && ticket.get().status() != TicketStatus.CLOSED) {
                tickets.update(message.ticketId(), TicketUpdate.none().withRequester(known.get().id()));
            }
        }
    }

    /** A ticket still titled by a placeholder (an Instagram mention's) takes the looked-up text's first line. */
    private void retitle(Message message, String text) {
        try {
            Optional<Ticket> ticket = tickets.get(message.ticketId());
            Optional<String> placeholder = Subjects.of(message.text());
            Optional<String> subject = Subjects.of(text);
            if (ticket.isPresent() && subject.isPresent() && placeholder.equals(Optional.of(ticket.get().subject()))
                    && ticket.get().status() != TicketStatus.CLOSED) {
                tickets.update(message.ticketId(), TicketUpdate.none().withSubject(subject.get()));
            }
        } catch (RuntimeException e) {
            LOG.warn("Ticket {}: looked up, but its subject could not be corrected: {}", message.ticketId(),
                    e.toString());
        }
    }

    private void failed(Message message, String reason) {
        int attempts = attempts(message.properties()) + 1;
        if (attempts >= Math.max(1, config.attempts())) {
            giveUp(message, reason, attempts);
            return;
        }
        Duration wait = Duration.ofSeconds((long) Math.max(1, config.retrySeconds()) << Math.min(attempts - 1, 16));
        record(message, reason, attempts, false);
        if (attempts == 1) {
            markPending(message.ticketId());
        }
        LOG.info("Message {} of ticket {}: lookup failed ({}); trying again in {} s", message.id(), message.ticketId(),
                reason, wait.toSeconds());
        submit(() -> attempt(message.id()), wait);
    }

    private void giveUp(Message message, String reason, int attempts) {
        record(message, reason, attempts, true);
        LOG.warn("Message {} of ticket {}: lookup given up after {} attempt(s): {}; it keeps its placeholder text",
                message.id(), message.ticketId(), attempts, reason);
        releasePending(message.ticketId());
    }

    private void markPending(long ticketId) {
        try {
            tickets.update(ticketId, TicketUpdate.none().withTagsAdded(Set.of(PENDING_TAG)));
        } catch (RuntimeException e) {
            LOG.warn("Ticket {}: could not mark its lookup as waiting (a restart will not retry it): {}", ticketId,
                    e.toString());
        }
    }

    /** The tag goes once no message of the ticket waits for a lookup any more. */
    private void releasePending(long ticketId) {
        try {
            Optional<Ticket> ticket = tickets.get(ticketId);
            if (ticket.isPresent() && ticket.get().tags().contains(PENDING_TAG)
                    && ticket.get().messages().stream().noneMatch(MessageLookups::waiting)) {
                tickets.update(ticketId, TicketUpdate.none().withTagsRemoved(Set.of(PENDING_TAG)));
            }
        } catch (RuntimeException e) {
            LOG.warn("Ticket {}: could not clear its waiting-lookup tag: {}", ticketId, e.toString());
        }
    }

    private void record(Message message, String reason, int attempts, boolean final_) {
        Map<String, String> properties = new LinkedHashMap<>(message.properties());
        properties.put(SocialProperties.LOOKUP_ERROR, reason.length() <= 500 ? reason : reason.substring(0, 500));
        properties.put(SocialProperties.LOOKUP_ATTEMPTS, Integer.toString(attempts));
        if (final_) {
            properties.put(SocialProperties.LOOKUP_FAILED_AT, clock.instant().toString());
        }
        try {
            tickets.reviseMessage(message.id(), message.text(), message.attachments(), properties);
        } catch (RuntimeException e) {
            LOG.warn("Message {}: could not record the lookup failure: {}", message.id(), e.toString());
        }
    }

    private static int attempts(Map<String, String> properties) {
        try {
            return Integer.parseInt(properties.getOrDefault(SocialProperties.LOOKUP_ATTEMPTS, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String truncate(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
