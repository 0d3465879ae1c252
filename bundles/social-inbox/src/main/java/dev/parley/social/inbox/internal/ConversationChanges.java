package dev.parley.social.inbox.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.Author;
import dev.parley.helpdesk.api.AuthorKind;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.SocialProperties;

/**
 * Platform events that change what is already on a ticket instead of adding a customer message:
 * echoes (a reply sent from the account itself), reactions, edits, unsends and deletions, and
 * referrals. None of them ever opens a ticket. An echo of a message Parley did not send (the
 * platform's own app, another tool) is recorded as an outgoing message with its origin, so the
 * agents see it and the SLA counts it as the reply; an echo of Parley's own send is matched to it
 * at once, also while the send is still in flight. An echo in a conversation that has no ticket
 * yet is retried for a bounded time (our own send may not be recorded yet), then dropped with a
 * log line: never parked, since nothing failed.
 */
final class ConversationChanges {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationChanges.class);

    static final String RETRACTED_TEXT = "[The customer unsent this message]";
    static final String DELETED_TEXT = "[The author deleted this post]";

    private final TicketService tickets;
    private final ThreadStore threads;
    private final Duration echoHold;
    /**
     * Conversations with an echo of ours that could not be placed yet, and since when (this node's):
     * a customer message in one of them waits for it (see {@link #awaitingEcho}). Bounded by the hold.
     */
    private final Map<ThreadStore.Key, Instant> echoesWaiting = new ConcurrentHashMap<>();
    /** How long a customer message waits at most for an echo of its conversation to be placed. */
    static final Duration ANSWER_WAITS_AT_MOST = Duration.ofSeconds(5);

    ConversationChanges(TicketService tickets, ThreadStore threads, Duration echoHold) {
        this.tickets = tickets;
        this.threads = threads;
        this.echoHold = echoHold;
    }

    /**
     * A reaction, edit or retraction whose message is not stored: the message may still be on its way
     * (the same delivery carries both, and events of different conversations are handled in
     * parallel), so it is retried quietly for {@code echoHold}; after that, it is about a message the
     * helpdesk never had, and is ignored.
     */
    private String notStoredYet(InboundMessage m, Instant now, String what) {
        if (m.createdAt().isAfter(now.minus(echoHold))) {
            throw new EchoBeforeTicket(m.externalId(), "is a " + what + " of a message not stored yet");
        }
        return "ignored: " + what + " of a message not in the helpdesk";
    }

    /** An echo that cannot be placed yet: retried quietly until {@code echoHold} has passed. */
    static final class EchoBeforeTicket extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        EchoBeforeTicket(String externalId) {
            super("echo of " + externalId + " came before its conversation had a ticket or before our send was recorded");
        }

        EchoBeforeTicket(String externalId, String why) {
            super(externalId + " " + why);
        }
    }

    /**
     * What the platform says became of one of our messages (WhatsApp's statuses): SENT moves on to
     * DELIVERED and READ, never back (statuses may arrive out of order); failed makes it FAILED with
     * the platform's reason, whatever it showed before. A status for a message whose send is not
     * recorded yet is retried like an echo, then dropped.
     */
    String status(InboundMessage m, Instant now) {
        String target = m.property(InboundMessage.TARGET_ID).orElse("");
        String status = m.property(InboundMessage.DELIVERY_STATUS).orElse("");
        Optional<Message> ours = tickets.findMessage(m.channel(), target)
                .filter(x -> x.direction() == Direction.OUTBOUND);
        if (ours.isEmpty()) {
            if (m.createdAt().isAfter(now.minus(echoHold))) {
                throw new EchoBeforeTicket(m.externalId(), "is about a message whose send is not recorded yet");
            }
            return "ignored: status of a message not sent from the helpdesk";
        }
        Message t = ours.get();
        DeliveryState next = switch (status) {
            case InboundMessage.STATUS_FAILED -> DeliveryState.FAILED;
            case InboundMessage.STATUS_READ -> DeliveryState.READ;
            case InboundMessage.STATUS_DELIVERED -> DeliveryState.DELIVERED;
            case InboundMessage.STATUS_SENT -> DeliveryState.SENT;
            default -> t.delivery();
        };
        if (next == DeliveryState.FAILED) {
            if (t.delivery() == DeliveryState.FAILED) {
                return "message " + t.id() + " already failed";
            }
            String reason = m.property(InboundMessage.DELIVERY_ERROR).orElse("the platform could not deliver it");
            tickets.updateDelivery(t.id(), DeliveryState.FAILED, Optional.of(reason));
            return "message " + t.id() + " of ticket " + t.ticketId() + " failed on the platform: " + reason;
        }
        if (rank(next) <= rank(t.delivery())) {
            return "status " + status + " of message " + t.id() + ": already " + t.delivery();
        }
        tickets.updateDelivery(t.id(), next, t.deliveryDetail().or(() -> Optional.of(target)));
        return "message " + t.id() + " of ticket " + t.ticketId() + " is " + next;
    }

    /** How far a delivery got; a FAILED message stays failed. */
    private static int rank(DeliveryState state) {
        return switch (state) {
            case SENT -> 1;
            case DELIVERED -> 2;
            case READ -> 3;
            case FAILED -> 4;
            default -> 0;
        };
    }

    /**
     * Whether a customer message of {@code m}'s conversation should wait: an echo of our own message
     * in it came first and is not placed yet. The echo tells which ticket the conversation continues
     * (a DM opened by a hand-off); the customer's answer, handled before it, would open a ticket of
     * its own.
     */
    boolean awaitingEcho(InboundMessage m, Instant now) {
        ThreadStore.Key key = ThreadStore.Key.of(m);
        Instant since = echoesWaiting.get(key);
        if (since == null) {
            return false;
        }
        if (!since.plus(echoHold).isAfter(now)) {
            echoesWaiting.remove(key, since);
            return false;
        }
        // our own send is recorded within moments; an echo that waits longer is the Page or account writing first
        // from elsewhere, which only the customer's message can place: that message must not wait for it
        return since.plus(ANSWER_WAITS_AT_MOST).isAfter(now);
    }

    String echo(InboundMessage m, Instant now) {
        try {
            String placed = placeEcho(m, now);
            echoesWaiting.remove(ThreadStore.Key.of(m));
            return placed;
        } catch (EchoBeforeTicket e) {
            if (echoesWaiting.size() < 10_000) {
                echoesWaiting.putIfAbsent(ThreadStore.Key.of(m), now);
            }
            throw e;
        }
    }

    private String placeEcho(InboundMessage m, Instant now) {
        Optional<Message> ours = tickets.findMessage(m.channel(), m.externalId());
        if (ours.isEmpty() && !m.channel().equals("x")) {
            ours = tickets.findMessage("facebook", m.externalId()); // a private reply to a Page comment
        }
        ThreadStore.Key key = ThreadStore.Key.of(m);
        if (ours.isPresent()) {
            // the conversation continues where we last wrote in it (a DM opened from a public ticket)
            if (!threads.find(key).equals(Optional.of(ours.get().ticketId()))) {
                threads.remember(key, ours.get().ticketId());
            }
            return "echo of our message " + ours.get().id() + " on ticket " + ours.get().ticketId();
        }
        Optional<Ticket> ticket = threads.find(key).flatMap(tickets::get);
        if (ticket.isEmpty()) {
            if (m.createdAt().isAfter(now.minus(echoHold))) {
                throw new EchoBeforeTicket(m.externalId());
            }
            return dropped(m);
        }
        List<Message> inFlight = ticket.get().messages().stream()
                .filter(x -> x.direction() == Direction.OUTBOUND && x.delivery() == DeliveryState.QUEUED).toList();
        Optional<Message> same = inFlight.stream().filter(x -> sameText(x.text(), m.text())).findFirst();
        if (same.isPresent()) {
            // our send, echoed before the sender recorded its platform id: the same message, not a new one
            return "echo of our message " + same.get().id() + " (send not confirmed yet) on ticket " + ticket.get().id();
        }
        if (!inFlight.isEmpty()) {
            // a send of ours is unconfirmed and the texts differ (a platform may rewrite them): recording this echo
            // as someone else's reply could store our own message twice, so wait for the send, and drop it after
            if (m.createdAt().isAfter(now.minus(echoHold))) {
                throw new EchoBeforeTicket(m.externalId());
            }
            return dropped(m);
        }
        if (ticket.get().status() == TicketStatus.CLOSED) {
            return "echo on closed ticket " + ticket.get().id() + ": not recorded";
        }
        String origin = m.property(InboundMessage.ORIGIN_APP).map(app -> "app " + app).orElse("the platform's app");
        Map<String, String> properties = new LinkedHashMap<>(TicketThreading.socialProperties(m));
        properties.put(SocialProperties.ORIGIN, origin);
        Visibility visibility = m.visibility() == MessageVisibility.PUBLIC ? Visibility.PUBLIC : Visibility.PRIVATE;
        String name = m.author().handle().or(() -> m.author().displayName()).map(n -> n + " via " + origin)
                .orElse("sent via " + origin);
        NewMessage record = new NewMessage(Direction.OUTBOUND, visibility, m.channel(), Optional.of(m.externalId()),
                Author.agent(name), m.text().isBlank() && m.attachments().isEmpty() ? "[message without text]" : m.text(),
                TicketThreading.attachments(m), Optional.of(m.createdAt()), DeliveryState.SENT, properties);
        Message added = tickets.addMessage(ticket.get().id(), record);
        return "reply sent outside the helpdesk (" + origin + ") recorded as message " + added.id() + " on ticket "
                + ticket.get().id();
    }

    /** Our text as the platform echoes it: the same, or with what it puts before it (X's leading @mentions). */
    static boolean sameText(String ours, String echoed) {
        String a = ours.strip();
        String b = echoed.strip();
        return !a.isEmpty() && (a.equals(b) || b.endsWith(a));
    }

    /** The echo's hold ran out with no ticket to put it on. */
    String dropped(InboundMessage m) {
        LOG.info("Echo {} ({} {}) dropped after its hold: no ticket to record it on (sent before the customer's first "
                + "message), or a send of ours on it stayed unconfirmed", m.externalId(), m.channel(), m.conversationKey());
        return "dropped: echo with no ticket to record it on";
    }

    String reaction(InboundMessage m, Instant now) {
        Optional<Message> target = target(m);
        if (target.isEmpty()) {
            return notStoredYet(m, now, "reaction");
        }
        Message t = target.get();
        Map<String, String> properties = new LinkedHashMap<>(t.properties());
        if (m.property(InboundMessage.REACTION_ACTION).orElse("react").equals("unreact")) {
            properties.remove(SocialProperties.REACTION);
        } else {
            properties.put(SocialProperties.REACTION, m.property(InboundMessage.REACTION).orElse(m.text()));
        }
        tickets.reviseMessage(t.id(), t.text(), t.attachments(), properties);
        return "reaction recorded on message " + t.id() + " of ticket " + t.ticketId();
    }

    String edit(InboundMessage m, Instant now) {
        Optional<Message> target = target(m);
        if (target.isEmpty()) {
            return notStoredYet(m, now, "edit");
        }
        Message t = target.get();
        if (t.properties().containsKey(SocialProperties.RETRACTED_AT) || t.text().equals(m.text())) {
            return "edit of message " + t.id() + ": nothing to change";
        }
        Map<String, String> properties = new LinkedHashMap<>(t.properties());
        int n = 1;
        while (properties.containsKey(SocialProperties.PREVIOUS_TEXT + n)) {
            n++;
        }
        properties.put(SocialProperties.PREVIOUS_TEXT + n, t.text()); // the history: previousText.1 is the original
        properties.put(SocialProperties.EDITED_AT, m.createdAt().toString());
        tickets.reviseMessage(t.id(), m.text().isBlank() ? "[empty message]" : m.text(), t.attachments(), properties);
        return "edit recorded on message " + t.id() + " of ticket " + t.ticketId();
    }

    /** The customer unsent it, or deleted the post: text, attachments and their history are erased. */
    String retraction(InboundMessage m, Instant now) {
        Optional<Message> target = target(m);
        if (target.isEmpty()) {
            return notStoredYet(m, now, "retraction");
        }
        Message t = target.get();
        Map<String, String> properties = new LinkedHashMap<>(t.properties());
        properties.keySet().removeIf(k -> k.startsWith(SocialProperties.PREVIOUS_TEXT));
        properties.put(SocialProperties.RETRACTED_AT, m.createdAt().toString());
        String text = m.visibility() == MessageVisibility.PUBLIC ? DELETED_TEXT : RETRACTED_TEXT;
        tickets.reviseMessage(t.id(), text, List.of(), properties);
        return "message " + t.id() + " of ticket " + t.ticketId() + " retracted by its author";
    }

    /**
     * How the customer came to the conversation. On a conversation with a ticket it is recorded on
     * the customer's latest message; before the first message it is kept for the conversation and
     * the first message carries it.
     */
    String referral(InboundMessage m) {
        ThreadStore.Key key = ThreadStore.Key.of(m);
        Map<String, String> referral = new LinkedHashMap<>();
        m.properties().forEach((k, v) -> referral.put(SocialProperties.PREFIX + k, v));
        Optional<Ticket> ticket = threads.find(key).flatMap(tickets::get);
        Optional<Message> latest = ticket.flatMap(t -> t.messages().stream()
                .filter(x -> x.author().kind() == AuthorKind.CUSTOMER)
                .max(Comparator.comparing(Message::createdAt).thenComparing(Message::id)));
        if (latest.isPresent()) {
            Map<String, String> properties = new LinkedHashMap<>(latest.get().properties());
            properties.putAll(referral);
            tickets.reviseMessage(latest.get().id(), latest.get().text(), latest.get().attachments(), properties);
            return "referral recorded on message " + latest.get().id() + " of ticket " + latest.get().ticketId();
        }
        threads.keepContext(key, referral);
        return "referral kept as context of conversation " + m.conversationKey();
    }

    /**
     * The customer blocked the account, or allowed it again: recorded on their latest message of the
     * conversation ({@link SocialProperties#BLOCKED}, {@link SocialProperties#BLOCKED_AT}), which the
     * messaging policy reads before a private reply. A new customer message comes without the mark, so
     * writing again unblocks too.
     */
    String block(InboundMessage m) {
        boolean blocked = m.property(InboundMessage.BLOCKED).map(Boolean::parseBoolean).orElse(true);
        Optional<Message> latest = threads.find(ThreadStore.Key.of(m)).flatMap(tickets::get).flatMap(t -> t.messages().stream()
                .filter(x -> x.author().kind() == AuthorKind.CUSTOMER)
                .max(Comparator.comparing(Message::createdAt).thenComparing(Message::id)));
        if (latest.isEmpty()) {
            return "ignored: " + (blocked ? "block" : "unblock") + " of a conversation not in the helpdesk";
        }
        Map<String, String> properties = new LinkedHashMap<>(latest.get().properties());
        properties.put(SocialProperties.BLOCKED, Boolean.toString(blocked));
        properties.put(SocialProperties.BLOCKED_AT, m.createdAt().toString());
        tickets.reviseMessage(latest.get().id(), latest.get().text(), latest.get().attachments(), properties);
        return (blocked ? "block" : "unblock") + " recorded on message " + latest.get().id() + " of ticket "
                + latest.get().ticketId();
    }

    private Optional<Message> target(InboundMessage m) {
        return m.property(InboundMessage.TARGET_ID).flatMap(id -> tickets.findMessage(m.channel(), id));
    }
}
