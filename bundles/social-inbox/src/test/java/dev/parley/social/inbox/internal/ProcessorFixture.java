package dev.parley.social.inbox.internal;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketPage;
import dev.parley.helpdesk.api.TicketQuery;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;
import dev.parley.helpdesk.core.internal.tickets.JdbcCustomerService;
import dev.parley.helpdesk.core.internal.tickets.JdbcTicketService;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.connector.internal.inbox.JdbcSocialInbox;
import dev.parley.social.meta.internal.MetaWebhookParser;
import dev.parley.social.x.internal.XWebhookParser;

/**
 * The real pieces on one in-memory H2: the host's ticket and customer services, the connector's
 * inbox and parsers, and this bundle's thread store, so tests go from a platform's JSON to tickets.
 */
final class ProcessorFixture implements AutoCloseable {

    static final SocialAccount X = new SocialAccount("acme", "x", "4337869213", Optional.of("acme"),
            Optional.of("secret"), null, null, null, ReceiveMode.WEBHOOK, null);
    static final SocialAccount META = new SocialAccount("acme-fb", "meta", "PAGE_ID", null, null,
            Optional.of("s"), Optional.of("t"), null, ReceiveMode.WEBHOOK, null);

    final HikariDataSource pool;
    final JdbcSchemaMigrator migrator;
    final JdbcTicketService tickets;
    final JdbcCustomerService customers;
    final JdbcSocialInbox inbox;
    final ThreadStore threads;
    final XWebhookParser x = new XWebhookParser();
    final MetaWebhookParser meta = new MetaWebhookParser();
    /** The priority of each thread that changed a ticket (ticket events are posted from it). */
    final java.util.Set<Integer> changingThreadPriorities = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ProcessorFixture() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        pool = StoreDataSource.pooled(h2, 16, 10_000);
        migrator = new JdbcSchemaMigrator(pool);
        EventAdmin events = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                changingThreadPriorities.add(Thread.currentThread().getPriority());
            }

            @Override
            public void sendEvent(Event event) {
                changingThreadPriorities.add(Thread.currentThread().getPriority());
            }
        };
        tickets = new JdbcTicketService(pool, migrator, events);
        customers = new JdbcCustomerService(pool, migrator);
        inbox = JdbcSocialInbox.create(pool, migrator, Clock.systemUTC());
        threads = new ThreadStore(pool, migrator);
    }

    TicketThreading threading(Duration reopenWindow) {
        return new TicketThreading(tickets, customers, threads, reopenWindow);
    }

    ConversationChanges changes() {
        return new ConversationChanges(tickets, threads, Duration.ofSeconds(120));
    }

    InboxProcessor processor(ProcessorConfig config) {
        return processor(config, Clock.systemUTC());
    }

    InboxProcessor processor(ProcessorConfig config, Clock clock) {
        return new InboxProcessor(inbox, threading(Duration.ofDays(config.reopenWindowDays())),
                new ConversationChanges(tickets, threads, Duration.ofSeconds(config.echoHoldSeconds())), config, clock);
    }

    List<InboundMessage> receiveX(String json) {
        List<InboundMessage> messages = x.parse(X, json.getBytes(StandardCharsets.UTF_8));
        inbox.store(messages);
        return messages;
    }

    List<InboundMessage> receiveMeta(String json) {
        List<InboundMessage> messages = meta.parse(META, json.getBytes(StandardCharsets.UTF_8));
        inbox.store(messages);
        return messages;
    }

    List<Ticket> tickets(String channel) {
        List<Ticket> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            TicketPage page = tickets.query(new TicketQuery(null, null, Optional.of(channel), null, null, null, null, null,
                    cursor, TicketQuery.MAX_LIMIT));
            all.addAll(page.tickets());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return all;
    }

    long messageCount(String channel) {
        return tickets(channel).stream().mapToLong(t -> t.messages().size()).sum();
    }

    Message onlyMessage(Ticket ticket) {
        if (ticket.messages().size() != 1) {
            throw new AssertionError("ticket " + ticket.id() + " has " + ticket.messages().size() + " messages");
        }
        return ticket.messages().get(0);
    }

    @Override
    public void close() {
        inbox.close();
        pool.close();
    }

    static String dm(String id, String sender, String text) {
        return dm(id, sender, text, 1_700_000_000_000L);
    }

    static String dm(String id, String sender, String text, long createdMillis) {
        return "{\"for_user_id\":\"4337869213\",\"direct_message_events\":[{\"type\":\"message_create\",\"id\":\"" + id
                + "\",\"created_timestamp\":\"" + createdMillis + "\",\"message_create\":{\"target\":{\"recipient_id\":"
                + "\"4337869213\"},\"sender_id\":\"" + sender + "\",\"message_data\":{\"text\":\"" + text + "\"}}}],"
                + "\"users\":{\"" + sender + "\":{\"id\":\"" + sender + "\",\"screen_name\":\"user" + sender
                + "\",\"name\":\"User " + sender + "\",\"followers_count\":42}}}";
    }

    static String mention(String id, String user, String text, String inReplyTo) {
        return "{\"for_user_id\":\"4337869213\",\"tweet_create_events\":[{\"id_str\":\"" + id + "\",\"text\":\"" + text
                + "\",\"timestamp_ms\":\"1700000000000\",\"in_reply_to_status_id_str\":"
                + (inReplyTo == null ? "null" : "\"" + inReplyTo + "\"") + ",\"user\":{\"id_str\":\"" + user
                + "\",\"screen_name\":\"user" + user + "\",\"name\":\"User " + user + "\",\"followers_count\":42,"
                + "\"verified\":false}}]}";
    }

    /** Processor settings for tests: fast retries, the given attempts and window. */
    static ProcessorConfig config(int maxAttempts, int reopenWindowDays) {
        return config(maxAttempts, reopenWindowDays, 4);
    }

    static ProcessorConfig config(int maxAttempts, int reopenWindowDays, int workers) {
        return config(maxAttempts, reopenWindowDays, workers, 0, 0);
    }

    /** With the retry waits of a running Parley (the defaults: 2 s, doubling, at most 10 min) instead of none. */
    static ProcessorConfig config(int maxAttempts, int reopenWindowDays, int workers, long retryBaseMillis,
            long retryMaxMillis) {
        return new ProcessorConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ProcessorConfig.class;
            }

            @Override
            public int reopenWindowDays() {
                return reopenWindowDays;
            }

            @Override
            public int batchSize() {
                return 50;
            }

            @Override
            public int workers() {
                return workers;
            }

            @Override
            public long idlePollMillis() {
                return 20;
            }

            @Override
            public long lingerMillis() {
                return 5;
            }

            @Override
            public int leaseSeconds() {
                return 60;
            }

            @Override
            public int maxAttempts() {
                return maxAttempts;
            }

            @Override
            public long retryBaseMillis() {
                return retryBaseMillis;
            }

            @Override
            public long retryMaxMillis() {
                return retryMaxMillis;
            }

            @Override
            public long echoHoldSeconds() {
                return 120;
            }
        };
    }
}
