package dev.parley.social.connector.internal.outbound;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.core.internal.tickets.JdbcCustomerService;
import dev.parley.helpdesk.core.internal.tickets.JdbcTicketService;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialProperties;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.ConfiguredAccount;
import dev.parley.social.connector.internal.inbox.TestDatabase;

/** The host's real ticket store on H2, an X and a Meta account, and tickets as the processor would write them. */
final class OutboundFixture implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    final TestDatabase db = new TestDatabase();
    final List<Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    final EventAdmin eventAdmin = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            events.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            events.add(event);
        }
    };
    final JdbcTicketService tickets = new JdbcTicketService(db.pool, db.migrator, eventAdmin);
    final JdbcCustomerService customers = new JdbcCustomerService(db.pool, db.migrator);
    final AccountDirectory accounts = new AccountDirectory();
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    OutboundFixture() {
        accounts.add(ConfiguredAccount.of(new SocialAccount("acme", "x", "1000", Optional.of("acme"), Optional.of("s"),
                null, null, Optional.of("token"), ReceiveMode.WEBHOOK, null), Duration.ofMinutes(1), accounts));
        accounts.add(ConfiguredAccount.of(new SocialAccount("acme-fb", "meta", "PAGE", null, null, Optional.of("s"),
                Optional.of("v"), Optional.of("token"), ReceiveMode.WEBHOOK, null), Duration.ofMinutes(1), accounts));
    }

    /** The outbound configuration's defaults, with some values replaced. */
    static OutboundConfig config(Map<String, Object> overrides) {
        return (OutboundConfig) Proxy.newProxyInstance(OutboundConfig.class.getClassLoader(),
                new Class<?>[] {OutboundConfig.class}, (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    if (method.getName().equals("annotationType")) {
                        return OutboundConfig.class;
                    }
                    return method.getDefaultValue();
                });
    }

    MessagingPolicy policy(Map<String, Object> overrides) {
        MessagingPolicy policy = new MessagingPolicy(accounts, tickets, config(overrides), clock);
        tickets.addOutboundPolicy(policy, Map.of("parley.channel", new String[] {"x", "messenger", "instagram",
                "facebook"}, "service.id", 1L));
        return policy;
    }

    /** A ticket whose first customer message came from {@code author} on a social channel. */
    Ticket ticket(String channel, String author, Visibility visibility, String externalId, String text, Instant at,
            Map<String, String> extra) {
        Customer who = customers.resolve(new ChannelIdentity(channel, author, Optional.of("u" + author)), "User " + author);
        return tickets.create(NewTicket.of(text, channel, who.id(), customerMessage(who, channel, author, visibility,
                externalId, text, at, extra)));
    }

    Message customerWrites(long ticketId, String channel, String author, Visibility visibility, String externalId,
            String text, Instant at) {
        Customer who = customers.findByIdentity(channel, author).orElseThrow();
        return tickets.addMessage(ticketId, customerMessage(who, channel, author, visibility, externalId, text, at,
                Map.of()));
    }

    private static NewMessage customerMessage(Customer who, String channel, String author, Visibility visibility,
            String externalId, String text, Instant at, Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(extra);
        boolean x = channel.equals("x");
        p.put(SocialProperties.PLATFORM, x ? "x" : "meta");
        p.put(SocialProperties.ACCOUNT, x ? "acme" : "acme-fb");
        p.put(SocialProperties.AUTHOR_ID, author);
        p.putIfAbsent(SocialProperties.CONVERSATION, (visibility == Visibility.PUBLIC ? "thread:" : "dm:") + author);
        return NewMessage.inbound(who, channel, visibility, externalId, text, at).withProperties(p);
    }

    @Override
    public void close() {
        db.close();
    }
}
