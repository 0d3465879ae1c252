package dev.parley.social.connector.internal.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.Attachment;
import dev.parley.helpdesk.api.AttachmentStore;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.DeliveryUpdate;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.social.api.MediaAttachment;
import dev.parley.social.api.MediaContent;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SentLookup;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialEvents;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.SocialProperties;
import dev.parley.social.api.TemplateMessage;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.ConfiguredAccount;
import dev.parley.social.connector.internal.account.SendHealth;

/**
 * One attempt at one queued reply, and what its outcome means: SENT and REFUSED are final and
 * recorded on the message (the host announces the change); RETRY waits for the platform's reset
 * or an exponential backoff; UNKNOWN (a timeout) and a crash mid-send are looked up on the
 * platform before the reply is sent again; credentials refused keep the reply queued and, when
 * they persist, mark the account DEGRADED at once.
 */
final class ReplySender {

    private static final Logger LOG = LoggerFactory.getLogger(ReplySender.class);
    private static final Duration PLATFORM_AWAY = Duration.ofSeconds(30);
    /** How a reply waiting for its platform plugin starts its reason; the dispatcher wakes those when a platform arrives. */
    static final String PLATFORM_AWAY_REASON = "waiting for its platform";
    private static final Duration AUTH_RETRY = Duration.ofMinutes(1);
    private static final Duration LOOKUP_MARGIN = Duration.ofMinutes(1);

    private final TicketService tickets;
    private final Optional<AttachmentStore> attachments;
    private final AccountDirectory accounts;
    private final OutboxStore outbox;
    private final SendGates gates;
    private final EventAdmin events;
    private final OutboundConfig config;
    private final Clock clock;

    /** A reply checked and ready to go: its request may leave once its row is marked IN_FLIGHT. */
    record Ready(OutboxStore.Entry entry, Message reply, SocialAccount account, SocialPlatform platform,
            String endpoint, OutboundMessage outbound) {
    }

    private final java.util.function.LongConsumer settled;

    ReplySender(TicketService tickets, AccountDirectory accounts, OutboxStore outbox, SendGates gates, EventAdmin events,
            OutboundConfig config, Clock clock) {
        this(tickets, accounts, outbox, gates, events, config, clock, outbox::remove, Optional.empty());
    }

    /**
     * {@code settled} is told each reply whose outbox row is done with (SENT or FAILED recorded on
     * the message): the dispatcher deletes those rows with its next claim, in one commit.
     * {@code attachments} holds the stored files a reply may carry.
     */
    ReplySender(TicketService tickets, AccountDirectory accounts, OutboxStore outbox, SendGates gates, EventAdmin events,
            OutboundConfig config, Clock clock, java.util.function.LongConsumer settled,
            Optional<AttachmentStore> attachments) {
        this.attachments = attachments;
        this.tickets = tickets;
        this.accounts = accounts;
        this.outbox = outbox;
        this.gates = gates;
        this.events = events;
        this.config = config;
        this.clock = clock;
        this.settled = settled;
    }

    /** One attempt, on this thread from the checks to the platform's answer (lookups first where needed). */
    void send(OutboxStore.Entry entry) {
        Optional<Ready> ready = prepare(entry);
        if (ready.isEmpty()) {
            return;
        }
        if (!outbox.inFlight(entry.messageId(), clock.instant())) {
            LOG.info("Message {} is held by another node now (this node's claim ran out); not sent from here",
                    entry.messageId());
            return;
        }
        SendResult result;
        try {
            result = ready.get().platform().send(ready.get().account(), ready.get().outbound());
        } catch (RuntimeException e) {
            result = adapterFailed(ready.get(), e);
        }
        settle(ready.get(), result);
    }

