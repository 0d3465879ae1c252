package dev.parley.social.connector.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
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

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.InboxEvent;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.SocialAuthor;

/** Two nodes' inboxes on one PostgreSQL, as two parley.jar behind a load balancer. */
class SharedInboxPostgresTest {

    private static TestPostgres postgres;

    private final JdbcSocialInboxTest.MutableClock clock = new JdbcSocialInboxTest.MutableClock(
            Instant.parse("2026-12-06T10:00:00Z"));
    private TestPostgres.Node nodeA;
    private TestPostgres.Node nodeB;
    private JdbcSocialInbox inboxA;
    private JdbcSocialInbox inboxB;

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
        inboxA = JdbcSocialInbox.create(nodeA.pool(), nodeA.migrator(), clock);
        inboxB = JdbcSocialInbox.create(nodeB.pool(), nodeB.migrator(), clock);
    }

    @AfterEach
    void tearDown() {
        inboxA.close();
        inboxB.close();
        nodeA.close();
        nodeB.close();
    }

    private static InboundMessage dm(String conversation, String id) {
        return new InboundMessage("x", "acme", "x", conversation, id, MessageKind.MESSAGE, Optional.empty(),
                new SocialAuthor("2", Optional.of("jane"), Optional.empty(), OptionalLong.empty(), false,
                        Optional.empty()), "hello " + id, List.of(), MessageVisibility.PRIVATE, Optional.empty(),
                Instant.parse("2026-12-06T09:59:00Z"));
    }

    @Test
    void theSameWebhooksDeliveredToBothNodesAtOnceAreStoredOnceWithoutAnError() throws Exception {
        List<List<InboundMessage>> deliveries = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            // deliveries of two events, so groups overlap in different orders on the two nodes
            deliveries.add(List.of(dm("dm:" + (i % 30), "e" + i), dm("dm:" + ((i + 1) % 30), "e" + ((i + 1) % 600))));
        }
        ExecutorService webhooks = Executors.newFixedThreadPool(32);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (JdbcSocialInbox node : List.of(inboxA, inboxB)) {
                List<List<InboundMessage>> shuffled = new ArrayList<>(deliveries);
                Collections.shuffle(shuffled, new Random(node == inboxA ? 1 : 2));
                for (List<InboundMessage> delivery : shuffled) {
                    results.add(webhooks.submit(() -> node.store(delivery)));
                }
            }
            int added = 0;
            for (Future<Integer> f : results) {
                added += f.get(60, TimeUnit.SECONDS); // a deadlock or duplicate-key error would fail here
            }
            assertThat(added).as("each event counted new once, on whichever node stored it first").isEqualTo(600);
        } finally {
            webhooks.shutdownNow();
        }
        assertThat(inboxA.counts().pending()).isEqualTo(600);
    }

    @Test
    void twoNodesClaimingAtOnceNeverTakeTheSameEventNorTheSameConversation() throws Exception {
        for (int i = 0; i < 400; i++) {
            inboxA.store(List.of(dm("dm:" + (i % 40), "e" + i)));
        }
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        ExecutorService processors = Executors.newFixedThreadPool(4);
        try {
            List<Future<Set<String>>> conversations = new ArrayList<>();
            for (JdbcSocialInbox node : List.of(inboxA, inboxB, inboxA, inboxB)) {
                conversations.add(processors.submit(() -> {
                    Set<String> mine = new HashSet<>();
                    for (List<InboxEvent> batch; !(batch = node.claim(7, Duration.ofMinutes(5))).isEmpty();) {
                        for (InboxEvent e : batch) {
                            if (!seen.add(e.id())) {
                                duplicates.add("event " + e.id());
                            }
                            mine.add(e.message().conversationKey());
                        }
                    }
                    return mine;
                }));
            }
            List<Set<String>> held = new ArrayList<>();
            for (Future<Set<String>> f : conversations) {
                held.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(duplicates).isEmpty();
            // no claim is completed here, so a conversation claimed once stays with that claimer: never two
            for (int i = 0; i < held.size(); i++) {
                for (int j = i + 1; j < held.size(); j++) {
                    assertThat(held.get(i)).as("claimers %d and %d", i, j).doesNotContainAnyElementsOf(held.get(j));
                }
            }
            assertThat(held.stream().mapToInt(Set::size).sum()).as("every conversation, each by one claimer")
                    .isEqualTo(40);
        } finally {
            processors.shutdownNow();
        }
        // a claim may take several events of a conversation no one holds; the others wait until it is done
        assertThat(seen.size()).as("events of held conversations wait for their holder").isLessThan(400);
        inboxA.completeAll(seen.stream().collect(java.util.stream.Collectors.toMap(id -> id, id -> "done")));
        assertThat(inboxB.claim(400, Duration.ofMinutes(5))).as("then the rest").hasSize(400 - seen.size());
    }

    @Test
    void aDeadNodesClaimsAreTakenOverOnceTheirLeaseRunsOut() {
        inboxA.store(List.of(dm("dm:1", "a"), dm("dm:2", "b")));
        List<InboxEvent> claimedByA = inboxA.claim(10, Duration.ofSeconds(30));
        assertThat(claimedByA).hasSize(2);
        // node A is killed here: nothing completes or releases its claims
        inboxB.store(List.of(dm("dm:1", "c"))); // a follow-up in a conversation A holds
        assertThat(inboxB.claim(10, Duration.ofSeconds(30))).as("A's lease runs; its conversations wait").isEmpty();
        clock.advance(Duration.ofSeconds(31));
        List<InboxEvent> takenOver = inboxB.claim(10, Duration.ofSeconds(30));
        assertThat(takenOver).extracting(e -> e.message().externalId()).containsExactlyInAnyOrder("a", "b", "c");
    }
}
