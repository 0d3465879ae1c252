package dev.parley.social.inbox.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.parley.helpdesk.api.Attachment;
import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.CustomerService;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.MessageAddition;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.TicketUpdate;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.SocialProperties;
import dev.parley.social.kit.tickets.Subjects;

/**
 * Puts one customer message on the right ticket. A conversation (DM conversation, reply chain,
 * comment thread) maps to one ticket; a message answering a known message joins that message's
 * ticket; a message on a SOLVED ticket reopens it within the reopen window, after that (or on a
 * CLOSED ticket) it starts a new ticket linked to the old one. The author becomes the requester
 * through their channel identity, so the same X user's mention and DM share one customer.
 * Idempotent: a message already on a ticket (same channel and external id) is only re-mapped,
 * which makes a crash or restart between the ticket write and the inbox update harmless. The hot
 * path (a follow-up on a known conversation) reads one ticket row, never the whole ticket.
 */
final class TicketThreading {


    /** Where a message went. */
    record Delivery(long ticketId, long messageId, boolean newTicket) {
        String describe() {
            return (newTicket ? "new ticket " : "ticket ") + ticketId + ", message " + messageId;
        }
    }

    private static final int REQUESTERS_MAX = 50_000;

    private final TicketService tickets;
    private final CustomerService customers;
    private final ThreadStore threads;
    private final Duration reopenWindow;
    private final Map<ChannelIdentity, Customer> requesters = new ConcurrentHashMap<>();

    TicketThreading(TicketService tickets, CustomerService customers, ThreadStore threads, Duration reopenWindow) {
        this.tickets = tickets;
        this.customers = customers;
        this.threads = threads;
        this.reopenWindow = reopenWindow;
    }

    Delivery deliver(InboundMessage m) {
        ThreadStore.Key key = ThreadStore.Key.of(m);
        Customer requester = requester(m);
        Optional<Long> mapped = threads.find(key);
        NewMessage message = message(m, requester);
        if (mapped.isEmpty()) {
            // a new conversation: what came before its first message (a referral) rides along with it
            Map<String, String> context = threads.context(key);
            if (!context.isEmpty()) {
                Map<String, String> properties = new LinkedHashMap<>(context);
                properties.putAll(message.properties());
                message = message.withProperties(properties);
            }
        }
        Optional<TicketHead> ticket = mapped.flatMap(tickets::head);
        if (mapped.isPresent() && !ticket.map(t -> accepts(t, m)).orElse(false)) {
            mapped = threads.findFresh(key); // about to open a follow-up: make sure no other node already did
            ticket = mapped.flatMap(tickets::head);
        }
        if (mapped.isEmpty() && m.inReplyToId().isPresent()) {
            ticket = tickets.findMessage(m.channel(), m.inReplyToId().get()).map(Message::ticketId)
                    .flatMap(tickets::head);
        }
        Optional<Long> linkTo = Optional.empty();
        if (ticket.isPresent()) {
            if (accepts(ticket.get(), m)) {
                // idempotent on (channel, external id): a redelivered message comes back from whichever ticket has it
                Message added = tickets.addMessage(ticket.get().id(), message);
                if (!mapped.equals(Optional.of(added.ticketId()))) {
                    threads.remember(key, added.ticketId());
                }
                if (needsLookup(m)) {
                    tickets.update(added.ticketId(), TicketUpdate.none()
                            .withTagsAdded(Set.of(InboundMessage.LOOKUP_PENDING_TAG)));
                }
                return new Delivery(added.ticketId(), added.id(), false);
            }
            linkTo = ticket.map(TicketHead::id);
        }
        Optional<Message> existing = tickets.findMessage(m.channel(), m.externalId());
        if (existing.isPresent()) {
            // redelivered after its ticket was solved or closed, or after a crash before the map was written
            threads.remember(key, existing.get().ticketId());
            return new Delivery(existing.get().ticketId(), existing.get().id(), false);
        }
        NewTicket request = NewTicket.of(subject(m, requester), m.channel(), requester.id(), message);
        if (linkTo.isPresent()) {
            request = request.withLinkedTicket(linkTo.get());
        }
        if (needsLookup(m)) {
            request = request.withTags(Set.of(InboundMessage.LOOKUP_PENDING_TAG));
        }
        Ticket created;
        try {
            created = tickets.create(request);
        } catch (RuntimeException e) {
            // another processor stored this very message meanwhile (unique channel + external id): it is there once
            Message raced = tickets.findMessage(m.channel(), m.externalId()).orElseThrow(() -> e);
            threads.remember(key, raced.ticketId());
            return new Delivery(raced.ticketId(), raced.id(), false);
        }
        threads.remember(key, created.id());
        long messageId = created.messages().isEmpty() ? -1 : created.messages().get(0).id();
        return new Delivery(created.id(), messageId, true);
    }

