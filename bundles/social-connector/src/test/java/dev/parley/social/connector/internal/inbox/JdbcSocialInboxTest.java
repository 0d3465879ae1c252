package dev.parley.social.connector.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.InboxCounts;
import dev.parley.social.api.InboxEvent;
import dev.parley.social.api.InboxState;
import dev.parley.social.api.MediaAttachment;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.SocialAuthor;

class JdbcSocialInboxTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private TestDatabase db;
    private JdbcSocialInbox inbox;

    static InboundMessage dm(String id) {
        return new InboundMessage("x", "acme", "x", "dm:1-2", id, MessageKind.MESSAGE, Optional.of("direct_message_events"),
                new SocialAuthor("2", Optional.of("jane"), Optional.of("Jane 😀"), OptionalLong.of(5), true, Optional.of(true)),
                "where is my bag? 😢", List.of(new MediaAttachment("photo", "https://x/y.jpg")), MessageVisibility.PRIVATE,
                Optional.of("1"), Instant.parse("2026-11-23T09:59:00Z"));
    }

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        inbox = JdbcSocialInbox.create(db.dataSource(), db.migrator, clock);
    }

    @AfterEach
    void tearDown() {
        inbox.close();
        db.close();
    }

    @Test
    void storesOncePerPlatformAccountAndExternalId() {
        assertThat(inbox.store(List.of(dm("a"), dm("b")))).isEqualTo(2);
        assertThat(inbox.store(List.of(dm("a")))).isZero();
        InboundMessage otherAccount = new InboundMessage("x", "other", "x", "dm:1-2", "a", MessageKind.MESSAGE,
                null, SocialAuthor.of("2"), "hi", null, MessageVisibility.PRIVATE, null, Instant.now());
        assertThat(inbox.store(List.of(otherAccount))).isEqualTo(1);
        assertThat(inbox.counts().pending()).isEqualTo(3);
    }

    @Test
    void concurrentDuplicateDeliveriesStoreOneRow() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            results.add(pool.submit(() -> inbox.store(List.of(dm("same")))));
        }
        int stored = 0;
        for (Future<Integer> f : results) {
            stored += f.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(stored).isEqualTo(1);
        assertThat(inbox.counts().pending()).isEqualTo(1);
    }

    @Test
    void claimedMessageRoundTripsEveryField() {
        inbox.store(List.of(dm("a")));
        InboxEvent event = inbox.claim(10, Duration.ofMinutes(1)).get(0);
        assertThat(event.message()).isEqualTo(dm("a"));
        assertThat(event.state()).isEqualTo(InboxState.CLAIMED);
        assertThat(event.receivedAt()).isEqualTo(clock.instant());
    }

    @Test
    void claimsAreExclusiveOldestFirstAndExpireAfterTheirLease() {
        inbox.store(IntStream.range(0, 5).mapToObj(i -> dm("m" + i)).toList());
        List<InboxEvent> first = inbox.claim(3, Duration.ofSeconds(30));
        assertThat(first).extracting(e -> e.message().externalId()).containsExactly("m0", "m1", "m2");
        assertThat(inbox.claim(10, Duration.ofSeconds(30))).extracting(e -> e.message().externalId())
                .containsExactly("m3", "m4");
        assertThat(inbox.claim(10, Duration.ofSeconds(30))).isEmpty();
        assertThat(inbox.counts().claimed()).isEqualTo(5);

        inbox.complete(first.get(0).id(), "ticket 1");
        clock.advance(Duration.ofSeconds(31)); // the claimer vanished: its leases ran out
        assertThat(inbox.claim(10, Duration.ofSeconds(30))).extracting(e -> e.message().externalId())
                .containsExactly("m1", "m2", "m3", "m4");
    }

    @Test
    void claimsTheLongestDueFirst() {
        inbox.store(List.of(dm("a"), dm("b")));
        List<InboxEvent> first = inbox.claim(2, Duration.ofSeconds(30));
        inbox.retry(first.get(0).id(), "ticket service down", clock.instant().plusSeconds(10));
        inbox.retry(first.get(1).id(), "ticket service down", clock.instant().plusSeconds(5));
        inbox.store(List.of(dm("c")));
        clock.advance(Duration.ofSeconds(20));
        List<String> claimedInTurn = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // a batch is handed out in the order received
            claimedInTurn.add(inbox.claim(1, Duration.ofSeconds(30)).get(0).message().externalId());
        }
        assertThat(claimedInTurn).containsExactly("c", "b", "a");
    }

    @Test
    void countsEveryStateAtOnce() {
        inbox.store(IntStream.range(0, 10).mapToObj(i -> dm("c" + i)).toList());
        List<InboxEvent> claimed = inbox.claim(6, Duration.ofSeconds(30));
        inbox.complete(claimed.get(0).id(), "ticket 1");
        inbox.complete(claimed.get(1).id(), "ticket 1");
        inbox.complete(claimed.get(2).id(), "ticket 1");
        inbox.park(claimed.get(3).id(), "unsupported");

        InboxCounts counts = inbox.counts();
        assertThat(List.of(counts.pending(), counts.claimed(), counts.parked(), counts.done()))
                .containsExactly(4L, 2L, 1L, 3L);
    }

    @Test
    void concurrentClaimersNeverShareAnEvent() throws Exception {
        inbox.store(IntStream.range(0, 300).mapToObj(i -> dm("c" + i)).toList());
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        List<Long> duplicates = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(pool.submit(() -> {
                List<InboxEvent> batch;
                while (!(batch = inbox.claim(7, Duration.ofMinutes(5))).isEmpty()) {
                    for (InboxEvent e : batch) {
                        if (!seen.add(e.id())) {
                            synchronized (duplicates) {
                                duplicates.add(e.id());
                            }
                        }
                        inbox.complete(e.id(), "ok");
                    }
                }
            }));
        }
        for (Future<?> f : workers) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(duplicates).isEmpty();
        assertThat(seen).hasSize(300);
        assertThat(inbox.counts().done()).isEqualTo(300);
    }

    @Test
    void retryWaitsParkKeepsTheReasonAndReplayMakesItPendingAgain() {
        inbox.store(List.of(dm("r")));
        InboxEvent event = inbox.claim(1, Duration.ofMinutes(1)).get(0);
        inbox.retry(event.id(), "ticket service down", clock.instant().plusSeconds(10));
        assertThat(inbox.claim(1, Duration.ofMinutes(1))).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        event = inbox.claim(1, Duration.ofMinutes(1)).get(0);
        assertThat(event.attempts()).isEqualTo(1);
        assertThat(event.lastError()).contains("ticket service down");

        inbox.park(event.id(), "gave up after 2 attempts: ticket service down");
        assertThat(inbox.counts().parked()).isEqualTo(1);
        assertThat(inbox.parked(10)).singleElement().satisfies(p -> {
            assertThat(p.state()).isEqualTo(InboxState.PARKED);
            assertThat(p.lastError()).contains("gave up after 2 attempts: ticket service down");
        });
        assertThat(inbox.claim(1, Duration.ofMinutes(1))).isEmpty();

        assertThat(inbox.replay(event.id())).isTrue();
        assertThat(inbox.replay(event.id())).isFalse();
        InboxEvent replayed = inbox.claim(1, Duration.ofMinutes(1)).get(0);
        assertThat(replayed.attempts()).isZero();
        inbox.park(replayed.id(), "again");
        assertThat(inbox.replayParked()).isEqualTo(1);
    }

    @Test
    void releaseGivesClaimsBackWithoutCountingAnAttempt() {
        inbox.store(List.of(dm("x1"), dm("x2")));
        List<InboxEvent> claimed = inbox.claim(2, Duration.ofMinutes(10));
        inbox.release(claimed.stream().map(InboxEvent::id).toList());
        assertThat(inbox.claim(5, Duration.ofMinutes(1))).hasSize(2).allSatisfy(e -> assertThat(e.attempts()).isZero());
    }

    @Test
    void completingAStaleClaimDoesNotResurrectAHandledEvent() {
        inbox.store(List.of(dm("s")));
        InboxEvent event = inbox.claim(1, Duration.ofMinutes(1)).get(0);
        inbox.complete(event.id(), "ticket 7");
        inbox.retry(event.id(), "late failure from a stale worker", clock.instant());
        assertThat(inbox.get(event.id())).get().extracting(InboxEvent::state).isEqualTo(InboxState.DONE);
    }

    @Test
    void activityAndRetention() {
        inbox.store(List.of(dm("old")));
        clock.advance(Duration.ofDays(1));
        inbox.store(List.of(dm("new")));
        AccountActivity activity = inbox.activity("acme", clock.instant().minus(Duration.ofHours(1)));
        assertThat(activity.eventsSince()).isEqualTo(1);
        assertThat(activity.pending()).isEqualTo(2);
        assertThat(activity.lastEventAt()).contains(clock.instant());
        assertThat(inbox.activity("nobody", clock.instant()).lastEventAt()).isEmpty();

        inbox.claim(10, Duration.ofMinutes(1)).forEach(e -> inbox.complete(e.id(), "ok"));
        assertThat(inbox.deleteHandledBefore(clock.millis() + 1)).isEqualTo(2);
        assertThat(inbox.counts().done()).isZero();
    }

    @Test
    void pollCursorIsPersisted() {
        assertThat(inbox.pollCursor("acme")).isEmpty();
        inbox.savePollCursor("acme", "x", "mentions=1;dms=2");
        inbox.savePollCursor("acme", "x", "mentions=3;dms=4");
        assertThat(JdbcSocialInbox.create(db.dataSource(), db.migrator, clock).pollCursor("acme")).contains("mentions=3;dms=4");
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
