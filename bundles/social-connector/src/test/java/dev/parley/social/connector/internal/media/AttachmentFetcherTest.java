package dev.parley.social.connector.internal.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import com.sun.net.httpserver.HttpServer;

import dev.parley.helpdesk.api.Attachment;
import dev.parley.helpdesk.api.AttachmentState;
import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.core.internal.tickets.JdbcAttachmentStore;
import dev.parley.helpdesk.core.internal.tickets.JdbcCustomerService;
import dev.parley.helpdesk.core.internal.tickets.JdbcTicketService;
import dev.parley.helpdesk.core.internal.tickets.TicketCache;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.ConfiguredAccount;
import dev.parley.social.connector.internal.inbox.TestDatabase;

/** The connector's download worker against the host's real store and a local media server. */
class AttachmentFetcherTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D};

    @TempDir
    Path folder;
    private HttpServer server;
    private String base;
    private TestDatabase db;
    private JdbcTicketService tickets;
    private JdbcCustomerService customers;
    private JdbcAttachmentStore store;
    private AttachmentFetcher fetcher;

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/photo.png", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, PNG.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(PNG);
            }
        });
        server.createContext("/busy", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        db = new TestDatabase();
        TicketCache cache = new TicketCache();
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
        store = new JdbcAttachmentStore(db.pool, db.migrator, cache, folder, 1_000, 10_000, Clock.systemUTC());
        AccountDirectory accounts = new AccountDirectory();
        accounts.add(ConfiguredAccount.of(new SocialAccount("acme-fb", "meta", "PAGE", Optional.empty(),
                Optional.empty(), Optional.of("s"), Optional.of("t"), Optional.of("token"), ReceiveMode.WEBHOOK,
                Optional.of(base + "/graph")), Duration.ofMinutes(1), accounts, List.of("fbcdn.net")));
        fetcher = new AttachmentFetcher(store, tickets, accounts, config(2), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        fetcher.stop();
        server.stop(0);
        db.close();
    }

    private Ticket ticketWith(String sourceUrl) {
        return ticketWith(sourceUrl, "acme-fb");
    }

    private Ticket ticketWith(String sourceUrl, String account) {
        Customer ann = customers.resolve(ChannelIdentity.of("messenger", "psid-1"), "psid-1");
        NewMessage first = NewMessage.inbound(ann, "messenger", Visibility.PRIVATE, "mid-" + sourceUrl.hashCode(),
                "look", Instant.now()).withAttachments(List.of(Attachment.pending(Attachment.UNKNOWN_MEDIA_TYPE,
                        sourceUrl))).withProperties(Map.of("social.account", account));
        return tickets.create(NewTicket.of("look", "messenger", ann.id(), first));
    }

    private Attachment attachmentOf(Ticket ticket) {
        return tickets.getMessage(ticket.messages().get(0).id()).orElseThrow().attachments().get(0);
    }

    @Test
    void aPictureOnTheAccountsHostIsStored() {
        Ticket ticket = ticketWith(base + "/photo.png");
        fetcher.fetchPendingOf(ticket.messages().get(0).id());
        Attachment a = attachmentOf(ticket);
        assertThat(a.state()).contains(AttachmentState.STORED);
        assertThat(a.mediaType()).isEqualTo("image/png");
    }

    @Test
    void aHostOutsideTheAccountsMediaHostsFailsAtOnceWithTheReason() {
        Ticket ticket = ticketWith("https://evil.example/photo.png");
        fetcher.fetchPendingOf(ticket.messages().get(0).id());
        Attachment a = attachmentOf(ticket);
        assertThat(a.state()).contains(AttachmentState.FAILED);
        assertThat(a.reason()).get().asString().contains("evil.example is not one of the account's media hosts");
    }

    @Test
    void aBusyHostIsTriedAgainLaterThenGivenUp() {
        Ticket ticket = ticketWith(base + "/busy");
        fetcher.fetchPendingOf(ticket.messages().get(0).id());
        assertThat(attachmentOf(ticket).state()).contains(AttachmentState.PENDING);
        assertThat(store.due(Instant.now(), 10)).isEmpty();

        var due = store.due(Instant.now().plus(Duration.ofMinutes(1)), 10);
        assertThat(due).singleElement().satisfies(p -> assertThat(p.attempts()).isEqualTo(1));
        fetcher.fetch(due.get(0));

        Attachment a = attachmentOf(ticket);
        assertThat(a.state()).contains(AttachmentState.FAILED);
        assertThat(a.reason()).contains("the media host answered 503 (2 attempts)");
    }

    /** A platform naming media by id, as Telegram does: resolved right before the download, its URL never kept. */
    @Test
    void mediaNamedByIdAreResolvedBeforeTheDownloadAndKeepTheirSource() {
        AccountDirectory accounts = new AccountDirectory();
        accounts.add(ConfiguredAccount.of(new SocialAccount("acme-tg", "telegram", "7", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("7:secret"), ReceiveMode.POLL,
                Optional.of(base + "/bot")), Duration.ofMinutes(1), accounts));
        accounts.bindPlatform(new dev.parley.social.api.SocialPlatform() {
            @Override
            public dev.parley.social.api.WebhookReply challenge(SocialAccount a, dev.parley.social.api.WebhookRequest r) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean verify(SocialAccount a, dev.parley.social.api.WebhookRequest r) {
                return false;
            }

            @Override
            public List<dev.parley.social.api.InboundMessage> parse(SocialAccount a, byte[] body) {
                return List.of();
            }

            @Override
            public dev.parley.social.api.SendResult send(SocialAccount a, dev.parley.social.api.OutboundMessage m) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String resolveMedia(SocialAccount a, String url) {
                if (url.endsWith(":gone")) {
                    throw new IllegalStateException("Telegram refused getFile (400): Bad Request: file is too big");
                }
                return url.equals("telegram-file:abc") ? base + "/photo.png" : url;
            }
        }, Map.of("parley.social.platform", "telegram"));
        AttachmentFetcher resolving = new AttachmentFetcher(store, tickets, accounts, config(2), Clock.systemUTC());
        try {
            Ticket ticket = ticketWith("telegram-file:abc", "acme-tg");
            resolving.fetchPendingOf(ticket.messages().get(0).id());
            Attachment a = attachmentOf(ticket);
            assertThat(a.state()).contains(AttachmentState.STORED);
            assertThat(a.sourceUrl()).contains("telegram-file:abc");

            Ticket gone = ticketWith("telegram-file:gone", "acme-tg");
            resolving.fetchPendingOf(gone.messages().get(0).id());
            assertThat(attachmentOf(gone).state()).contains(AttachmentState.FAILED);
            assertThat(attachmentOf(gone).reason()).get().asString().contains("file is too big");
        } finally {
            resolving.stop();
        }
    }

    @Test
    void aResolvedUrlNeverAppearsInAReason() {
        String secret = "http://127.0.0.1:1/file/bot7:secret/photos/a.jpg";
        assertThat(((MediaDownloader.Failed) AttachmentFetcher.withoutUrl(new MediaDownloader.Failed(
                "download failed: connect to " + secret), secret, "telegram-file:a")).reason())
                .isEqualTo("download failed: connect to telegram-file:a");
        assertThat(((MediaDownloader.Refused) AttachmentFetcher.withoutUrl(new MediaDownloader.Refused(
                "bad " + secret), secret, "telegram-file:a")).reason()).doesNotContain("secret");
    }

    private static MediaConfig config(int attempts) {
        return new MediaConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MediaConfig.class;
            }

            @Override
            public int attempts() {
                return attempts;
            }

            @Override
            public int retrySeconds() {
                return 30;
            }

            @Override
            public int timeoutMillis() {
                return 5_000;
            }

            @Override
            public int maxRedirects() {
                return 3;
            }

            @Override
            public int threads() {
                return 1;
            }

            @Override
            public int sweepSeconds() {
                return 10;
            }
        };
    }
}
