package dev.parley.social.connector.internal.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    ReplySender(TicketService tickets, AccountDirectory accounts, OutboxStore outbox, SendGates gates, EventAdmin events,
            OutboundConfig config, Clock clock) {
        this(tickets, accounts, outbox, gates, events, config, clock, Optional.empty());
    }

    ReplySender(TicketService tickets, AccountDirectory accounts, OutboxStore outbox, SendGates gates, EventAdmin events,
            OutboundConfig config, Clock clock, Optional<AttachmentStore> attachments) {
        this.attachments = attachments;
        this.tickets = tickets;
        this.accounts = accounts;
        this.outbox = outbox;
        this.gates = gates;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    void send(OutboxStore.Entry entry) {
        Optional<Message> stored = tickets.getMessage(entry.messageId());
        if (stored.isEmpty() || stored.get().delivery() != DeliveryState.QUEUED) {
            outbox.remove(entry.messageId()); // already settled (or gone): nothing to send
            return;
        }
        Message reply = stored.get();
        Optional<ConfiguredAccount> configured = accounts.account(entry.account());
        if (configured.isEmpty()) {
            fail(entry, reply, "the social account '" + entry.account() + "' is no longer configured", null);
            return;
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
            return;
        }
        String endpoint = reply.visibility() == Visibility.PUBLIC ? "post" : "dm";
        Optional<Instant> closed = gates.closedUntil(entry.account(), endpoint, now);
        if (closed.isPresent()) {
            outbox.reschedule(entry.messageId(), entry.attempts(), closed.get(), entry.uncertain(), null);
            return;
        }
        OutboundMessage outbound = outbound(reply, attachments);
        if (entry.uncertain() && alreadyPosted(entry, reply, account, platform.get(), outbound)) {
            return;
        }
        SendResult result;
        if (!outbox.inFlight(entry.messageId(), now)) {
            LOG.info("Message {} is held by another node now (this node's claim ran out); not sent from here",
                    reply.id());
            return;
        }
        try {
            result = platform.get().send(account, outbound);
        } catch (RuntimeException e) {
            LOG.warn("Platform '{}' failed to send message {}: {}", account.platform(), reply.id(), e.toString());
            result = SendResult.unknown("the platform adapter failed: " + e);
        }
        settle(entry, reply, account, endpoint, result);
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

    private void settle(OutboxStore.Entry entry, Message reply, SocialAccount account, String endpoint,
            SendResult result) {
        Instant now = clock.instant();
        SendHealth health = accounts.health(entry.account()).sending();
        String detail = result.detail().orElse("no detail");
        switch (result.status()) {
            case SENT -> sent(entry, reply, result.platformMessageId().orElseThrow());
            case REFUSED -> fail(entry, reply, detail, health);
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
                    return;
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
    }

    private void sent(OutboxStore.Entry entry, Message reply, String platformId) {
        tickets.updateDelivery(reply.id(), DeliveryState.SENT, Optional.of(platformId));
        outbox.remove(entry.messageId());
        accounts.health(entry.account()).sending().sent(clock.instant());
        gates.succeeded(entry.account());
    }

    private void fail(OutboxStore.Entry entry, Message reply, String reason, SendHealth health) {
        LOG.warn("Message {} on ticket {} FAILED: {}", reply.id(), reply.ticketId(), reason);
        tickets.updateDelivery(reply.id(), DeliveryState.FAILED, Optional.of(reason));
        outbox.remove(entry.messageId());
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
