package dev.parley.social.connector.internal.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.TicketEvents;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.core.internal.tickets.JdbcCustomerService;
import dev.parley.helpdesk.core.internal.tickets.JdbcTicketService;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.LookedUpMessage;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.WebhookReply;
import dev.parley.social.api.WebhookRequest;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.ConfiguredAccount;
import dev.parley.social.connector.internal.inbox.TestDatabase;

/** Against the real ticket store: a mention's placeholder completed, or kept with its reason and retried. */
class MessageLookupsTest {

    /** A platform whose lookups fail until told otherwise, remembering what it was asked. */
    private static final class MentionPlatform implements SocialPlatform {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Map<String, String>> asked = new AtomicReference<>();
        volatile boolean up;
        volatile LookedUpMessage answer = new LookedUpMessage("@acme my order never came", Optional.of("jane.ig"),
                Optional.empty(), Optional.of("https://www.instagram.com/p/B1/"), Optional.empty());

        @Override
        public Optional<LookedUpMessage> lookupMessage(SocialAccount account, String channel,
                Map<String, String> properties) throws IOException {
            calls.incrementAndGet();
            asked.set(properties);
            if (!up) {
                throw new IOException("Meta answered 500 to the mention lookup");
            }
            return Optional.of(answer);
        }

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
            throw new UnsupportedOperationException();
        }
    }

    private final MentionPlatform platform = new MentionPlatform();
    private TestDatabase db;
    private JdbcTicketService tickets;
    private JdbcCustomerService customers;
    private MessageLookups lookups;
    private AccountDirectory accounts;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        EventAdmin none = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
            }

            @Override
            public void sendEvent(Event event) {
            }
        };
        tickets = new JdbcTicketService(db.pool, db.migrator, none);
        customers = new JdbcCustomerService(db.pool, db.migrator);
        accounts = new AccountDirectory();
        accounts.bindPlatform(platform, Map.of(SocialPlatform.PLATFORM, "meta", SocialPlatform.CHANNELS, "instagram"));
        accounts.add(ConfiguredAccount.of(new SocialAccount("acme-fb", "meta", "PAGE", Optional.empty(),
                Optional.empty(), Optional.of("s"), Optional.of("t"), Optional.of("token"), ReceiveMode.WEBHOOK,
                Optional.empty()), Duration.ofMinutes(1), accounts));
        lookups = new MessageLookups(tickets, customers, accounts, config(3),
                Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        lookups.stop();
        db.close();
    }

    private long mention() {
        return mention("mention", "C1");
    }

    private long mention(String subject, String commentId) {
        Customer who = customers.resolve(ChannelIdentity.of("instagram", "mention:" + commentId), "mention:" + commentId);
        NewMessage m = NewMessage.inbound(who, "instagram", Visibility.PUBLIC, "mention:" + commentId,
                "[mentioned you in a comment on media M1]", Instant.parse("2026-12-06T11:59:00Z"))
                .withProperties(Map.of("social.platform", "meta", "social.account", "acme-fb",
                        "social.authorId", "mention:" + commentId, "social.needsLookup", "true",
                        "social.mention.commentId", commentId, "social.mention.mediaId", "M1",
                        "social.mention.igUserId", "IG1"));
        return tickets.create(NewTicket.of(subject, "instagram", who.id(), m)).messages().get(0).id();
    }

    @Test
    void aFoundMentionReplacesThePlaceholderWithItsTextAuthorAndLink() {
        platform.up = true;
        long id = mention();

        lookups.attempt(id);

        Message m = tickets.getMessage(id).orElseThrow();
        assertThat(platform.asked.get()).containsEntry("mention.commentId", "C1").containsEntry("mention.igUserId", "IG1");
        assertThat(m.text()).isEqualTo("@acme my order never came");
        assertThat(m.author().name()).isEqualTo("jane.ig");
        assertThat(m.properties()).doesNotContainKey("social.needsLookup")
                .containsEntry("social.permalink", "https://www.instagram.com/p/B1/")
                .containsEntry("social.authorHandle", "jane.ig").containsKey("social.lookedUpAt");
        Customer requester = customers.findByIdentity("instagram", "mention:C1").orElseThrow();
        assertThat(requester.displayName()).isEqualTo("jane.ig");

        lookups.attempt(id);
        assertThat(platform.calls).as("a completed message is not looked up again").hasValue(1);
    }

    @Test
    void aFailedLookupKeepsThePlaceholderWithTheReasonAndIsGivenUpVisiblyAfterTheLastAttempt() {
        long id = mention();

        lookups.attempt(id);
        Message first = tickets.getMessage(id).orElseThrow();
        assertThat(first.text()).isEqualTo("[mentioned you in a comment on media M1]");
        assertThat(first.properties()).containsEntry("social.needsLookup", "true")
                .containsEntry("social.lookupError", "Meta answered 500 to the mention lookup")
                .containsEntry("social.lookupAttempts", "1").doesNotContainKey("social.lookupFailedAt");

        lookups.attempt(id);
        lookups.attempt(id);
        Message last = tickets.getMessage(id).orElseThrow();
        assertThat(last.properties()).containsEntry("social.lookupAttempts", "3")
                .containsEntry("social.lookupFailedAt", "2026-12-06T12:00:00Z");
        lookups.attempt(id);
        assertThat(platform.calls).as("given up: no more calls").hasValue(3);
    }

    @Test
    void aLookupThatFailedOnceSucceedsOnItsRetry() {
        long id = mention();
        lookups.attempt(id);
        platform.up = true;
        lookups.attempt(id);
        Message m = tickets.getMessage(id).orElseThrow();
        assertThat(m.text()).isEqualTo("@acme my order never came");
        assertThat(m.properties()).doesNotContainKeys("social.needsLookup", "social.lookupError", "social.lookupAttempts");
    }

    @Test
    void aLookupWaitingForItsRetryIsTriedAgainAfterARestartAndItsTicketTagGoesWhenDone() {
        long id = mention();
        lookups.attempt(id);
        long ticket = tickets.getMessage(id).orElseThrow().ticketId();
        assertThat(tickets.get(ticket).orElseThrow().tags()).as("waiting for its retry").contains("lookup-pending");

        lookups.stop(); // a restart: the scheduled retry is gone with the old component
        platform.up = true;
        lookups = new MessageLookups(tickets, customers, accounts, config(3),
                Clock.fixed(Instant.parse("2026-12-06T13:00:00Z"), ZoneOffset.UTC));
        lookups.resumePending();

        awaitTrue(() -> tickets.getMessage(id).orElseThrow().text().equals("@acme my order never came"));
        awaitTrue(() -> !tickets.get(ticket).orElseThrow().tags().contains("lookup-pending"));
    }

    @Test
    void aGivenUpLookupReleasesItsTicketTag() {
        long id = mention();
        lookups.attempt(id);
        lookups.attempt(id);
        lookups.attempt(id);
        long ticket = tickets.getMessage(id).orElseThrow().ticketId();
        assertThat(tickets.getMessage(id).orElseThrow().properties()).containsKey("social.lookupFailedAt");
        assertThat(tickets.get(ticket).orElseThrow().tags()).doesNotContain("lookup-pending");
    }

    @Test
    void messagesThatNeedNoLookupAreLeftAlone() {
        platform.up = true;
        Customer who = customers.resolve(ChannelIdentity.of("instagram", "IGU1"), "jane");
        long id = tickets.create(NewTicket.of("hi", "instagram", who.id(), NewMessage.inbound(who, "instagram",
                Visibility.PUBLIC, "c-1", "hi", Instant.now()).withProperties(Map.of("social.account", "acme-fb"))))
                .messages().get(0).id();
        lookups.attempt(id);
        assertThat(platform.calls).hasValue(0);
    }

    @Test
    void aTicketTitledByThePlaceholderTakesTheLookedUpTextAsItsSubject() {
        platform.up = true;
        long id = mention("[mentioned you in a comment on media M1]", "C2");
        lookups.attempt(id);
        assertThat(tickets.get(tickets.getMessage(id).orElseThrow().ticketId()).orElseThrow().subject())
                .isEqualTo("@acme my order never came");

        long renamed = mention("Instagram mention, VIP", "C3");
        lookups.attempt(renamed);
        assertThat(tickets.get(tickets.getMessage(renamed).orElseThrow().ticketId()).orElseThrow().subject())
                .as("a subject an agent chose stays").isEqualTo("Instagram mention, VIP");
    }

    /** A Page comment whose webhook had no from: its own anonymous customer, as social-inbox stores it. */
    private Message anonymousComment(String commentId) {
        Customer anonymous = customers.resolve(ChannelIdentity.of("facebook", "anonymous:" + commentId),
                "Anonymous commenter");
        NewMessage m = NewMessage.inbound(anonymous, "facebook", Visibility.PUBLIC, commentId, "where is my order?",
                Instant.parse("2026-12-06T11:59:00Z")).withProperties(Map.of("social.platform", "meta",
                        "social.account", "acme-fb", "social.authorId", "anonymous:" + commentId,
                        "social.authorName", "Anonymous commenter", "social.anonymous", "true",
                        "social.needsLookup", "true", "social.feed.commentId", commentId));
        return tickets.create(NewTicket.of("where is my order?", "facebook", anonymous.id(), m)).messages().get(0);
    }

    @Test
    void aCommentsAuthorFoundByTheApiBecomesItsAnonymousCustomerWhenNewToUs() {
        platform.up = true;
        platform.answer = new LookedUpMessage("", Optional.empty(), Optional.of("Jane Doe"),
                Optional.of("https://www.facebook.com/PAGE/posts/1?comment_id=C9"), Optional.empty(),
                Optional.of("6789012345"));
        Message comment = anonymousComment("PAGE_1_C9");

        lookups.attempt(comment.id());

        assertThat(platform.asked.get()).containsEntry("feed.commentId", "PAGE_1_C9");
        Message m = tickets.getMessage(comment.id()).orElseThrow();
        assertThat(m.text()).as("the webhook's text stays").isEqualTo("where is my order?");
        assertThat(m.author().name()).isEqualTo("Jane Doe");
        assertThat(m.properties()).containsEntry("social.authorId", "6789012345")
                .doesNotContainKeys("social.anonymous", "social.needsLookup");
        Customer jane = customers.findByIdentity("facebook", "6789012345").orElseThrow();
        assertThat(jane.id()).as("the comment's own customer took the identity").isEqualTo(m.author().customerId()
                .orElseThrow());
        assertThat(jane.displayName()).isEqualTo("Jane Doe");
        assertThat(tickets.get(m.ticketId()).orElseThrow().requester().id()).isEqualTo(jane.id());
    }

    @Test
    void aCommentsAuthorWeKnowBecomesTheTicketsRequester() {
        platform.up = true;
        Customer jane = customers.resolve(ChannelIdentity.of("facebook", "6789012345"), "Jane Doe");
        platform.answer = new LookedUpMessage("", Optional.empty(), Optional.of("Jane Doe"), Optional.empty(),
                Optional.empty(), Optional.of("6789012345"));
        Message comment = anonymousComment("PAGE_1_C10");

        lookups.attempt(comment.id());

        assertThat(tickets.get(comment.ticketId()).orElseThrow().requester().id()).isEqualTo(jane.id());
        assertThat(tickets.getMessage(comment.id()).orElseThrow().properties())
                .containsEntry("social.authorId", "6789012345");
    }

    @Test
    void aCommentNodeWithoutAnAuthorLeavesTheCommentAnonymous() {
        platform.up = true;
        platform.answer = new LookedUpMessage("", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        Message comment = anonymousComment("PAGE_1_C11");

        lookups.attempt(comment.id());

        Message m = tickets.getMessage(comment.id()).orElseThrow();
        assertThat(m.properties()).containsEntry("social.authorId", "anonymous:PAGE_1_C11")
                .containsEntry("social.anonymous", "true").doesNotContainKey("social.needsLookup");
        assertThat(m.author().name()).isEqualTo("Anonymous commenter");
    }

    @Test
    void anEventNamingTheMessagesPropertiesSparesTheReadOfMessagesWithoutALookup() {
        assertThat(MessageLookups.mayNeedLookup(new Event("parley/ticket/MESSAGE_ADDED",
                Map.of(TicketEvents.MESSAGE_PROPERTY_KEYS, new String[] {"social.account", "social.authorId"}))))
                .isFalse();
        assertThat(MessageLookups.mayNeedLookup(new Event("parley/ticket/MESSAGE_ADDED",
                Map.of(TicketEvents.MESSAGE_PROPERTY_KEYS, new String[] {"social.needsLookup"})))).isTrue();
        assertThat(MessageLookups.mayNeedLookup(new Event("parley/ticket/MESSAGE_ADDED", Map.of())))
                .as("an older host does not name them: read").isTrue();
    }

    /** The resumed lookup runs on the component's own thread. */
    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static LookupConfig config(int attempts) {
        return new LookupConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LookupConfig.class;
            }

            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public int attempts() {
                return attempts;
            }

            @Override
            public int retrySeconds() {
                return 3600; // the scheduled retries never run during a test; attempts are driven by hand
            }
        };
    }
}