    /**
     * The checks before a request: the reply still QUEUED, its account and platform there, its
     * account's rate limits and breaker open; a reply an earlier attempt may have posted is looked
     * up on the platform first (and recorded when found). Empty when this attempt ends here
     * (settled, rescheduled or recorded).
     */
    Optional<Ready> prepare(OutboxStore.Entry entry) {
        Optional<Message> stored = tickets.getMessage(entry.messageId());
        if (stored.isEmpty() || stored.get().delivery() != DeliveryState.QUEUED) {
            settled.accept(entry.messageId()); // already settled (or gone): nothing to send
            return Optional.empty();
        }
        Message reply = stored.get();
        if (entry.sentAs().isPresent()) {
            // an earlier attempt was accepted under this id but could not be recorded: record it, never post again
            LOG.info("Message {} was accepted by its platform as {} earlier; recording it now", reply.id(),
                    entry.sentAs().get());
            sent(entry, reply, entry.sentAs().get());
            return Optional.empty();
        }
        Optional<ConfiguredAccount> configured = accounts.account(entry.account());
        if (configured.isEmpty()) {
            fail(entry, reply, "the social account '" + entry.account() + "' is no longer configured", null);
            return Optional.empty();
        }
        SocialAccount account = configured.get().account();
        Optional<SocialPlatform> platform = accounts.platform(account.platform());
        Instant now = clock.instant();
        if (platform.isEmpty()) {
            // its plugin is removed or being updated: the reply waits for it (the host refuses new ones meanwhile)
            String reason = PLATFORM_AWAY_REASON + ": the " + account.platform()
                    + " platform plugin is not installed or not running; it is sent once the plugin is back";
            if (!reply.deliveryDetail().equals(Optional.of(reason))) {
                tickets.updateDelivery(reply.id(), DeliveryState.QUEUED, Optional.of(reason));
            }
            outbox.reschedule(entry.messageId(), entry.attempts(), now.plus(PLATFORM_AWAY), entry.uncertain(), reason);
            return Optional.empty();
        }
        String endpoint = reply.visibility() == Visibility.PUBLIC ? "post" : "dm";
        Optional<Instant> closed = gates.closedUntil(entry.account(), endpoint, now);
        if (closed.isPresent()) {
            outbox.reschedule(entry.messageId(), entry.attempts(), closed.get(), entry.uncertain(), null);
            return Optional.empty();
        }
        OutboundMessage outbound = outbound(reply, attachments);
        if (entry.uncertain() && alreadyPosted(entry, reply, account, platform.get(), outbound)) {
            return Optional.empty();
        }
        return Optional.of(new Ready(entry, reply, account, platform.get(), endpoint, outbound));
    }

    /** The request of a reply whose row is IN_FLIGHT, without waiting for the answer where the platform can. */
    java.util.concurrent.CompletionStage<SendResult> request(Ready ready) {
        try {
            return ready.platform().sendAsync(ready.account(), ready.outbound());
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.completedFuture(adapterFailed(ready, e));
        }
    }

    SendResult adapterFailed(Ready ready, Throwable e) {
        LOG.warn("Platform '{}' failed to send message {}: {}", ready.account().platform(), ready.reply().id(),
                e.toString());
        return SendResult.unknown("the platform adapter failed: " + e);
    }

    /** After a crash or a timeout: whether the platform already has this reply (then it is recorded, not re-sent). */
    private boolean alreadyPosted(OutboxStore.Entry entry, Message reply, SocialAccount account, SocialPlatform platform,
            OutboundMessage outbound) {
        Instant since = entry.firstAttemptAt().orElse(reply.createdAt()).minus(LOOKUP_MARGIN);
        SentLookup lookup;
        try {
            lookup = platform.findSent(account, outbound, since, Set.of());
        } catch (RuntimeException e) {
            LOG.warn("Looking up message {} on '{}' failed; sending it again: {}", reply.id(), account.platform(),
                    e.toString());
            return false;
        }
        if (lookup.status() == SentLookup.Status.FOUND) {
            String platformId = lookup.platformMessageId().orElseThrow();
            boolean ours = tickets.findMessage(reply.channel(), platformId).map(m -> m.id() != reply.id()).orElse(false);
            if (!ours) {
                LOG.info("Message {} was already posted on {} as {}; recorded, not sent again", reply.id(),
                        account.platform(), platformId);
                sent(entry, reply, platformId);
                return true;
            }
        }
        if (lookup.status() == SentLookup.Status.UNKNOWN) {
            LOG.info("'{}' cannot tell whether message {} was posted; sending it again (at least once)",
                    account.platform(), reply.id());
        }
        return false;
    }

