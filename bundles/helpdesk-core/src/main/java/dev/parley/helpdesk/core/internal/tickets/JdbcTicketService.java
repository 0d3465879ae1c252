package dev.parley.helpdesk.core.internal.tickets;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.Attachment;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.DeliveryUpdate;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.MessageAddition;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.OutboundPolicy;
import dev.parley.helpdesk.api.PolicyCheck;
import dev.parley.helpdesk.api.PolicyViolationException;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.TicketOutline;
import dev.parley.helpdesk.api.TicketNotFoundException;
import dev.parley.helpdesk.api.TicketPage;
import dev.parley.helpdesk.api.TicketQuery;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.TicketUpdate;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.api.StaleTicketException;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.helpdesk.core.internal.store.StoreException;
import dev.parley.helpdesk.api.store.GroupCommit;
import dev.parley.helpdesk.api.store.JdbcTransactions;

/**
 * Tickets in the host database. Writes use optimistic concurrency on {@code tickets.version}:
 * an update that lost a race is re-read and re-applied (or refused when the caller pinned a
 * version). Events go out after commit.
 */
@Component(service = TicketService.class)
public final class JdbcTicketService implements TicketService {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTicketService.class);
    private static final int MAX_ATTEMPTS = 20;

    private final JdbcTransactions tx;
    private final GroupCommit<MessageAddition, Outcome> appends;
    private final TicketRows rows;
    private final CustomerRows customers = new CustomerRows();
    private final TicketQueries queries = new TicketQueries();
    private final TicketEventPublisher events;
    private final OutboundPolicies policies = new OutboundPolicies();
    private final TicketCache cache;
    private final Clock clock;

    @Activate
    public JdbcTicketService(@Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference EventAdmin eventAdmin, @Reference TicketCache cache) {
        this(dataSource, migrator, eventAdmin, Clock.systemUTC(), cache);
    }

    /** With a cache of its own (tests, tools). */
    public JdbcTicketService(DataSource dataSource, SchemaMigrator migrator, EventAdmin eventAdmin) {
        this(dataSource, migrator, eventAdmin, Clock.systemUTC(), new TicketCache());
    }

    JdbcTicketService(DataSource dataSource, SchemaMigrator migrator, EventAdmin eventAdmin, Clock clock) {
        this(dataSource, migrator, eventAdmin, clock, new TicketCache());
    }

    JdbcTicketService(DataSource dataSource, SchemaMigrator migrator, EventAdmin eventAdmin, Clock clock,
            TicketCache cache) {
        this.cache = cache;
        migrator.migrate(HelpdeskSchema.MODULE, HelpdeskSchema.MIGRATIONS);
        this.tx = new JdbcTransactions(dataSource, StoreException::new);
        this.appends = new GroupCommit<>(tx, this::appendGroup, this::appendAlone);
        this.rows = new TicketRows(customers);
        this.events = new TicketEventPublisher(eventAdmin);
        this.clock = clock;
    }

    /** Channel plugins come and go while the host runs: a dynamic whiteboard, not a constructor argument. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedOutboundPolicy")
    public void addOutboundPolicy(OutboundPolicy policy, Map<String, Object> properties) {
        policies.add(policy, properties);
    }

    public void removeOutboundPolicy(OutboundPolicy policy) {
        policies.remove(policy);
    }

    /** A policy's channels change as platforms come and go. */
    void updatedOutboundPolicy(OutboundPolicy policy, Map<String, Object> properties) {
        policies.replace(policy, properties);
    }

    @Override
    public Ticket create(NewTicket t) {
        Validation.text("subject", t.subject(), 1000);
        Validation.text("channel", t.channel(), 100);
        t.tags().forEach(tag -> Validation.text("tag", tag, 200));
        t.firstMessage().ifPresent(Validation::message);
        Ticket created = tx.inTransaction(c -> {
            if (customers.load(c, t.requesterId()).isEmpty()) {
                throw new IllegalArgumentException("requester " + t.requesterId() + " does not exist");
            }
            if (t.linkedTicketId().isPresent() && rows.head(c, t.linkedTicketId().get()).isEmpty()) {
                throw new IllegalArgumentException("linked ticket " + t.linkedTicketId().get() + " does not exist");
            }
            long now = clock.millis();
            long id = rows.insertTicket(c, t.subject().strip(), TicketStatus.NEW, t.priority(), t.channel(),
                    t.requesterId(), t.group().orElse(null), t.linkedTicketId().orElse(null), now);
            rows.addTags(c, id, t.tags());
            if (t.firstMessage().isPresent()) {
                NewMessage first = t.firstMessage().get();
                rows.insertMessage(c, id, first, first.createdAt().orElse(Instant.ofEpochMilli(now)));
            }
            return rows.load(c, id).orElseThrow();
        });
        LOG.debug("Ticket {} created on {}", created.id(), created.channel());
        events.created(created);
        created.messages().forEach(m -> events.messageAdded(TicketRows.Head.of(created), m, created.status()));
        return created;
    }

    @Override
    public Optional<Ticket> get(long ticketId) {
        return tx.read(c -> rows.load(c, List.of(ticketId), cache, true).stream().findFirst());
    }

    @Override
    public List<Ticket> getAll(Collection<Long> ticketIds) {
        return readInPages(ticketIds, (c, page) -> rows.load(c, page, cache, true));
    }

    @Override
    public List<TicketOutline> outlines(Collection<Long> ticketIds) {
        return readInPages(ticketIds, (c, page) -> rows.outlines(c, page, cache));
    }

    /** Reads a page of distinct ticket ids in the caller's order; unknown ids are left out. */
    private interface PageRead<T> {
        List<T> read(Connection connection, List<Long> page) throws SQLException;
    }

    /** {@code ticketIds} without repeats, read in one transaction a host page ({@link TicketQuery#MAX_LIMIT}) at a time. */
    private <T> List<T> readInPages(Collection<Long> ticketIds, PageRead<T> read) {
        List<Long> ids = List.copyOf(new LinkedHashSet<>(ticketIds));
        return tx.read(c -> {
            List<T> found = new ArrayList<>(ids.size());
            for (int from = 0; from < ids.size(); from += TicketQuery.MAX_LIMIT) {
                found.addAll(read.read(c, ids.subList(from, Math.min(ids.size(), from + TicketQuery.MAX_LIMIT))));
            }
            return found;
        });
    }

    @Override
    public Optional<TicketHead> head(long ticketId) {
        return tx.read(c -> rows.ticketHead(c, ticketId));
    }

    @Override
    public TicketPage query(TicketQuery query) {
        return tx.read(c -> {
            TicketQueries.IdPage page = queries.ids(c, query);
            return new TicketPage(rows.load(c, page.ids(), cache, true), page.nextCursor());
        });
    }

    @Override
    public List<TicketHead> headsAfter(long afterId, Set<TicketStatus> statuses, int limit) {
        if (limit < 1 || limit > MAX_HEADS) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_HEADS + ", not " + limit);
        }
        Set<TicketStatus> filter = Set.copyOf(Objects.requireNonNull(statuses, "statuses"));
        return tx.read(c -> queries.headsAfter(c, afterId, filter, limit));
    }

    /**
     * Concurrent callers' messages share a commit ({@link GroupCommit}): agents replying at once, a
     * send's echo beside them, each waits for one transaction with the others instead of queueing
     * for the database's commit one by one. The caller posts its own event once its message is in.
     */
    @Override
    public Message addMessage(long ticketId, NewMessage requested) {
        Validation.message(requested);
        NewMessage m = policies.applyTo(requested)
                ? policies.review(get(ticketId).orElseThrow(() -> TicketNotFoundException.ticket(ticketId)), requested)
                : requested;
        Outcome outcome = appends.submit(new MessageAddition(ticketId, m));
        if (outcome.added()) {
            advanceCache(outcome);
            events.messageAdded(outcome.ticket(), outcome.message(), outcome.previousStatus());
        }
        return outcome.message();
    }

    /**
     * After the commit: a cached copy of the ticket as it was becomes the new one, so the readers the
     * message wakes (rules, SLA clocks, the next reply's policy check) find it without a read. Two
     * callers of one group may get here out of order; the later append is then left to the next read.
     */
    private void advanceCache(Outcome outcome) {
        cache.appended(outcome.ticket().version() - 1, outcome.ticket().status(), outcome.updatedAt(),
                outcome.ticket().version(), outcome.message());
    }

    /** One message in its own transactions: re-read and retried while the ticket moves on meanwhile. */
    private Outcome appendAlone(MessageAddition a) {
        NewMessage m = a.message();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Outcome outcome;
            try {
                outcome = tx.inTransaction(c -> appendMessage(c, a.ticketId(), m));
            } catch (StoreException e) {
                if (!JdbcTransactions.isUniqueViolation(e) || m.externalId().isEmpty()) {
                    throw e;
                }
                // a concurrent delivery of the same platform message won the race: it is stored once
                return new Outcome(findMessage(m.channel(), m.externalId().get()).orElseThrow(() -> e), false, null, null,
                        null);
            }
            if (outcome != null) {
                return outcome;
            }
        }
        throw new StoreException("ticket " + a.ticketId() + " changed too often to add a message; try again");
    }

    /**
     * Messages of several callers in one transaction, written ticket by ticket in ascending id (each
     * ticket's messages in the order given), so two such groups that share tickets lock them in the
     * same order and never deadlock. A ticket changed by someone else meanwhile fails the whole
     * group: its messages are then added one by one, where a lost race is re-read and retried.
     */
    private List<Outcome> appendGroup(Connection c, List<MessageAddition> additions) throws SQLException {
        Integer[] order = new Integer[additions.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingLong(i -> additions.get(i).ticketId())); // stable: keeps each ticket's order
        Outcome[] done = new Outcome[order.length];
        for (int i : order) {
            MessageAddition a = additions.get(i);
            done[i] = appendMessage(c, a.ticketId(), a.message());
            if (done[i] == null) {
                throw new StoreException("ticket " + a.ticketId() + " changed while a group of messages was added to it");
            }
        }
        return Arrays.asList(done);
    }

    /**
     * One transaction for all ({@link #appendGroup}). A message under a messaging policy fails the
     * whole batch: the caller adds those one by one, where {@link #addMessage} reviews them.
     */
    @Override
    public List<Message> addMessages(List<MessageAddition> additions) {
        for (MessageAddition a : additions) {
            Validation.message(a.message());
            if (policies.applyTo(a.message())) {
                throw new IllegalStateException("a message under a messaging policy is added on its own");
            }
        }
        if (additions.isEmpty()) {
            return List.of();
        }
        List<Outcome> outcomes = tx.inTransaction(c -> appendGroup(c, additions));
        for (Outcome o : outcomes) { // in the order written, so a ticket's cached copy advances one append at a time
            if (o.added()) {
                advanceCache(o);
                events.messageAdded(o.ticket(), o.message(), o.previousStatus());
            }
        }
        return outcomes.stream().map(Outcome::message).toList();
    }

    @Override
    public PolicyCheck checkMessage(long ticketId, NewMessage message) {
        Validation.message(message);
        Ticket ticket = get(ticketId).orElseThrow(() -> TicketNotFoundException.ticket(ticketId));
        if (ticket.status() == TicketStatus.CLOSED) {
            throw new IllegalStateException("ticket " + ticketId + " is CLOSED and takes no more messages; "
                    + "open a follow-up ticket linked to it");
        }
        Optional<Integer> remaining = message.visibility() == Visibility.INTERNAL_NOTE ? Optional.empty()
                : policies.maxLength(ticket, message)
                        .map(max -> max - message.text().codePointCount(0, message.text().length()));
        try {
            // the same two steps as addMessage, and nothing after them: a dry run stores nothing
            if (policies.applyTo(message)) {
                policies.review(ticket, message);
            }
            return PolicyCheck.allowed(remaining);
        } catch (PolicyViolationException refused) {
            return PolicyCheck.refused(refused, remaining);
        }
    }

    private record Outcome(Message message, boolean added, TicketRows.Head ticket, TicketStatus previousStatus,
            Instant updatedAt) {
    }

    private Outcome appendMessage(Connection c, long ticketId, NewMessage m) throws SQLException {
        if (m.externalId().isPresent()) {
            Optional<Message> existing = rows.findMessage(c, m.channel(), m.externalId().get());
            if (existing.isPresent()) {
                return new Outcome(existing.get(), false, null, null, null);
            }
        }
        TicketRows.Head head = rows.head(c, ticketId).orElseThrow(() -> TicketNotFoundException.ticket(ticketId));
        if (head.status() == TicketStatus.CLOSED) {
            throw new IllegalStateException("ticket " + ticketId + " is CLOSED and takes no more messages; "
                    + "open a follow-up ticket linked to it");
        }
        long now = clock.millis();
        TicketStatus next = statusAfter(head.status(), m);
        Message stored = rows.insertMessage(c, ticketId, m, m.createdAt().orElse(Instant.ofEpochMilli(now)));
        TicketRows.Head moved = new TicketRows.Head(ticketId, next, head.priority(), head.channel(), head.assignee(),
                head.group(), head.version() + 1);
        if (!rows.writeHead(c, moved, head.version(), now)) {
            c.rollback();
            return null;
        }
        return new Outcome(stored, true, moved, head.status(), Instant.ofEpochMilli(now));
    }

    static TicketStatus statusAfter(TicketStatus current, NewMessage m) {
        if (m.direction() == Direction.INBOUND && (current == TicketStatus.PENDING || current == TicketStatus.SOLVED)) {
            return TicketStatus.OPEN;
        }
        if (m.direction() == Direction.OUTBOUND && m.visibility() != Visibility.INTERNAL_NOTE
                && current == TicketStatus.NEW) {
            return TicketStatus.OPEN;
        }
        return current;
    }

    @Override
    public Ticket update(long ticketId, TicketUpdate update) {
        Validation.update(update);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Updated result = tx.inTransaction(c -> applyUpdate(c, ticketId, update));
            if (result == null) {
                continue; // lost a race without a pinned version: re-read and re-apply
            }
            if (!result.changes().isEmpty()) {
                events.updated(TicketRows.Head.of(result.ticket()), result.previousStatus(), result.changes());
            }
            return result.ticket();
        }
        throw new StoreException("ticket " + ticketId + " changed too often to update; try again");
    }

    private record Updated(Ticket ticket, TicketStatus previousStatus, List<String> changes) {
    }

    private Updated applyUpdate(Connection c, long ticketId, TicketUpdate u) throws SQLException {
        TicketRows.Head head = rows.head(c, ticketId).orElseThrow(() -> TicketNotFoundException.ticket(ticketId));
        if (u.expectedVersion().isPresent() && u.expectedVersion().getAsLong() != head.version()) {
            throw new StaleTicketException(ticketId, u.expectedVersion().getAsLong(), head.version());
        }
        if (head.status() == TicketStatus.CLOSED && !u.isEmpty()) {
            throw new IllegalStateException("ticket " + ticketId + " is CLOSED and can no longer change; "
                    + "open a follow-up ticket linked to it");
        }
        List<String> changes = new ArrayList<>();
        TicketStatus status = u.status().orElse(head.status());
        if (status != head.status()) {
            changes.add("status");
        }
        var priority = u.priority().orElse(head.priority());
        if (priority != head.priority()) {
            changes.add("priority");
        }
        String assignee = u.assignee().isPresent() ? blankToNull(u.assignee().get()) : head.assignee();
        if (!Objects.equals(assignee, head.assignee())) {
            changes.add("assignee");
        }
        String group = u.group().isPresent() ? blankToNull(u.group().get()) : head.group();
        if (!Objects.equals(group, head.group())) {
            changes.add("group");
        }
        Set<String> tags = rows.tags(c, ticketId);
        Set<String> toAdd = new HashSet<>(u.addTags());
        toAdd.removeAll(tags);
        Set<String> toRemove = new HashSet<>(u.removeTags());
        toRemove.retainAll(tags);
        if (!toAdd.isEmpty() || !toRemove.isEmpty()) {
            changes.add("tags");
        }
        Optional<String> subject = Optional.empty();
        OptionalLong requester = OptionalLong.empty();
        if (u.subject().isPresent() || u.requesterId().isPresent()) {
            Ticket current = rows.load(c, ticketId).orElseThrow(() -> TicketNotFoundException.ticket(ticketId));
            subject = u.subject().map(String::strip).filter(s -> !s.equals(current.subject()));
            subject.ifPresent(s -> changes.add("subject"));
            if (u.requesterId().isPresent() && u.requesterId().getAsLong() != current.requester().id()) {
                long customerId = u.requesterId().getAsLong();
                if (rows.customer(c, customerId).isEmpty()) {
                    throw new IllegalArgumentException("requester: customer " + customerId + " does not exist");
                }
                requester = OptionalLong.of(customerId);
                changes.add("requester");
            }
        }
        if (changes.isEmpty()) {
            return new Updated(rows.load(c, ticketId).orElseThrow(), head.status(), List.of());
        }
        TicketRows.Head next = new TicketRows.Head(ticketId, status, priority, head.channel(), assignee, group,
                head.version() + 1);
        if (!rows.writeHead(c, next, head.version(), clock.millis())) {
            if (u.expectedVersion().isPresent()) {
                throw new StaleTicketException(ticketId, u.expectedVersion().getAsLong(), head.version() + 1);
            }
            c.rollback();
            return null;
        }
        rows.addTags(c, ticketId, toAdd);
        rows.removeTags(c, ticketId, toRemove);
        if (subject.isPresent() || requester.isPresent()) {
            rows.writeSubjectAndRequester(c, ticketId, subject, requester);
        }
        return new Updated(rows.load(c, ticketId).orElseThrow(), head.status(), List.copyOf(changes));
    }

    /** An empty string in an update means "clear this field". */
    private static String blankToNull(String value) {
        return value.isBlank() ? null : value.strip();
    }

    @Override
    public Message updateDelivery(long messageId, DeliveryState state, Optional<String> detail) {
        Objects.requireNonNull(state, "state");
        detail.ifPresent(d -> Validation.text("detail", d, 2000));
        Delivered result = tx.inTransaction(c -> {
            if (!rows.writeDelivery(c, messageId, state, detail.orElse(null))) {
                throw new TicketNotFoundException("message " + messageId + " does not exist");
            }
            Message message = rows.message(c, messageId).orElseThrow();
            return new Delivered(message, rows.head(c, message.ticketId()).orElseThrow());
        });
        cache.messagesChanged(result.ticket().id(), List.of(messageId)); // no version bump for a delivery state
        events.deliveryChanged(result.ticket(), result.message());
        return result.message();
    }

    private record Delivered(Message message, TicketRows.Head ticket) {
    }

    @Override
    public List<Message> updateDeliveries(List<DeliveryUpdate> updates) {
        updates.forEach(u -> u.detail().ifPresent(d -> Validation.text("detail", d, 2000)));
        if (updates.isEmpty()) {
            return List.of();
        }
        List<Delivered> results = tx.inTransaction(c -> {
            List<Delivered> done = new java.util.ArrayList<>(updates.size());
            for (DeliveryUpdate u : updates) {
                if (!rows.writeDelivery(c, u.messageId(), u.state(), u.detail().orElse(null))) {
                    throw new TicketNotFoundException("message " + u.messageId() + " does not exist");
                }
                Message message = rows.message(c, u.messageId()).orElseThrow();
                done.add(new Delivered(message, rows.head(c, message.ticketId()).orElseThrow()));
            }
            return done;
        });
        results.stream().collect(Collectors.groupingBy(r -> r.ticket().id(),
                Collectors.mapping(r -> r.message().id(), Collectors.toList())))
                .forEach(cache::messagesChanged); // no version bump for a delivery state
        results.forEach(r -> events.deliveryChanged(r.ticket(), r.message()));
        return results.stream().map(Delivered::message).toList();
    }

    @Override
    public List<Message> queuedMessages(Set<String> channels, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000, not " + limit);
        }
        return tx.read(c -> rows.queuedMessages(c, channels, limit));
    }

    @Override
    public Optional<Message> findMessage(String channel, String externalId) {
        return tx.read(c -> rows.findMessage(c, channel, externalId));
    }

    @Override
    public Message reviseMessage(long messageId, String text, List<Attachment> attachments,
            Map<String, String> properties) {
        Objects.requireNonNull(text, "text");
        if (text.length() > Validation.MAX_TEXT) {
            throw new IllegalArgumentException("text is " + text.length() + " characters; at most " + Validation.MAX_TEXT
                    + " are allowed");
        }
        Delivered result = tx.inTransaction(c -> {
            if (!rows.reviseMessage(c, messageId, text, attachments, properties)) {
                throw new TicketNotFoundException("message " + messageId + " does not exist");
            }
            Message message = rows.message(c, messageId).orElseThrow();
            return new Delivered(message, rows.head(c, message.ticketId()).orElseThrow());
        });
        cache.messagesChanged(result.ticket().id(), List.of(messageId)); // no version bump for a revision
        events.messageRevised(result.ticket(), result.message());
        return result.message();
    }

    @Override
    public Message renameAuthor(long messageId, String authorName) {
        Objects.requireNonNull(authorName, "authorName");
        String name = authorName.strip();
        Validation.text("authorName", name, 500);
        Delivered result = tx.inTransaction(c -> {
            if (!rows.renameAuthor(c, messageId, name)) {
                throw new TicketNotFoundException("message " + messageId + " does not exist");
            }
            Message message = rows.message(c, messageId).orElseThrow();
            return new Delivered(message, rows.head(c, message.ticketId()).orElseThrow());
        });
        cache.messagesChanged(result.ticket().id(), List.of(messageId));
        events.messageRevised(result.ticket(), result.message());
        return result.message();
    }

    @Override
    public Optional<Message> getMessage(long messageId) {
        return tx.read(c -> rows.message(c, messageId));
    }
}
