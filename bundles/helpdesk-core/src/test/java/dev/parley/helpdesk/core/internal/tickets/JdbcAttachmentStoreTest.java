package dev.parley.helpdesk.core.internal.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.helpdesk.core.internal.RecordedEvents;
import dev.parley.helpdesk.api.Attachment;
import dev.parley.helpdesk.api.AttachmentRejectedException;
import dev.parley.helpdesk.api.AttachmentState;
import dev.parley.helpdesk.api.AttachmentStore;
import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.Visibility;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.helpdesk.core.internal.attachments.UploadRefusedException;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;

class JdbcAttachmentStoreTest {

    private static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    private static final EventAdmin NO_EVENTS = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
        }

        @Override
        public void sendEvent(Event event) {
        }
    };

    @TempDir
    Path folder;
    private HikariDataSource pool;
    private JdbcSchemaMigrator migrator;
    private TicketCache cache;
    private JdbcTicketService tickets;
    private JdbcCustomerService customers;

    @BeforeEach
    void setUp() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        pool = StoreDataSource.pooled(h2, 4, 5_000);
        migrator = new JdbcSchemaMigrator(pool);
        cache = new TicketCache();
        tickets = new JdbcTicketService(pool, migrator, NO_EVENTS, Clock.systemUTC(), cache);
        customers = new JdbcCustomerService(pool, migrator, cache);
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    private JdbcAttachmentStore store(long maxFile, long maxTicket) {
        return new JdbcAttachmentStore(pool, migrator, cache, folder.resolve("attachments"), maxFile, maxTicket,
                Clock.systemUTC());
    }

    private Ticket ticketWith(String... sourceUrls) {
        Customer ann = customers.resolve(ChannelIdentity.of("messenger", "psid-1"), "psid-1");
        NewMessage first = NewMessage.inbound(ann, "messenger", Visibility.PRIVATE, "m-" + UUID.randomUUID(), "look",
                Instant.now()).withAttachments(List.of(sourceUrls).stream()
                        .map(u -> Attachment.pending(Attachment.UNKNOWN_MEDIA_TYPE, u)).toList());
        return tickets.create(NewTicket.of("look", "messenger", ann.id(), first));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aPendingAttachmentIsRegisteredWithItsMessage() {
        Ticket ticket = ticketWith("https://cdn.fbsbx.com/a.png");
        Attachment a = ticket.messages().get(0).attachments().get(0);
        assertThat(a.id()).isPresent();
        assertThat(a.state()).contains(AttachmentState.PENDING);
        assertThat(a.sourceUrl()).contains("https://cdn.fbsbx.com/a.png");
        assertThat(store(1000, 1000).due(Instant.now(), 10)).extracting(AttachmentStore.Pending::id)
                .containsExactly(a.id().get());
    }

    @Test
    void storedBytesGetTheirRealTypeSizeAndDigestAndTheTicketShowsThemAtOnce() throws Exception {
        Ticket ticket = ticketWith("https://cdn.fbsbx.com/a.png");
        long id = ticket.messages().get(0).attachments().get(0).id().orElseThrow();
        tickets.get(ticket.id()); // cached now: the store's change must still show
        JdbcAttachmentStore store = store(1_000, 10_000);

        store.store(id, Optional.of("text/html"), new ByteArrayInputStream(PNG));

        Attachment shown = tickets.get(ticket.id()).orElseThrow().messages().get(0).attachments().get(0);
        assertThat(shown.state()).contains(AttachmentState.STORED);
        assertThat(shown.mediaType()).isEqualTo("image/png");
        assertThat(shown.size()).contains((long) PNG.length);
        assertThat(shown.sha256()).contains(sha256(PNG));
        assertThat(shown.url()).isEqualTo("/api/attachments/" + id);
        assertThat(shown.sourceUrl()).contains("https://cdn.fbsbx.com/a.png");
        JdbcAttachmentStore.Served served = store.open(id).orElseThrow();
        assertThat(Files.readAllBytes(served.file())).isEqualTo(PNG);
        assertThat(served.file().getFileName().toString()).isEqualTo(sha256(PNG));
        assertThat(store.due(Instant.now(), 10)).isEmpty();
    }

    @Test
    void aFileOverTheLimitIsNotKept() throws IOException {
        Ticket ticket = ticketWith("https://cdn.fbsbx.com/big.bin");
        long id = ticket.messages().get(0).attachments().get(0).id().orElseThrow();
        JdbcAttachmentStore store = store(PNG.length - 1, 10_000);

        assertThatThrownBy(() -> store.store(id, Optional.of("image/png"), new ByteArrayInputStream(PNG)))
                .isInstanceOf(AttachmentRejectedException.class).hasMessageContaining("limit");
        try (var files = Files.walk(folder)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
        assertThat(store.open(id)).isEmpty();
    }

    @Test
    void aTicketsAttachmentsStayUnderTheTicketLimit() throws IOException {
        Ticket ticket = ticketWith("https://cdn.fbsbx.com/1.png", "https://cdn.fbsbx.com/2.pdf");
        List<Attachment> both = ticket.messages().get(0).attachments();
        JdbcAttachmentStore store = store(1_000, PNG.length + 10);
        store.store(both.get(0).id().orElseThrow(), Optional.empty(), new ByteArrayInputStream(PNG));

        byte[] pdf = "%PDF-1.4 a small document".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> store.store(both.get(1).id().orElseThrow(), Optional.empty(),
                new ByteArrayInputStream(pdf))).isInstanceOf(AttachmentRejectedException.class)
                .hasMessageContaining("ticket");
    }

    @Test
    void aFailedAttachmentShowsWhy() {
        Ticket ticket = ticketWith("https://evil.example/a.png");
        long id = ticket.messages().get(0).attachments().get(0).id().orElseThrow();
        JdbcAttachmentStore store = store(1_000, 1_000);

        store.fail(id, "host evil.example is not one of the account's media hosts");

        Attachment shown = tickets.get(ticket.id()).orElseThrow().messages().get(0).attachments().get(0);
        assertThat(shown.state()).contains(AttachmentState.FAILED);
        assertThat(shown.reason()).contains("host evil.example is not one of the account's media hosts");
        assertThat(store.due(Instant.now(), 10)).isEmpty();
        assertThat(store.open(id)).isEmpty();
    }

    @Test
    void aRetryWaitsUntilItsTime() {
        Ticket ticket = ticketWith("https://cdn.fbsbx.com/a.png");
        long id = ticket.messages().get(0).attachments().get(0).id().orElseThrow();
        JdbcAttachmentStore store = store(1_000, 1_000);

        store.retryLater(id, "the media host answered 503", Instant.now().plusSeconds(60));

        assertThat(store.due(Instant.now(), 10)).isEmpty();
        assertThat(store.due(Instant.now().plusSeconds(61), 10)).singleElement()
                .satisfies(p -> assertThat(p.attempts()).isEqualTo(1));
    }

    @Test
    void theMessageAddedEventCountsPendingAttachmentsSoFetchersReadNothingForOthers() {
        RecordedEvents capture = new RecordedEvents();
        List<Event> events = capture.events;
        tickets = new JdbcTicketService(pool, migrator, capture, Clock.systemUTC(), cache);
        Ticket ticket = ticketWith("https://cdn.fbsbx.com/1.png", "https://cdn.fbsbx.com/2.png");
        tickets.addMessage(ticket.id(), NewMessage.agentReply("agent", "messenger", Visibility.PRIVATE, "thanks"));

        assertThat(events).filteredOn(e -> e.getTopic().equals(dev.parley.helpdesk.api.TicketEvents.MESSAGE_ADDED))
                .extracting(e -> e.getProperty(dev.parley.helpdesk.api.TicketEvents.MESSAGE_PENDING_ATTACHMENTS))
                .containsExactly(2, 0);
    }

    @Test
    void aProfileUpdateShowsOnCachedTickets() {
        Ticket ticket = ticketWith();
        tickets.get(ticket.id()); // cached with the raw id as the name

        customers.updateProfile(new ChannelIdentity("messenger", "psid-1", Optional.empty()), "Ann Example",
                Optional.of("https://scontent.fbcdn.net/ann.jpg"));

        Customer requester = tickets.get(ticket.id()).orElseThrow().requester();
        assertThat(requester.displayName()).isEqualTo("Ann Example");
        assertThat(requester.avatarUrl()).contains("https://scontent.fbcdn.net/ann.jpg");
    }

    // agents' uploads

    private JdbcAttachmentStore.Upload upload(JdbcAttachmentStore store, Ticket ticket, String name, String type,
            byte[] bytes, long max) throws IOException {
        return store.upload(ticket.id(), ticket.channel(), name, Optional.ofNullable(type), "Ann Agent",
                new ByteArrayInputStream(bytes), max);
    }

    @Test
    void anUploadIsKeptUnderItsSanitizedNameWithTheTypeItsBytesShow() throws Exception {
        Ticket ticket = ticketWith();
        JdbcAttachmentStore store = store(1_000, 10_000);

        JdbcAttachmentStore.Upload up = upload(store, ticket, "..\\..\\etc/shot\r\nX-Evil: 1.png", "image/jpeg", PNG,
                1_000);

        assertThat(up.name()).isEqualTo("shotX-Evil 1.png".replace(" ", " ")).doesNotContain("\r", "\n", "/", "\\");
        assertThat(up.mediaType()).isEqualTo("image/png");
        assertThat(up.size()).isEqualTo(PNG.length);
        assertThat(store.storedFile(up.id())).map(AttachmentStore.StoredFile::sha256).contains(sha256(PNG));
        assertThat(store.uploadName(up.id())).contains(up.name());
        assertThat(store.open(up.id()).orElseThrow().name()).contains(up.name());
    }

    @Test
    void aFalsePictureAndAFileOverTheLimitAreRefusedAndLeaveNoFile() throws IOException {
        Ticket ticket = ticketWith();
        JdbcAttachmentStore store = store(1_000, 10_000);
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> upload(store, ticket, "cat.png", "image/png", html, 1_000))
                .isInstanceOfSatisfying(UploadRefusedException.class, e -> assertThat(e.status()).isEqualTo(415));
        assertThatThrownBy(() -> upload(store, ticket, "cat.svg", "image/svg+xml",
                "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8), 1_000))
                .isInstanceOfSatisfying(UploadRefusedException.class, e -> assertThat(e.status()).isEqualTo(415));
        assertThatThrownBy(() -> upload(store, ticket, "big.png", "image/png", PNG, PNG.length - 1))
                .isInstanceOfSatisfying(UploadRefusedException.class, e -> assertThat(e.status()).isEqualTo(413));
        try (var files = Files.walk(folder)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
        JdbcAttachmentStore.Upload page = upload(store, ticket, "page.html", "text/html", html, 1_000);
        assertThat(page.mediaType()).as("HTML is kept as bytes of no known type, never as HTML")
                .isEqualTo(Attachment.UNKNOWN_MEDIA_TYPE);
    }

    @Test
    void theTicketsTotalBoundsUploadsToo() throws IOException {
        Ticket ticket = ticketWith();
        JdbcAttachmentStore store = store(1_000, PNG.length + 10);
        upload(store, ticket, "a.png", "image/png", PNG, 1_000);
        assertThatThrownBy(() -> upload(store, ticket, "b.png", "image/png", PNG, 1_000))
                .isInstanceOfSatisfying(UploadRefusedException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void anUploadNoReplyCarriedIsSweptAndOneSentStays() throws Exception {
        Ticket ticket = ticketWith();
        JdbcAttachmentStore store = store(10_000, 100_000);
        byte[] other = Arrays.copyOf(PNG, PNG.length + 1);
        JdbcAttachmentStore.Upload sent = upload(store, ticket, "sent.png", "image/png", PNG, 10_000);
        JdbcAttachmentStore.Upload unused = upload(store, ticket, "unused.png", "image/png", other, 10_000);
        AttachmentStore.StoredFile file = store.storedFile(sent.id()).orElseThrow();
        Attachment carried = new Attachment(file.mediaType(), "/api/attachments/" + file.id(), Optional.of("sent.png"),
                Optional.of(file.size()), Optional.of(file.id()), Optional.of(AttachmentState.STORED), Optional.empty(),
                Optional.of(file.size()), Optional.of(file.sha256()), Optional.empty());
        tickets.addMessage(ticket.id(), NewMessage.agentReply("Ann Agent", ticket.channel(), Visibility.PRIVATE, "here")
                .withAttachments(List.of(carried)));

        assertThat(store.sweepOrphans(Instant.now().minusSeconds(60))).as("younger than the lifetime").isZero();
        assertThat(store.sweepOrphans(Instant.now().plusSeconds(1))).isEqualTo(1);

        assertThat(store.open(unused.id())).isEmpty();
        assertThat(store.open(sent.id())).isPresent();
        assertThat(Files.exists(folder.resolve("attachments").resolve(sha256(other).substring(0, 2))
                .resolve(sha256(other)))).as("the unused file is gone").isFalse();
    }

    @Test
    void anUnusedUploadsFileStaysWhileAnotherAttachmentHasTheSameContent() throws Exception {
        Ticket ticket = ticketWith("https://cdn.fbsbx.com/a.png");
        long inbound = ticket.messages().get(0).attachments().get(0).id().orElseThrow();
        JdbcAttachmentStore store = store(10_000, 100_000);
        store.store(inbound, Optional.empty(), new ByteArrayInputStream(PNG));
        JdbcAttachmentStore.Upload unused = upload(store, ticket, "same.png", "image/png", PNG, 10_000);

        assertThat(store.sweepOrphans(Instant.now().plusSeconds(1))).isEqualTo(1);

        assertThat(store.open(unused.id())).isEmpty();
        assertThat(store.open(inbound)).as("the customer's identical picture is still served").isPresent();
    }
}
