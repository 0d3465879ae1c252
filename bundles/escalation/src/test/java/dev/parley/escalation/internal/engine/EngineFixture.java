package dev.parley.escalation.internal.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.h2.jdbcx.JdbcDataSource;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.escalation.api.TriggerKind;
import dev.parley.escalation.internal.sentiment.VaderAnalyzer;
import dev.parley.escalation.internal.store.EscalationStore;
import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketEvents;
import dev.parley.helpdesk.api.Visibility;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;
import dev.parley.helpdesk.core.internal.tickets.JdbcCustomerService;
import dev.parley.helpdesk.core.internal.tickets.JdbcTicketService;

/** The engine over the real ticket service on an in-memory H2, with the shipped defaults and a rules folder. */
final class EngineFixture implements AutoCloseable {

    final List<Event> notifications = new CopyOnWriteArrayList<>();
    final List<Long> handoffs = new CopyOnWriteArrayList<>();
    final HikariDataSource pool;
    final JdbcTicketService tickets;
    /** What the engine reads tickets through. */
    final CountingTickets reads;
    final JdbcCustomerService customers;
    final EscalationStore store;
    final RuleCatalog catalog;
    final EscalationEngine engine;
    private int external;

    EngineFixture(Path rulesDir, TestConfig config, boolean withConnector) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        pool = StoreDataSource.pooled(h2, 8, 5_000);
        JdbcSchemaMigrator migrator = new JdbcSchemaMigrator(pool);
        EventAdmin ignore = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
            }

            @Override
            public void sendEvent(Event event) {
            }
        };
        tickets = new JdbcTicketService(pool, migrator, ignore);
        customers = new JdbcCustomerService(pool, migrator);
        store = new EscalationStore(pool, migrator);
        catalog = new RuleCatalog(rulesDir, true, store, Clock.systemUTC());
        reads = new CountingTickets(tickets);
        engine = new EscalationEngine(reads, catalog, store, (n, ticket, rule, text) -> {
            notifications.add(new Event(n.topic().orElse("parley/escalation/NOTIFY"), Map.of("ticket.id", ticket,
                    "rule", rule, "message", text)));
            return "recorded";
        }, config, Clock.systemUTC());
        DmHandoff dm = (ticketId, rule, pub, priv) -> {
            handoffs.add(ticketId);
            return "queued";
        };
        engine.bindForTest(new VaderAnalyzer(), null, withConnector ? dm : null);
    }

    Customer customer(String name) {
        return customers.resolve(new ChannelIdentity("x", name + "-id", Optional.of(name)), name);
    }

    /** A new ticket whose first message is this inbound one; returns the message. */
    Message firstMessage(Customer from, String text, Visibility visibility, long followers, boolean canDm) {
        NewMessage m = inbound(from, text, visibility, followers, canDm);
        Ticket t = tickets.create(NewTicket.of("subject", "x", from.id(), m));
        return t.messages().get(0);
    }

    Message reply(long ticketId, Customer from, String text, Visibility visibility, long followers, boolean canDm) {
        return tickets.addMessage(ticketId, inbound(from, text, visibility, followers, canDm));
    }

    private NewMessage inbound(Customer from, String text, Visibility visibility, long followers, boolean canDm) {
        Map<String, String> props = new HashMap<>();
        props.put("social.followerCount", Long.toString(followers));
        props.put("social.canReceiveDm", Boolean.toString(canDm));
        return NewMessage.inbound(from, "x", visibility, "ext-" + (++external), text, null).withProperties(props);
    }

    /** What the event handler queues for an inbound message, run synchronously. */
    void process(Message m) {
        engine.process(TriggerKind.MESSAGE, m.ticketId(), Optional.of(m.id()), "message:" + m.id());
    }

    /** The event the host posts for a stored inbound customer message, delivered to the engine. */
    void post(Message m) {
        engine.handleEvent(new Event(TicketEvents.MESSAGE_ADDED, Map.of(TicketEvents.TICKET_ID, m.ticketId(),
                TicketEvents.MESSAGE_ID, m.id(), TicketEvents.MESSAGE_DIRECTION, m.direction().name(),
                TicketEvents.MESSAGE_AUTHOR_KIND, m.author().kind().name())));
    }

    Ticket ticket(long id) {
        return tickets.get(id).orElseThrow();
    }

    @Override
    public void close() {
        engine.deactivate();
        catalog.close();
        pool.close();
    }
}