    /** A customer's follow-up in a conversation whose ticket takes it: appended together with others by {@link #appendAll}. */
    record FollowUp(ThreadStore.Key key, long ticketId, NewMessage message) {
    }

    /**
     * The hot path's reads for {@code m}: a follow-up when its conversation already has a ticket that
     * takes it, so that only the append is left; empty when it needs more (a new or a reopened
     * conversation, a lookup at the platform), which {@link #deliver} does.
     */
    Optional<FollowUp> followUp(InboundMessage m) {
        if (needsLookup(m)) {
            return Optional.empty();
        }
        ThreadStore.Key key = ThreadStore.Key.of(m);
        Customer requester = requester(m);
        Optional<Long> mapped = threads.find(key);
        if (mapped.isEmpty() || !mapped.flatMap(tickets::head).map(t -> accepts(t, m)).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(new FollowUp(key, mapped.get(), message(m, requester)));
    }

    /**
     * Appends follow-ups in one write ({@link TicketService#addMessages}); if that throws, nothing of
     * it is stored and each follow-up is delivered on its own by the caller.
     */
    List<Delivery> appendAll(List<FollowUp> followUps) {
        List<Message> added = tickets.addMessages(followUps.stream()
                .map(f -> new MessageAddition(f.ticketId(), f.message())).toList());
        List<Delivery> deliveries = new ArrayList<>(added.size());
        for (int i = 0; i < added.size(); i++) {
            Message message = added.get(i);
            if (message.ticketId() != followUps.get(i).ticketId()) {
                // redelivered after its conversation moved on: it stays where it is, and the map says so
                threads.remember(followUps.get(i).key(), message.ticketId());
            }
            deliveries.add(new Delivery(message.ticketId(), message.id(), false));
        }
        return deliveries;
    }

    /**
     * The platform says the author or the conversation goes on under another id ({@link
     * MessageKind#MOVED}). The author's customer gains the new identity, so the person's messages from
     * it are theirs; an identity that already belongs to another customer is left there (two people's
     * histories are never merged on a notice). The conversation's ticket is remembered under the new
     * key too, so the next message there continues it, on whichever node it is handled.
     */
    String moved(InboundMessage m) {
        List<String> done = new ArrayList<>();
        m.property(InboundMessage.MOVED_TO_AUTHOR).filter(to -> !to.equals(m.author().platformId()))
                .ifPresent(to -> done.add(moveAuthor(m, to)));
        m.property(InboundMessage.MOVED_TO_CONVERSATION).filter(to -> !to.equals(m.conversationKey()))
                .ifPresent(to -> done.add(moveConversation(m, to)));
        return done.isEmpty() ? "ignored: moved nowhere" : "moved: " + String.join("; ", done);
    }

    private String moveAuthor(InboundMessage m, String to) {
        Optional<Customer> customer = customers.findByIdentity(m.channel(), m.author().platformId());
        if (customer.isEmpty()) {
            return "no customer is " + m.author().platformId() + " yet";
        }
        Optional<Customer> owner = customers.findByIdentity(m.channel(), to);
        if (owner.isPresent()) {
            return owner.get().id() == customer.get().id() ? "customer " + owner.get().id() + " already is " + to
                    : to + " stays with customer " + owner.get().id() + ", apart from customer " + customer.get().id();
        }
        try {
            customers.link(customer.get().id(), ChannelIdentity.of(m.channel(), to));
        } catch (IllegalArgumentException raced) {
            return to + " was taken by another customer meanwhile";
        }
        return "customer " + customer.get().id() + " is also " + to;
    }

    private String moveConversation(InboundMessage m, String to) {
        ThreadStore.Key from = ThreadStore.Key.of(m);
        ThreadStore.Key target = new ThreadStore.Key(m.platform(), m.account(), to);
        Optional<Long> ticket = threads.findFresh(from);
        if (ticket.isEmpty()) {
            return "no ticket for conversation " + m.conversationKey() + " yet";
        }
        Optional<Long> already = threads.findFresh(target);
        if (already.isPresent() && !already.equals(ticket)) {
            return "conversation " + to + " keeps its own ticket " + already.get();
        }
        threads.remember(target, ticket.get());
        return "ticket " + ticket.get() + " continues as conversation " + to;
    }

    /**
     * The author as a customer: looked up first, so a known author with an unchanged handle costs no
     * write, and remembered, so a busy author costs no read either. The cache is keyed by the whole
     * identity, handle included: a renamed author misses it and is resolved again.
     */
    private Customer requester(InboundMessage m) {
        ChannelIdentity identity = new ChannelIdentity(m.channel(), m.author().platformId(), m.author().handle());
        Customer cached = requesters.get(identity);
        if (cached != null) {
            return cached;
        }
        Optional<Customer> known = customers.findByIdentity(identity.channel(), identity.externalId());
        boolean handleCurrent = known.isPresent() && (identity.handle().isEmpty() || known.get().identities().stream()
                .anyMatch(id -> id.channel().equals(identity.channel()) && id.externalId().equals(identity.externalId())
                        && id.handle().equals(identity.handle())));
        Customer requester = handleCurrent ? known.get() : customers.resolve(identity, m.author().bestName());
        if (requesters.size() >= REQUESTERS_MAX) {
            requesters.clear(); // bounded; a busy node refills what it uses within seconds
        }
        requesters.put(identity, requester);
        return requester;
    }

    /**
     * A message the platform's API must complete is found again after a stop by its ticket's tag, set
     * with the new ticket or right after the message joins one: a stop before the lookup's first
     * attempt no longer loses it.
     */
    private static boolean needsLookup(InboundMessage m) {
        return "true".equals(m.properties().get(InboundMessage.NEEDS_LOOKUP));
    }

    /** Whether the ticket takes this follow-up, or a new linked ticket should start. */
    private boolean accepts(TicketHead ticket, InboundMessage m) {
        if (ticket.status() == TicketStatus.CLOSED) {
            return false;
        }
        if (ticket.status() == TicketStatus.SOLVED) {
            // the ticket's last change is when it was solved, unless someone touched it since: close enough
            return !m.createdAt().isAfter(ticket.updatedAt().plus(reopenWindow));
        }
        return true;
    }

    private static NewMessage message(InboundMessage m, Customer requester) {
        Visibility visibility = m.visibility() == MessageVisibility.PUBLIC ? Visibility.PUBLIC : Visibility.PRIVATE;
        String text = m.text().isBlank() && m.attachments().isEmpty() ? "[empty message]" : m.text();
        return NewMessage.inbound(requester, m.channel(), visibility, m.externalId(), text, m.createdAt())
                .withAttachments(attachments(m)).withProperties(socialProperties(m));
    }

    static List<Attachment> attachments(InboundMessage m) {
        return InboundAttachments.of(m.attachments());
    }

    /**
     * The ticket message's social.* properties: where it came from (read by the send side to
     * answer in place) and the platform facts the parser kept (a postback's payload, standby, a
     * referral, an anonymous author), each under SocialProperties.PREFIX + its key.
     */
    static Map<String, String> socialProperties(InboundMessage m) {
        Map<String, String> properties = new LinkedHashMap<>();
        m.properties().forEach((k, v) -> properties.put(SocialProperties.PREFIX + k, v));
        properties.put(SocialProperties.PLATFORM, m.platform());
        properties.put(SocialProperties.ACCOUNT, m.account());
        properties.put(SocialProperties.CONVERSATION, m.conversationKey());
        properties.put(SocialProperties.AUTHOR_ID, m.author().platformId());
        m.author().handle().ifPresent(h -> properties.put(SocialProperties.AUTHOR_HANDLE, h));
        m.author().displayName().ifPresent(n -> properties.put(SocialProperties.AUTHOR_NAME, n));
        m.inReplyToId().ifPresent(id -> properties.put(SocialProperties.IN_REPLY_TO, id));
        m.author().followerCount().ifPresent(n -> properties.put(SocialProperties.FOLLOWERS, Long.toString(n)));
        properties.put(SocialProperties.VERIFIED, Boolean.toString(m.author().verified()));
        m.author().canReceiveDm().ifPresent(dm -> properties.put(SocialProperties.CAN_RECEIVE_DM, dm.toString()));
        return properties;
    }

    static String subject(InboundMessage m, Customer requester) {
        return Subjects.of(m.text()).orElseGet(() -> (m.visibility() == MessageVisibility.PUBLIC ? "Public post"
                : "Message") + " from " + requester.displayName() + " on " + m.channel());
    }
}
