package dev.parley.helpdesk.core.internal.tickets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;

import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketStatus;

/**
 * Recently read whole tickets, so that reading a busy ticket again costs its row and whatever
 * changed, not all its messages: every plugin that reacts to a new message (SLA clocks, escalation
 * rules, live views) reads the whole ticket, and a long conversation made each of those reads
 * longer. The ticket row's {@code version} says whether a cached ticket is current; if it moved on,
 * only messages newer than the cached ones are read (a ticket's messages are only ever appended:
 * its row lock orders them). A message's delivery state or content changes without a version bump,
 * so such an update marks that message changed, and the next read takes it again by id (not the whole
 * conversation: a reply's SENT came before each next reply, and re-reading a long conversation for
 * it was a sixth of an outbound run's CPU). An entry older than its maximum age (a minute) has its
 * outbound messages' delivery columns read again, so a delivery update made by another node shows
 * within that time (reading the whole conversation again cost more than everything else together).
 * The requester and tags are read again whenever the ticket changed, except after an append made
 * here: a cached ticket of the version before it becomes the new version at once (see {@link #appended}).
 * Only reads outside any transaction store entries: they see committed data only.
 */
// a component of its own (this bundle's internal service) so that writes outside the ticket service that
// change what a cached ticket shows (a customer's profile, an attachment's state) can forget it
@Component(service = TicketCache.class)
public final class TicketCache {

    static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int MAX_TICKETS = 2_048;

    /** Past this many changed messages an entry is dropped: reading the ticket whole is no dearer. */
    private static final int MAX_CHANGED = 64;

    /**
     * A cached ticket, when its delivery states were last read, and its messages changed since
     * (to be read again before the entry is used).
     */
    record Entry(Ticket ticket, long fullReadAt, Set<Long> changedMessages) {
        Entry(Ticket ticket, long fullReadAt) {
            this(ticket, fullReadAt, Set.of());
        }

        long lastMessageId() {
            return ticket.messages().isEmpty() ? 0 : ticket.messages().get(ticket.messages().size() - 1).id();
        }
    }

    private final Map<Long, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        // TicketCache.Entry, spelled out: inside this LinkedHashMap subclass javac 25 reads a bare Entry as Map.Entry
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, TicketCache.Entry> eldest) {
            return size() > MAX_TICKETS;
        }
    };

    private final long maxAgeNanos;
    private long forgotten;

    public TicketCache() {
        this(MAX_AGE_NANOS);
    }

    TicketCache(long maxAgeNanos) {
        this.maxAgeNanos = maxAgeNanos;
    }

    /** Taken before a read: a read that overlapped a {@link #forget} must not store what it saw. */
    synchronized long stamp() {
        return forgotten;
    }

    /** The entry for {@code ticketId}, if any; see {@link #needsDeliveryCheck}. */
    synchronized Entry lookup(long ticketId) {
        return entries.get(ticketId);
    }

    /** Whether the entry's delivery states are older than the maximum age and must be read again. */
    boolean needsDeliveryCheck(Entry entry, long now) {
        return now - entry.fullReadAt() > maxAgeNanos;
    }

    synchronized void store(Ticket ticket, long fullReadAt, long stamp) {
        if (stamp != forgotten) {
            return;
        }
        Entry current = entries.get(ticket.id());
        if (current == null || current.ticket().version() <= ticket.version()) {
            entries.put(ticket.id(), new Entry(ticket, fullReadAt));
        }
    }

    /**
     * These messages of the ticket changed without a version bump (a delivery state, a revision): the
     * next read takes them again. Call after the change committed.
     */
    public synchronized void messagesChanged(long ticketId, Collection<Long> messageIds) {
        forgotten++;
        Entry entry = entries.get(ticketId);
        if (entry == null) {
            return;
        }
        Set<Long> changed = new HashSet<>(entry.changedMessages());
        changed.addAll(messageIds);
        if (changed.size() > MAX_CHANGED) {
            entries.remove(ticketId);
        } else {
            entries.put(ticketId, new Entry(entry.ticket(), entry.fullReadAt(), Set.copyOf(changed)));
        }
    }

    /**
     * A message was appended and committed, taking its ticket from {@code previousVersion} to {@code
     * version}: a cached ticket of exactly the version before becomes the new one without a read (an
     * append adds the message and sets the status, update time and version; nothing else changes).
     * Any other entry is left to the next read. A message with attachments is left to it too: their
     * stored form is the attachment store's, not the caller's.
     */
    synchronized void appended(long previousVersion, TicketStatus status, Instant updatedAt, long version,
            Message message) {
        Entry entry = entries.get(message.ticketId());
        if (entry == null || entry.ticket().version() != previousVersion || message.id() <= entry.lastMessageId()
                || !message.attachments().isEmpty()) {
            return;
        }
        Ticket t = entry.ticket();
        List<Message> messages = new ArrayList<>(t.messages().size() + 1);
        messages.addAll(t.messages());
        // as a read gives it back: the stored time has millisecond precision, and equal parts are shared
        Message stored = new Message(message.id(), message.ticketId(), message.direction(), message.visibility(),
                message.channel(), message.externalId(), message.author(), message.text(), message.attachments(),
                Instant.ofEpochMilli(message.createdAt().toEpochMilli()), message.delivery(),
                message.deliveryDetail(), message.properties());
        messages.add(messages.isEmpty() ? stored : MessageRows.sharedWith(stored, messages.get(messages.size() - 1)));
        Ticket advanced = new Ticket(t.id(), t.subject(), status, t.priority(), t.channel(), t.requester(),
                t.assignee(), t.group(), t.tags(), t.linkedTicketId(), t.createdAt(), updatedAt, version,
                List.copyOf(messages));
        entries.put(t.id(), new Entry(advanced, entry.fullReadAt(), entry.changedMessages()));
    }

    public synchronized void forget(long ticketId) {
        forgotten++;
        entries.remove(ticketId);
    }

    /** Forgets the tickets {@code customerId} requested: their requester changed. */
    synchronized void forgetRequester(long customerId) {
        forgotten++;
        entries.values().removeIf(e -> e.ticket().requester().id() == customerId);
    }
}
