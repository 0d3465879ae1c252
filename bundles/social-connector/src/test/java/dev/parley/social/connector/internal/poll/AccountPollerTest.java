package dev.parley.social.connector.internal.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.PollResult;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialAuthor;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.WebhookReply;
import dev.parley.social.api.WebhookRequest;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.AccountHealth;
import dev.parley.social.connector.internal.account.ConfiguredAccount;
import dev.parley.social.connector.internal.inbox.JdbcSocialInbox;
import dev.parley.social.connector.internal.inbox.TestDatabase;

/** The poller's own duties, with a scripted platform: store before moving the cursor, back off on failure. */
class AccountPollerTest {

    static final SocialAccount ACME = new SocialAccount("acme", "poll", "4337869213", Optional.of("acme"), null, null,
            null, Optional.of("user-token"), ReceiveMode.POLL, null);

    private TestDatabase db;
    private JdbcSocialInbox inbox;
    private final Deque<Supplier<PollResult>> script = new ArrayDeque<>();

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        inbox = JdbcSocialInbox.create(db.dataSource(), db.migrator, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        inbox.close();
        db.close();
    }

    static InboundMessage message(String id) {
        return new InboundMessage("poll", "acme", "poll", "dm:1", id, MessageKind.MESSAGE, Optional.empty(),
                SocialAuthor.of("3001969357"), "hello " + id, List.of(), MessageVisibility.PRIVATE, Optional.empty(),
                Instant.parse("2026-11-23T09:58:00Z"));
    }

    @Test
    void pollerStoresBeforeMovingTheCursorAndBacksOffOnFailure() {
        AccountDirectory directory = new AccountDirectory();
        directory.bindPlatform(new ScriptedPlatform(), Map.of(SocialPlatform.PLATFORM, "poll"));
        directory.add(ConfiguredAccount.of(ACME, Duration.ofSeconds(60), directory));
        AccountPoller poller = new AccountPoller(directory, inbox, Clock.systemUTC());
        PollResult page = new PollResult(List.of(message("1"), message("2")), "after=2", Optional.empty(),
                Optional.empty());
        script.add(() -> page);
        poller.pollAllNow();
        assertThat(inbox.counts().pending()).isEqualTo(2);
        assertThat(inbox.pollCursor("acme")).contains("after=2");
        AccountHealth health = directory.health("acme");
        assertThat(health.pollingState()).isEqualTo(AccountHealth.PollingState.WAITING);

        script.add(() -> page); // the same page again: nothing new is stored
        poller.pollAllNow();
        assertThat(inbox.counts().pending()).isEqualTo(2);

        script.add(() -> {
            throw new IllegalStateException("the platform answered 503");
        });
        poller.pollAllNow();
        assertThat(health.pollingState()).isEqualTo(AccountHealth.PollingState.FAILING);
        assertThat(health.pollFailures()).isEqualTo(1);
        assertThat(health.lastError()).get().satisfies(e -> assertThat(e.message()).contains("503"));
        assertThat(inbox.pollCursor("acme")).contains("after=2");
        poller.stop();
    }

    @Test
    void aLongPollingAccountIsPolledAgainAtOnceNotAfterItsInterval() {
        AccountDirectory directory = new AccountDirectory();
        ScriptedPlatform longPolling = new ScriptedPlatform();
        longPolling.longPolls = true;
        directory.bindPlatform(longPolling, Map.of(SocialPlatform.PLATFORM, "poll"));
        directory.add(ConfiguredAccount.of(ACME, Duration.ofSeconds(60), directory));
        AccountPoller poller = new AccountPoller(directory, inbox, Clock.systemUTC());
        script.add(() -> new PollResult(List.of(message("1")), "after=1", Optional.empty(), Optional.empty()));
        Instant before = Instant.now();
        poller.pollAllNow();
        assertThat(directory.health("acme").nextPollAt()).get().satisfies(next -> assertThat(next)
                .isBefore(before.plusSeconds(5)));
        script.add(() -> {
            throw new IllegalStateException("the platform stopped while polling");
        });
        poller.pollAllNow();
        assertThat(directory.health("acme").nextPollAt()).get().satisfies(next -> assertThat(next)
                .as("backs off from a second, not from the minute interval").isBefore(Instant.now().plusSeconds(5)));
        poller.stop();
    }

    /** Answers each poll with the next scripted result. */
    private final class ScriptedPlatform implements SocialPlatform {
        boolean longPolls;

        @Override
        public boolean longPolls(SocialAccount account) {
            return longPolls;
        }

        @Override
        public WebhookReply challenge(SocialAccount account, WebhookRequest request) {
            return WebhookReply.of(400, "text/plain", "no webhooks");
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
        public boolean canPoll() {
            return true;
        }

        @Override
        public PollResult poll(SocialAccount account, String cursor) {
            return script.remove().get();
        }

        @Override
        public SendResult send(SocialAccount account, OutboundMessage message) {
            throw new UnsupportedOperationException();
        }
    }
}