    /**
     * {@link #settle} for many answers at once: the replies the platform accepted are recorded SENT
     * in one commit (one by one, with {@link #sent}'s care, if that fails); the others one by one.
     * Returns, per answer, whether its reply is settled for good.
     */
    boolean[] settleAll(List<Ready> readies, List<SendResult> results) {
        boolean[] done = new boolean[readies.size()];
        List<Integer> accepted = new java.util.ArrayList<>();
        for (int i = 0; i < readies.size(); i++) {
            if (results.get(i).status() == SendResult.Status.SENT) {
                accepted.add(i);
            } else {
                done[i] = settleOne(readies.get(i), results.get(i));
            }
        }
        if (accepted.isEmpty()) {
            return done;
        }
        try {
            tickets.updateDeliveries(accepted.stream().map(i -> new DeliveryUpdate(readies.get(i).reply().id(),
                    DeliveryState.SENT, results.get(i).platformMessageId())).toList());
            Instant now = clock.instant();
            for (int i : accepted) {
                OutboxStore.Entry entry = readies.get(i).entry();
                settled.accept(entry.messageId());
                accounts.health(entry.account()).sending().sent(now);
                gates.succeeded(entry.account());
                done[i] = true;
            }
        } catch (RuntimeException e) {
            LOG.info("Recording {} sent replies together failed ({}); recording them one by one", accepted.size(),
                    e.toString());
            for (int i : accepted) {
                done[i] = settleOne(readies.get(i), results.get(i));
            }
        }
        return done;
    }

    private boolean settleOne(Ready ready, SendResult result) {
        try {
            return settle(ready, result);
        } catch (RuntimeException e) {
            LOG.warn("Settling message {} failed; it is looked up on its platform after its lease: {}",
                    ready.entry().messageId(), e.toString());
            return false;
        }
    }

    /**
     * What the platform's answer means for the reply and its row (on a sender thread, never the HTTP
     * client's). True when the reply is settled for good (SENT or FAILED recorded): only then may the
     * conversation's next reply follow at once.
     */
    boolean settle(Ready ready, SendResult result) {
        OutboxStore.Entry entry = ready.entry();
        Message reply = ready.reply();
        SocialAccount account = ready.account();
        String endpoint = ready.endpoint();
        Instant now = clock.instant();
        SendHealth health = accounts.health(entry.account()).sending();
        String detail = result.detail().orElse("no detail");
        switch (result.status()) {
            case SENT -> {
                return sent(entry, reply, result.platformMessageId().orElseThrow());
            }
            case REFUSED -> {
                fail(entry, reply, detail, health);
                return true;
            }
            case AUTH_FAILED -> {
                if (health.authFailed(now, detail, config.authFailuresBeforeDegraded())) {
                    LOG.error("Social account '{}' is DEGRADED: {} refused its credentials; replies stay queued until "
                            + "its token is fixed", entry.account(), account.platform());
                    events.postEvent(new Event(SocialEvents.ACCOUNT_DEGRADED, Map.of(SocialEvents.ACCOUNT,
                            entry.account(), SocialEvents.REASON, detail)));
                }
                if (entry.attempts() == 0) {
                    tickets.updateDelivery(reply.id(), DeliveryState.QUEUED, Optional.of("waiting: " + detail
                            + "; it is sent once the account's credentials are fixed"));
                }
                outbox.reschedule(entry.messageId(), entry.attempts() + 1, now.plus(AUTH_RETRY), false, detail);
            }
            case RETRY, UNKNOWN -> {
                int attempts = entry.attempts() + 1;
                health.retried(now, detail);
                gates.failed(entry.account(), now);
                result.retryAt().ifPresent(at -> gates.rateLimited(entry.account(), endpoint, at));
                if (attempts >= config.maxAttempts()) {
                    fail(entry, reply, "gave up after " + attempts + " attempts; last: " + detail, null);
                    return true;
                }
                boolean uncertain = result.status() == SendResult.Status.UNKNOWN || entry.uncertain();
                Instant next = now.plus(gates.backoff(attempts));
                if (result.status() == SendResult.Status.UNKNOWN) {
                    next = now.plusMillis(config.reconcileDelayMillis()); // let the platform settle before the lookup
                }
                if (result.retryAt().isPresent() && result.retryAt().get().isAfter(next)) {
                    next = result.retryAt().get();
                }
                LOG.info("Message {} not sent yet ({}), attempt {} of {}; next at {}", reply.id(), detail, attempts,
                        config.maxAttempts(), next);
                outbox.reschedule(entry.messageId(), attempts, next, uncertain, detail);
            }
        }
        return false;
    }

