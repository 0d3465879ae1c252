package dev.parley.social.connector.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.core.internal.tickets.JdbcCustomerService;
import dev.parley.helpdesk.core.internal.tickets.JdbcTicketService;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.SocialProfile;
import dev.parley.social.api.WebhookReply;
import dev.parley.social.api.WebhookRequest;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.ConfiguredAccount;
import dev.parley.social.connector.internal.inbox.TestDatabase;

class ProfileLookupsTest {

    /** A platform whose profile API fails until told otherwise, counting the calls. */
    private static final class ProfilePlatform implements SocialPlatform {
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean up;

        @Override
        public Optional<SocialProfile> lookupProfile(SocialAccount account, String channel, String userId)
                throws IOException {
            calls.incrementAndGet();
            if (!up) {
                throw new IOException("Meta answered 500 to the user profile request");
            }
            return Optional.of(new SocialProfile(userId, Optional.of("Ann Example"), Optional.empty(),
                    Optional.of("https://platform-lookaside.fbsbx.com/ann.jpg")));
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

    private static final class Manual extends Clock {
        volatile Instant now = Instant.parse("2026-12-06T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final Manual clock = new Manual();
    private final ProfilePlatform platform = new ProfilePlatform();
    private TestDatabase db;
    private JdbcTicketService tickets;
    private JdbcCustomerService customers;
    private ProfileLookups lookups;

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
        AccountDirectory accounts = new AccountDirectory();
        accounts.bindPlatform(platform, Map.of(SocialPlatform.PLATFORM, "meta", SocialPlatform.CHANNELS, "messenger"));
        accounts.add(ConfiguredAccount.of(new SocialAccount("acme-fb", "meta", "PAGE", Optional.empty(),
                Optional.empty(), Optional.of("s"), Optional.of("t"), Optional.of("token"), ReceiveMode.WEBHOOK,
                Optional.empty()), Duration.ofMinutes(1), accounts));
        lookups = new ProfileLookups(tickets, customers, accounts, config(), clock);
    }

    @AfterEach
    void tearDown() {
        lookups.stop();
        db.close();
    }

    private long messageFrom(String psid, String mid) {
        Customer who = customers.resolve(ChannelIdentity.of("messenger", psid), psid);
        NewMessage m = NewMessage.inbound(who, "messenger", Visibility.PRIVATE, mid, "hello", clock.now)
                .withProperties(Map.of("social.platform", "meta", "social.account", "acme-fb", "social.authorId", psid));
        Ticket ticket = tickets.create(NewTicket.of("hello", "messenger", who.id(), m));
        return ticket.messages().get(0).id();
    }

    private Customer customer(String psid) {
        return customers.findByIdentity("messenger", psid).orElseThrow();
    }

    @Test
    void aFailedLookupChangesNothingAndIsTriedAgainWithALaterMessage() {
        lookups.lookUpAuthorOf(messageFrom("psid-1", "mid.1"));
        assertThat(customer("psid-1").displayName()).isEqualTo("psid-1");

        platform.up = true;
        lookups.lookUpAuthorOf(messageFrom("psid-1", "mid.2"));
        assertThat(platform.calls).as("not before the retry period").hasValue(1);

        clock.now = clock.now.plus(Duration.ofMinutes(10));
        lookups.lookUpAuthorOf(messageFrom("psid-1", "mid.3"));
        Customer ann = customer("psid-1");
        assertThat(ann.displayName()).isEqualTo("Ann Example");
        assertThat(ann.avatarUrl()).contains("https://platform-lookaside.fbsbx.com/ann.jpg");
    }

    @Test
    void aProfileIsAskedForOncePerDay() {
        platform.up = true;
        lookups.lookUpAuthorOf(messageFrom("psid-2", "mid.a"));
        lookups.lookUpAuthorOf(messageFrom("psid-2", "mid.b"));
        clock.now = clock.now.plus(Duration.ofHours(23));
        lookups.lookUpAuthorOf(messageFrom("psid-2", "mid.c"));
        assertThat(platform.calls).hasValue(1);
        clock.now = clock.now.plus(Duration.ofHours(1));
        lookups.lookUpAuthorOf(messageFrom("psid-2", "mid.d"));
        assertThat(platform.calls).hasValue(2);
    }

    @Test
    void anAuthorTheWebhookNamedCostsNoLookup() {
        platform.up = true;
        Customer named = customers.resolve(ChannelIdentity.of("messenger", "psid-3"), "Cleo From The Webhook");
        NewMessage m = NewMessage.inbound(named, "messenger", Visibility.PRIVATE, "mid.n", "hi", clock.now)
                .withProperties(Map.of("social.platform", "meta", "social.account", "acme-fb", "social.authorId", "psid-3",
                        "social.authorName", "Cleo From The Webhook"));
        long messageId = tickets.create(NewTicket.of("hi", "messenger", named.id(), m)).messages().get(0).id();

        lookups.lookUpAuthorOf(messageId);

        assertThat(platform.calls).hasValue(0);
        assertThat(customer("psid-3").displayName()).isEqualTo("Cleo From The Webhook");
    }

    private static ProfileConfig config() {
        return new ProfileConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ProfileConfig.class;
            }

            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public long ttlMinutes() {
                return 1440;
            }

            @Override
            public long retryMinutes() {
                return 10;
            }

            @Override
            public int maxEntries() {
                return 1000;
            }
        };
    }
}
