package dev.parley.social.connector.internal.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.store.SqlDialect;
import dev.parley.social.connector.internal.inbox.InboxSchema;
import dev.parley.social.connector.internal.inbox.TestPostgres;

/** Two nodes' outboxes on one PostgreSQL: each reply claimed by one node, in order per ticket, taken over after a lease. */
class SharedOutboxPostgresTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static TestPostgres postgres;

    private TestPostgres.Node nodeA;
    private TestPostgres.Node nodeB;
    private OutboxStore outboxA;
    private OutboxStore outboxB;

    @BeforeAll
    static void start() throws Exception {
        postgres = new TestPostgres();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        postgres.freshDatabase();
        nodeA = postgres.node();
        nodeB = postgres.node();
        nodeA.migrator().migrate(InboxSchema.MODULE, InboxSchema.migrations(SqlDialect.POSTGRESQL));
        outboxA = new OutboxStore(nodeA.pool(), "node-a", LEASE);
        outboxB = new OutboxStore(nodeB.pool(), "node-b", LEASE);
    }

    @AfterEach
    void tearDown() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void bothNodesAdoptingTheSameReplyAddItOnce() {
        assertThat(outboxA.enqueue(1, 10, "acme", NOW)).isTrue();
        assertThat(outboxB.enqueue(1, 10, "acme", NOW)).as("no duplicate-key error: ON CONFLICT DO NOTHING").isFalse();
        assertThat(outboxA.pending()).isEqualTo(1);
    }

    @Test
    void concurrentClaimsOfTwoNodesHandOutEachReplyOnceAndATicketsRepliesInOrder() throws Exception {
        claimConcurrently(outbox -> outbox.claim(NOW, 20));
    }

    @Test
    void claimsOfSeveralRepliesPerConversationKeepEachConversationInOrderAcrossNodes() throws Exception {
        claimConcurrently(outbox -> outbox.claim(NOW, 20, 4, true, List.of(), List.of()));
    }

    private void claimConcurrently(java.util.function.Function<OutboxStore, List<OutboxStore.Entry>> claim)
            throws Exception {
        for (long id = 1; id <= 300; id++) {
            outboxA.enqueue(id, id % 50, "acme", NOW); // 50 tickets, 6 replies each
        }
        Set<Long> sent = ConcurrentHashMap.newKeySet();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (OutboxStore outbox : List.of(outboxA, outboxB, outboxA, outboxB)) {
                loops.add(nodes.submit(() -> {
                    for (List<OutboxStore.Entry> batch; !(batch = claim.apply(outbox)).isEmpty();) {
                        for (OutboxStore.Entry e : batch) {
                            // every earlier reply of its ticket must be sent already
                            for (long earlier = e.messageId() - 50; earlier > 0; earlier -= 50) {
                                if (!sent.contains(earlier)) {
                                    problems.add(e.messageId() + " before " + earlier);
                                }
                            }
                            if (!outbox.inFlight(e.messageId(), NOW)) {
                                problems.add(e.messageId() + " not held by its claimer");
                            }
                            if (!sent.add(e.messageId())) {
                                problems.add(e.messageId() + " twice");
                            }
                            outbox.remove(e.messageId());
                        }
                    }
                }));
            }
            for (Future<?> f : loops) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            nodes.shutdownNow();
        }
        assertThat(problems).isEmpty();
        assertThat(sent).hasSize(300);
    }

    @Test
    void aKilledNodesRepliesAreTakenOverAfterTheLeaseAndLookedUpFirstWhenTheyMayHaveLeft() {
        outboxA.enqueue(1, 10, "acme", NOW);
        outboxA.enqueue(2, 20, "acme", NOW);
        assertThat(outboxA.claim(NOW, 10)).hasSize(2);
        assertThat(outboxA.inFlight(1, NOW)).isTrue(); // reply 1's request left, then node A was killed
        assertThat(outboxB.claim(NOW.plusSeconds(30), 10)).as("A's lease still runs").isEmpty();

        List<OutboxStore.Entry> takenOver = outboxB.claim(NOW.plus(LEASE).plusSeconds(1), 10);
        assertThat(takenOver).extracting(OutboxStore.Entry::messageId).containsExactly(1L, 2L);
        assertThat(takenOver.get(0).uncertain()).as("it may have been posted: look it up first").isTrue();
        assertThat(takenOver.get(1).uncertain()).as("never left").isFalse();
        assertThat(outboxA.inFlight(2, NOW.plus(LEASE).plusSeconds(2))).as("A, back late, must not send it").isFalse();
    }

    @Test
    void aRestartedNodeTakesItsOwnClaimsBackAtOnceAndLeavesTheOthers() {
        outboxA.enqueue(1, 10, "acme", NOW);
        outboxA.enqueue(2, 20, "acme", NOW);
        assertThat(outboxA.claim(NOW, 1)).hasSize(1);
        assertThat(outboxB.claim(NOW, 1)).hasSize(1);
        assertThat(outboxA.inFlight(1, NOW)).isTrue();
        OutboxStore restartedA = new OutboxStore(nodeA.pool(), "node-a", LEASE);
        assertThat(restartedA.recoverOwn(NOW)).isEqualTo(1);
        List<OutboxStore.Entry> again = restartedA.claim(NOW, 10);
        assertThat(again).extracting(OutboxStore.Entry::messageId).containsExactly(1L);
        assertThat(again.get(0).uncertain()).isTrue();
    }
}
