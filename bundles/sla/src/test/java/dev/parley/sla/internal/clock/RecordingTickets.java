package dev.parley.sla.internal.clock;

import dev.parley.helpdesk.api.TicketStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.TicketOutline;
import dev.parley.helpdesk.api.TicketPage;
import dev.parley.helpdesk.api.TicketQuery;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketUpdate;

/**
 * The real ticket service, recording each {@code outlines} read the engine makes; {@link
 * #holdNextOutlineRead} parks the next one on the engine's worker until {@link #release}, so a test
 * can pile up events; {@link #failNextOutlineRead} makes the next one throw. Whole-ticket reads
 * ({@code get}, {@code getAll}) are recorded apart: the engine should not need any.
 */
final class RecordingTickets implements TicketService {

    final List<List<Long>> outlineReads = new CopyOnWriteArrayList<>();
    final List<Long> wholeReads = new CopyOnWriteArrayList<>();
    private final TicketService delegate;
    private final AtomicBoolean holdNext = new AtomicBoolean();
    private final AtomicBoolean failNext = new AtomicBoolean();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    volatile boolean interruptedWhileHeld;

    RecordingTickets(TicketService delegate) {
        this.delegate = delegate;
    }

    void holdNextOutlineRead() {
        holdNext.set(true);
    }

    /** Waits until the held getAll has been called (by the worker). */
    void awaitHeld() throws InterruptedException {
        if (!held.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the engine did not read the tickets within 10 s");
        }
    }

    void failNextOutlineRead() {
        failNext.set(true);
    }

    void release() {
        released.countDown();
    }

    @Override
    public List<Ticket> getAll(Collection<Long> ticketIds) {
        wholeReads.addAll(ticketIds);
        return delegate.getAll(ticketIds);
    }

    @Override
    public List<TicketOutline> outlines(Collection<Long> ticketIds) {
        outlineReads.add(List.copyOf(ticketIds));
        if (failNext.compareAndSet(true, false)) {
            throw new IllegalStateException("test: the bulk read fails");
        }
        if (holdNext.compareAndSet(true, false)) {
            held.countDown();
            try {
                released.await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interruptedWhileHeld = true;
                Thread.currentThread().interrupt();
            }
        }
        return delegate.outlines(ticketIds);
    }

    @Override
    public Optional<Ticket> get(long ticketId) {
        wholeReads.add(ticketId);
        return delegate.get(ticketId);
    }

    @Override
    public Optional<TicketHead> head(long ticketId) {
        return delegate.head(ticketId);
    }

    @Override
    public Ticket create(NewTicket ticket) {
        return delegate.create(ticket);
    }

    @Override
    public List<TicketHead> headsAfter(long afterId, Set<TicketStatus> statuses, int limit) {
        return delegate.headsAfter(afterId, statuses, limit);
    }

    @Override
    public TicketPage query(TicketQuery query) {
        return delegate.query(query);
    }

    @Override
    public Message addMessage(long ticketId, NewMessage message) {
        return delegate.addMessage(ticketId, message);
    }

    @Override
    public Ticket update(long ticketId, TicketUpdate update) {
        return delegate.update(ticketId, update);
    }

    @Override
    public Message updateDelivery(long messageId, DeliveryState state, Optional<String> detail) {
        return delegate.updateDelivery(messageId, state, detail);
    }

    @Override
    public List<Message> queuedMessages(Set<String> channels, int limit) {
        return delegate.queuedMessages(channels, limit);
    }

    @Override
    public Optional<Message> findMessage(String channel, String externalId) {
        return delegate.findMessage(channel, externalId);
    }

    @Override
    public Optional<Message> getMessage(long messageId) {
        return delegate.getMessage(messageId);
    }
}
