package dev.parley.social.connector.internal.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.api.store.SqlDialect;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SentLookup;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialEvents;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.WebhookReply;
import dev.parley.social.api.WebhookRequest;
import dev.parley.social.connector.internal.inbox.InboxSchema;

/** Outcomes of one send attempt, against the real ticket store and outbox table with a scripted platform. */
class ReplySenderTest {

    /** A platform whose sends answer from a script and whose lookups answer {@link #lookup}. */
    private static final class ScriptedPlatform implements SocialPlatform {
        final Deque<SendResult> results = new ArrayDeque<>();
        SentLookup lookup = SentLookup.notFound();
        int sends;

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
            sends++;
            return results.remove();
        }

        @Override
        public SentLookup findSent(SocialAccount account, OutboundMessage message, java.time.Instant since,
                java.util.Set<String> excluded) {
            return lookup;
        }
    }

    private final OutboundFixture f = new OutboundFixture();
    private final ScriptedPlatform platform = new ScriptedPlatform();
    private OutboxStore outbox;
    private ReplySender sender;
    private Ticket ticket;

    @BeforeEach
    void setUp() {
        f.db.migrator.migrate(InboxSchema.MODULE, InboxSchema.migrations(SqlDialect.H2));
        f.accounts.bindPlatform(platform, Map.of(SocialPlatform.PLATFORM, "x"));
        f.policy(Map.of());
        outbox = new OutboxStore(f.db.dataSource());
        OutboundConfig config = OutboundFixture.config(Map.of("maxAttempts", 3, "authFailuresBeforeDegraded", 2));
        sender = new ReplySender(f.tickets, f.accounts, outbox, new SendGates(5, Duration.ofSeconds(30), 1000, 60_000),
                f.eventAdmin, config, f.clock);
        ticket = f.ticket("x", "42", Visibility.PRIVATE, "dm1", "help", OutboundFixture.NOW, Map.of());
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Message queue(String text) {
        Message m = f.tickets.addMessage(ticket.id(), NewMessage.agentReply("bob", "x", Visibility.PRIVATE, text));
        outbox.enqueue(m.id(), ticket.id(), "acme", OutboundFixture.NOW);
        return m;
    }

    /** Runs every attempt that is due by {@code at}. */
    private void sendDue(java.time.Instant at) {
        outbox.due(at, 100).forEach(sender::send);
    }

    private Message stored(Message m) {
        return f.tickets.getMessage(m.id()).orElseThrow();
    }

    @Test
    void retriesUntilSentThenRecordsThePlatformIdOnce() {
        Message m = queue("one");
        platform.results.addAll(List.of(SendResult.retry("503", Optional.empty()), SendResult.sent("p-1")));
        sendDue(OutboundFixture.NOW);
        assertThat(stored(m).delivery()).isEqualTo(DeliveryState.QUEUED);
        sendDue(OutboundFixture.NOW.plusSeconds(5));
        assertThat(stored(m).delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(stored(m).externalId()).contains("p-1");
        assertThat(outbox.pending()).isZero();
        assertThat(f.accounts.health("acme").sending().sentCount()).isEqualTo(1);
    }

    @Test
    void aRefusalFailsTheMessageWithThePlatformsReasonAndGivingUpDoesToo() {
        Message refused = queue("two");
        platform.results.add(SendResult.refused("X refused the message (403): blocked"));
        sendDue(OutboundFixture.NOW);
        assertThat(stored(refused).delivery()).isEqualTo(DeliveryState.FAILED);
        assertThat(stored(refused).deliveryDetail()).contains("X refused the message (403): blocked");

        Message doomed = queue("three");
        platform.results.addAll(List.of(SendResult.retry("500", Optional.empty()), SendResult.retry("500", Optional.empty()),
                SendResult.retry("500", Optional.empty())));
        for (int i = 0; i < 3; i++) {
            sendDue(OutboundFixture.NOW.plus(Duration.ofHours(i)));
        }
        assertThat(stored(doomed).delivery()).isEqualTo(DeliveryState.FAILED);
        assertThat(stored(doomed).deliveryDetail().orElseThrow()).startsWith("gave up after 3 attempts");
        assertThat(f.accounts.health("acme").sending().failedCount()).isEqualTo(2);
    }

    @Test
    void repeatedAuthFailuresMarkTheAccountDegradedAtOnceAndKeepTheReplyQueued() {
        Message m = queue("four");
        platform.results.addAll(List.of(SendResult.authFailed("401 token expired"), SendResult.authFailed("401 token expired"),
                SendResult.sent("p-4")));
        sendDue(OutboundFixture.NOW);
        assertThat(f.accounts.health("acme").sending().degraded()).isEmpty();
        sendDue(OutboundFixture.NOW.plus(Duration.ofMinutes(2)));
        assertThat(f.accounts.health("acme").sending().degraded()).isPresent();
        assertThat(f.events).filteredOn(e -> e.getTopic().equals(SocialEvents.ACCOUNT_DEGRADED)).singleElement()
                .satisfies(e -> assertThat(e.getProperty(SocialEvents.ACCOUNT)).isEqualTo("acme"));
        assertThat(stored(m).delivery()).isEqualTo(DeliveryState.QUEUED);
        assertThat(stored(m).deliveryDetail().orElseThrow()).contains("token expired");
        sendDue(OutboundFixture.NOW.plus(Duration.ofMinutes(4)));
        assertThat(stored(m).delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(f.accounts.health("acme").sending().degraded()).isEmpty();
    }

    @Test
    void aReplyWaitsQueuedWithAReasonWhileItsPlatformPluginIsAwayAndIsSentOnceItIsBack() {
        Message m = queue("six");
        f.accounts.unbindPlatform(platform, Map.of(SocialPlatform.PLATFORM, "x"));
        sendDue(OutboundFixture.NOW);
        assertThat(stored(m).delivery()).isEqualTo(DeliveryState.QUEUED);
        assertThat(stored(m).deliveryDetail().orElseThrow()).contains("x platform plugin is not installed");
        assertThat(platform.sends).isZero();
        assertThat(outbox.pending()).isEqualTo(1);

        sendDue(OutboundFixture.NOW.plusSeconds(1));
        assertThat(outbox.due(OutboundFixture.NOW.plusSeconds(1), 10)).as("it waits, not busy-retrying").isEmpty();

        f.accounts.bindPlatform(platform, Map.of(SocialPlatform.PLATFORM, "x"));
        assertThat(outbox.wakeWaitingForPlatform(OutboundFixture.NOW.plusSeconds(1))).isEqualTo(1);
        platform.results.add(SendResult.sent("p-6"));
        sendDue(OutboundFixture.NOW.plusSeconds(1));
        assertThat(stored(m).delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(stored(m).externalId()).contains("p-6");
    }

    @Test
    void aSendWithAnUnknownOutcomeIsLookedUpAndNotPostedTwice() {
        Message m = queue("five");
        platform.results.add(SendResult.unknown("no answer from X: Read timed out"));
        sendDue(OutboundFixture.NOW);
        assertThat(platform.sends).isEqualTo(1);
        platform.lookup = SentLookup.found("p-5");
        sendDue(OutboundFixture.NOW.plus(Duration.ofMinutes(1)));
        assertThat(platform.sends).isEqualTo(1);
        assertThat(stored(m).delivery()).isEqualTo(DeliveryState.SENT);
        assertThat(stored(m).deliveryDetail()).contains("p-5");
    }

    @Test
    void theBreakerPausesAnAccountAfterFailuresInARowAndBackoffHasJitterWithinBounds() {
        SendGates gates = new SendGates(3, Duration.ofSeconds(30), 1000, 8000);
        assertThat(gates.failed("acme", OutboundFixture.NOW)).isEmpty();
        assertThat(gates.failed("acme", OutboundFixture.NOW)).isEmpty();
        assertThat(gates.failed("acme", OutboundFixture.NOW)).contains(OutboundFixture.NOW.plusSeconds(30));
        assertThat(gates.closedUntil("acme", "dm", OutboundFixture.NOW.plusSeconds(10))).isPresent();
        assertThat(gates.closedUntil("other", "dm", OutboundFixture.NOW)).isEmpty();
        gates.succeeded("acme");
        assertThat(gates.closedUntil("acme", "dm", OutboundFixture.NOW)).isEmpty();
        gates.rateLimited("acme", "post", OutboundFixture.NOW.plusSeconds(60));
        assertThat(gates.closedUntil("acme", "post", OutboundFixture.NOW)).contains(OutboundFixture.NOW.plusSeconds(60));
        assertThat(gates.closedUntil("acme", "dm", OutboundFixture.NOW)).isEmpty();
        for (int attempt = 1; attempt <= 6; attempt++) {
            long expected = Math.min(8000, 1000L << (attempt - 1));
            assertThat(gates.backoff(attempt).toMillis()).isBetween(expected / 2, expected);
        }
    }
}