    /**
     * Records a reply the platform accepted. When that fails the reply must not be posted again: a
     * platform id that another message already holds is recorded as SENT without the id; any other
     * failure leaves the id on the outbox row ({@link OutboxStore#acceptedButNotRecorded}), so the
     * next attempt records it; if even that write fails, the row stays IN_FLIGHT and whoever claims
     * it after its lease looks the reply up on the platform before any new request.
     */
    private boolean sent(OutboxStore.Entry entry, Message reply, String platformId) {
        try {
            tickets.updateDelivery(reply.id(), DeliveryState.SENT, Optional.of(platformId));
        } catch (RuntimeException e) {
            if (!recordedWithoutId(reply, platformId, e)) {
                keepAcceptedId(entry, reply, platformId, e);
                return false;
            }
        }
        settled.accept(entry.messageId());
        accounts.health(entry.account()).sending().sent(clock.instant());
        gates.succeeded(entry.account());
        return true;
    }

    private boolean recordedWithoutId(Message reply, String platformId, RuntimeException e) {
        if (!dev.parley.helpdesk.api.store.JdbcTransactions.isUniqueViolation(e)) {
            return false;
        }
        LOG.warn("Message {} was sent as {} on {}, an id another message already holds; recorded as SENT without it",
                reply.id(), platformId, reply.channel());
        try {
            tickets.updateDelivery(reply.id(), DeliveryState.SENT, Optional.empty());
            return true;
        } catch (RuntimeException again) {
            return false;
        }
    }

    private void keepAcceptedId(OutboxStore.Entry entry, Message reply, String platformId, RuntimeException e) {
        String why = "sent as " + platformId + " but recording it failed: " + e;
        LOG.warn("Message {} {}; it is recorded on the next attempt, not sent again", reply.id(), why);
        try {
            outbox.acceptedButNotRecorded(entry.messageId(), platformId, entry.attempts(),
                    clock.instant().plus(gates.backoff(1)), why);
        } catch (RuntimeException lost) {
            LOG.warn("Message {}: the outbox could not keep its platform id either ({}); it stays in flight and is "
                    + "looked up on its platform before any new attempt", reply.id(), lost.toString());
        }
    }

    private void fail(OutboxStore.Entry entry, Message reply, String reason, SendHealth health) {
        LOG.warn("Message {} on ticket {} FAILED: {}", reply.id(), reply.ticketId(), reason);
        tickets.updateDelivery(reply.id(), DeliveryState.FAILED, Optional.of(reason));
        settled.accept(entry.messageId());
        (health == null ? accounts.health(entry.account()).sending() : health).failed(clock.instant(), reason);
        if (health != null) {
            gates.succeeded(entry.account()); // the platform answered: it is up
        }
    }

    static OutboundMessage outbound(Message reply) {
        return outbound(reply, Optional.empty());
    }

    /** A stored attachment goes with its bytes (a platform that uploads sends those), others by their URL. */
    private static MediaAttachment media(Attachment a, Optional<AttachmentStore> store) {
        Optional<MediaContent> content = a.id().flatMap(id -> store.flatMap(s -> s.storedFile(id)
                .map(file -> (MediaContent) new StoredMedia(s, file, a.name()))));
        return new MediaAttachment(a.mediaType(), a.url(), content);
    }

    static OutboundMessage outbound(Message reply, Optional<AttachmentStore> store) {
        Map<String, String> p = reply.properties();
        return new OutboundMessage(reply.channel(), p.getOrDefault(SocialProperties.CONVERSATION, ""),
                p.getOrDefault(SocialProperties.RECIPIENT, ""), Optional.ofNullable(p.get(SocialProperties.IN_REPLY_TO)),
                reply.visibility() == Visibility.PUBLIC ? MessageVisibility.PUBLIC : MessageVisibility.PRIVATE,
                reply.text(), reply.attachments().stream().map(a -> media(a, store)).toList(),
                Optional.ofNullable(p.get(SocialProperties.MESSAGE_TAG)),
                "true".equals(p.get(SocialProperties.COMMENT_REPLY)),
                Optional.ofNullable(p.get(NewMessage.TEMPLATE_NAME)).map(name -> new TemplateMessage(name,
                        p.getOrDefault(NewMessage.TEMPLATE_LANGUAGE, ""), MessagingPolicy.templateParameters(p))));
    }
}
