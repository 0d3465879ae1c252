package dev.parley.escalation.internal.engine;

import dev.parley.helpdesk.api.TicketStatus;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.TicketPage;
import dev.parley.helpdesk.api.TicketQuery;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketUpdate;

/** The ticket service as the engine sees it: counts the whole tickets it reads and can hold its next read. */
final class CountingTickets implements TicketService {

    /** A read held until the test releases it, so that events queue up behind a busy worker. */
    static final class Hold {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        void awaitEntered() throws InterruptedException {
            if (!entered.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the engine's worker never read a ticket");
            }
        }

        void release() {
            released.countDown();
        }
    }

    final AtomicInteger wholeTickets = new AtomicInteger();
    final AtomicInteger gets = new AtomicInteger();
    /** The priority of each thread that read through this service. */
    final Set<Integer> readingThreadPriorities = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final TicketService delegate;
    private final AtomicReference<Hold> hold = new AtomicReference<>();

    CountingTickets(TicketService delegate) {
        this.delegate = delegate;
    }

    Hold holdNextRead() {
        Hold h = new Hold();
        hold.set(h);
        return h;
    }

    void resetCounts() {
        wholeTickets.set(0);
        gets.set(0);
    }

    private void maybeHold() {
        readingThreadPriorities.add(Thread.currentThread().getPriority());
        Hold h = hold.getAndSet(null);
        if (h != null) {
            h.entered.countDown();
            try {
                h.released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Optional<Ticket> get(long ticketId) {
        maybeHold();
        gets.incrementAndGet();
        Optional<Ticket> t = delegate.get(ticketId);
        t.ifPresent(x -> wholeTickets.incrementAndGet());
        return t;
    }

    @Override
    public List<Ticket> getAll(Collection<Long> ticketIds) {
        maybeHold();
        List<Ticket> all = delegate.getAll(ticketIds);
        wholeTickets.addAndGet(all.size());
        return all;
    }

    @Override
    public Optional<TicketHead> head(long ticketId) {
        maybeHold();
        return delegate.head(ticketId);
    }

    @Override
    public List<TicketHead> headsAfter(long afterId, Set<TicketStatus> statuses, int limit) {
        return delegate.headsAfter(afterId, statuses, limit);
    }

    @Override
    public TicketPage query(TicketQuery query) {
        maybeHold();
        TicketPage page = delegate.query(query);
        wholeTickets.addAndGet(page.tickets().size());
        return page;
    }

    @Override
    public Ticket create(NewTicket ticket) {
        return delegate.create(ticket);
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
