package dev.parley.social.connector.internal.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.api.store.SqlDialect;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SentLookup;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.WebhookReply;
import dev.parley.social.api.WebhookRequest;
import dev.parley.social.connector.internal.inbox.InboxSchema;

/**
 * A reply the platform accepted whose SENT could not be recorded (issue 20) is never posted again:
 * the platform counts every post it accepts, and answers lookups with what it holds.
 */
class AcceptedNotRecordedTest {

    /** Accepts every post as p-1, p-2, ...; a lookup finds a post of the same text. */
    private static final class CountingPlatform implements SocialPlatform {
        final Map<String, String> posted = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger sends = new AtomicInteger();
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        public WebhookReply challenge(SocialAccount account, WebhookRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean verify(SocialAccount account, WebhookRequest request) {
            return false;
        }

        @Override
        public List<InboundMessage> parse(SocialAccount account, byte[] body) {
            return List.of();
        }

        @Override
        public SendResult send(SocialAccount account, OutboundMessage message) {
            String id = "p-" + sends.incrementAndGet();
            posted.put(message.text(), id);
            return SendResult.sent(id);
        }

        @Override
        public SentLookup findSent(SocialAccount account, OutboundMessage message, Instant since, Set<String> excluded) {
            lookups.incrementAndGet();
            return Optional.ofNullable(posted.get(message.text())).map(SentLookup::found).orElse(SentLookup.notFound());
        }
    }

    private final OutboundFixture f = new OutboundFixture();
    private final CountingPlatform platform = new CountingPlatform();
    /** While set, recording a delivery on the host fails (the database write after the platform accepted). */
    private final AtomicBoolean hostWritesFail = new AtomicBoolean();
    /** While set, the outbox cannot write the accepted platform id either (the same database down). */
    private final AtomicBoolean outboxWritesFail = new AtomicBoolean();
    private OutboxStore outbox;
    private ReplySender sender;
    private Ticket ticket;

    @BeforeEach
    void setUp() {
        f.db.migrator.migrate(InboxSchema.MODULE, InboxSchema.migrations(SqlDialect.H2));
        f.accounts.bindPlatform(platform, Map.of(SocialPlatform.PLATFORM, "x"));
        f.policy(Map.of());
        outbox = new OutboxStore(failingUpdates(f.db.dataSource(), outboxWritesFail), "local", Duration.ofMinutes(2));
        sender = new ReplySender(failingDeliveries(f.tickets, hostWritesFail), f.accounts, outbox,
                new SendGates(5, Duration.ofSeconds(30), 1000, 60_000), f.eventAdmin, OutboundFixture.config(Map.of()),
                f.clock);
        ticket = f.ticket("x", "42", Visibility.PRIVATE, "dm1", "help", OutboundFixture.NOW, Map.of());
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aSendWhoseSentCouldNotBeRecordedIsRecordedOnTheNextAttemptNotPostedAgain() {
        Message m = queue("your order shipped");
        hostWritesFail.set(true);
        sendClaimed(OutboundFixture.NOW);
        hostWritesFail.set(false);
        assertThat(platform.sends).hasValue(1);
        assertThat(stored(m).delivery()).isEqualTo(DeliveryState.QUEUED);

        sendClaimed(OutboundFixture.NOW.plusSeconds(5));
        assertThat(platform.sends).as("posted once").hasValue(1);
        assertThat(stored(m).delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(stored(m).externalId()).contains("p-1");
        assertThat(outbox.pending()).isZero();
    }

    @Test
    void whenTheOutboxCannotKeepThePlatformIdEitherTheReplyIsLookedUpAfterItsLeaseNotPostedAgain() {
        Message m = queue("a refund is on its way");
        hostWritesFail.set(true);
        outboxWritesFail.set(true);
        sendClaimed(OutboundFixture.NOW);
        hostWritesFail.set(false);
        outboxWritesFail.set(false);
        assertThat(platform.sends).hasValue(1);

        assertThat(outbox.claim(OutboundFixture.NOW.plusSeconds(30), 10)).as("held until its lease runs out").isEmpty();
        sendClaimed(OutboundFixture.NOW.plus(Duration.ofMinutes(3)));
        assertThat(platform.lookups).as("looked up on the platform first").hasValue(1);
        assertThat(platform.sends).as("posted once").hasValue(1);
        assertThat(stored(m).delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(stored(m).externalId()).contains("p-1");
    }

    @Test
    void aPlatformIdAnotherMessageAlreadyHoldsIsRecordedAsSentWithoutItNotPostedAgain() {
        f.customerWrites(ticket.id(), "x", "42", Visibility.PRIVATE, "p-1", "thanks", OutboundFixture.NOW);
        Message m = queue("you're welcome");
        sendClaimed(OutboundFixture.NOW);
        sendClaimed(OutboundFixture.NOW.plus(Duration.ofMinutes(3)));
        assertThat(platform.sends).as("posted once").hasValue(1);
        assertThat(stored(m).delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(outbox.pending()).isZero();
    }

    private Message queue(String text) {
        Message m = f.tickets.addMessage(ticket.id(), NewMessage.agentReply("bob", "x", Visibility.PRIVATE, text));
        outbox.enqueue(m.id(), ticket.id(), "acme", OutboundFixture.NOW);
        return m;
    }

    /** Claims what is due at {@code at} as the dispatcher does and sends it. */
    private void sendClaimed(Instant at) {
        outbox.claim(at, 10).forEach(sender::send);
    }

    private Message stored(Message m) {
        return f.tickets.getMessage(m.id()).orElseThrow();
    }

    private static TicketService failingDeliveries(TicketService tickets, AtomicBoolean fail) {
        return (TicketService) Proxy.newProxyInstance(TicketService.class.getClassLoader(),
                new Class<?>[] {TicketService.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("updateDeliver") && fail.get()) {
                        throw new IllegalStateException("the database is unavailable");
                    }
                    try {
                        return method.invoke(tickets, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A DataSource whose updates of an accepted platform id fail while {@code fail} is set. */
    private static DataSource failingUpdates(DataSource real, AtomicBoolean fail) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    if (!(result instanceof Connection c)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("prepareStatement") && fail.get()
                                        && String.valueOf(a[0]).contains("sent_as = ?")) {
                                    throw new SQLException("the database is unavailable");
                                }
                                return invoke(m, c, a);
                            });
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
