package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Two real parley.jar on one PostgreSQL, as behind a load balancer. The same signed webhooks go
 * to both nodes (some to one node only), node B is killed with {@code kill -9} in the middle of the
 * load while replies it took are queued and on the wire, and restarted; then every acknowledged
 * event is one ticket message, each conversation one ticket, every reply was posted to the platform
 * once, neither node logged a deadlock or a duplicate key, and node B's SLA stream shows a change
 * made through node A. Node A also runs the sandbox (the
 * platform both nodes send to), so the platform outlives node B and remembers what it received.
 */
public class MultiNodeIT {

    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final int EVENTS = 2000;
    private static final int CONVERSATIONS = 120;
    private static final int REPLIES_PER_ROUND = 30;

    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final Set<String> acked = ConcurrentHashMap.newKeySet();

    @Test
    public void everyWebhookAndReplyOnceAcrossTwoNodesWhenOneIsKilledAndRestarted() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE parley LOGIN PASSWORD 'pg-secret-2'");
                st.execute("CREATE DATABASE parley OWNER parley");
            }
            DataSource db = postgres.getDatabase("parley", "parley");
            int portA = RuntimeLayout.freePort();
            int portB = RuntimeLayout.freePort();
            Path homeA = home("node-a-", postgres);
            Path homeB = home("node-b-", postgres);
            Files.writeString(homeB.resolve("etc/dev.parley.social.sandbox.cfg"), "enabled=false\n");
            // node A's sandbox is the platform for both nodes
            Files.writeString(homeB.resolve("etc/dev.parley.social.account-sandbox-x.cfg"), String.join("\n",
                    "name=sandbox-x", "platform=x", "accountId=" + SignedWebhooks.X_USER_ID, "handle=acme",
                    "consumerSecret=" + SignedWebhooks.X_SECRET, "accessToken=sandbox-x-token", "mode=webhook",
                    "apiBaseUrl=http://127.0.0.1:" + portA + "/sandbox/x", ""));
            List<String> logsB = new ArrayList<>();
            try (ParleyProcess a = ParleyProcess.start(homeA, portA, "--sandbox")) {
                a.awaitReady(BOOT);
                awaitAccount(a);
                ApiClient sandbox = a.api();
                ExecutorService senders = Executors.newFixedThreadPool(12);
                // a platform that takes a moment per call: replies pile up in the outboxes, some are on the wire
                sandbox.post("/sandbox/api/faults", "{\"platform\":\"x\",\"api\":{\"delayMs\":300}}");
                List<Long> replies = new ArrayList<>();
                try {
                    ParleyProcess b = ParleyProcess.start(homeB, portB);
                    try {
                        // each customer writes first through the platform (the sandbox), which then lets us DM them
                        List<Future<?>> first = new ArrayList<>();
                        for (int c = 0; c < CONVERSATIONS; c++) {
                            String body = "{\"platform\":\"x\",\"kind\":\"dm\",\"authorId\":\"" + sender(c)
                                    + "\",\"authorHandle\":\"c" + c + "\",\"text\":\"first message\",\"receivesYourDm\":true}";
                            first.add(senders.submit(() -> assertEquals(200,
                                    sandbox.post("/sandbox/api/customer-posts?wait=true", body).status())));
                        }
                        await(first);
                        b.awaitReady(BOOT);
                        awaitAccount(b);
                        // phase 1: both nodes take the load; every fifth event only node B
                        List<Future<?>> phase1 = send(senders, 0, EVENTS / 2, portA, portB, true);
                        Await.condition("a third of the events acknowledged", Duration.ofSeconds(60),
                                () -> acked.size() >= EVENTS / 3);
                        replies.addAll(reply(b.api(), db, "b1"));
                        b.kill(); // kill -9, replies of node B still queued or on the wire, webhooks in flight
                        logsB.addAll(b.output());
                        assertTrue("the kill left replies of node B unsent", count(db, "SELECT COUNT(*) FROM messages "
                                + "WHERE delivery = 'SENT' AND id IN (" + replies.stream().map(String::valueOf)
                                        .collect(Collectors.joining(",")) + ")") < replies.size());
                        await(phase1);
                    } finally {
                        b.close();
                    }
                    // phase 2: node A alone while node B restarts
                    List<Future<?>> phase2 = send(senders, EVENTS / 2, EVENTS * 3 / 4, portA, portB, false);
                    b = ParleyProcess.start(homeB, portB);
                    try {
                        b.awaitReady(BOOT);
                        awaitAccount(b);
                        await(phase2);
                        // phase 3: both again, and node B gets the first quarter once more (a platform redelivering)
                        List<Future<?>> phase3 = send(senders, EVENTS * 3 / 4, EVENTS, portA, portB, true);
                        phase3.addAll(send(senders, 0, EVENTS / 4, portB, portB, false));
                        replies.addAll(reply(a.api(), db, "a2"));
                        replies.addAll(reply(b.api(), db, "b2"));
                        await(phase3);

                        assertEquals("every event acknowledged by a node", EVENTS, acked.size());
                        Await.condition("every acknowledged event on a ticket", Duration.ofSeconds(90),
                                () -> count(db, "SELECT COUNT(*) FROM social_inbox WHERE state <> 'DONE'") == 0
                                        && inboundIds(db).containsAll(acked));
                        Await.condition("every reply SENT", Duration.ofSeconds(90), () -> count(db,
                                "SELECT COUNT(*) FROM messages WHERE delivery = 'SENT' AND id IN ("
                                        + replies.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")")
                                == replies.size());

                        Set<String> inbound = inboundIds(db);
                        assertEquals("every acknowledged event once, nothing else", acked, inbound);
                        assertEquals("one inbox row per event", acked.size(), count(db,
                                "SELECT COUNT(*) FROM social_inbox WHERE external_id LIKE 'mn-" + run + "-%'"));
                        assertEquals("one ticket per conversation", 0, count(db, "SELECT COUNT(*) FROM (SELECT requester_id "
                                + "FROM tickets GROUP BY requester_id HAVING COUNT(*) > 1) t"));
                        assertEquals("every conversation has its ticket", CONVERSATIONS,
                                count(db, "SELECT COUNT(*) FROM tickets WHERE channel = 'x'"));
                        Map<String, Integer> posted = sentTexts(sandbox);
                        assertEquals("every reply reached the platform: " + posted, replies.size(), posted.size());
                        posted.forEach((text, times) -> assertEquals(text + " posted once", 1, (int) times));

                        // a browser on node B sees an SLA change made through node A (relayed through the database)
                        // and an agent's console on node B sees the ticket change itself
                        try (SlaEventStream stream = SlaEventStream.open(portB, ApiClient.adminToken(homeB));
                                SlaEventStream console = SlaEventStream.console(portB, ApiClient.adminToken(homeB))) {
                            long ticket = count(db, "SELECT MIN(id) FROM tickets");
                            ApiClient.Reply urgent = a.api().patch("/api/tickets/" + ticket, "{\"priority\":\"URGENT\"}");
                            assertEquals(urgent.body(), 200, urgent.status());
                            Await.condition("node B's SLA stream to show the change made through node A",
                                    Duration.ofSeconds(20), () -> stream.count("changed", ticket) > 0);
                            Await.condition("node B's console stream to show the change made through node A",
                                    Duration.ofSeconds(20), () -> console.events().stream().anyMatch(e -> e.name()
                                            .equals("ticket") && e.isFor(ticket) && e.data().contains("\"UPDATED\"")
                                            && e.data().contains("\"URGENT\"")));
                        }
                        assertEquals(0, b.terminate(Duration.ofSeconds(30)));
                        logsB.addAll(b.output());
                    } finally {
                        b.close();
                    }
                } finally {
                    senders.shutdownNow();
                }
                assertEquals(0, a.terminate(Duration.ofSeconds(30)));
                assertClean("node A", a.output());
                assertClean("node B", logsB);
            }
        }
    }

    private static Path home(String prefix, EmbeddedPostgres postgres) throws Exception {
        Path home = RuntimeLayout.newWorkDir(prefix);
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/dev.parley.helpdesk.store.cfg"), "url = jdbc:postgresql://localhost:"
                + postgres.getPort() + "/parley\nuser = parley\npassword = pg-secret-2\n");
        // a killed node's inbox claims and outbox claims are taken over after these leases: short ones keep it short
        Files.writeString(home.resolve("etc/dev.parley.social.processor.cfg"), "leaseSeconds=5\n");
        Files.writeString(home.resolve("etc/dev.parley.social.outbound.cfg"),
                "claimLeaseSeconds=10\nreconcileDelayMillis=500\n");
        return home;
    }

    private static void awaitAccount(ParleyProcess node) {
        Await.condition("the X account on " + node.home(), Duration.ofSeconds(30),
                () -> node.api().get("/api/social/accounts/sandbox-x").status() == 200);
    }

    /**
     * Sends events [from, to): each to node A and node B ({@code both}), or only to {@code second};
     * with {@code both}, every fifth event goes to node B only. A delivery no node acknowledged is
     * sent to node A, as the platform would redeliver it.
     */
    private List<Future<?>> send(ExecutorService senders, int from, int to, int portA, int portB, boolean both) {
        List<Future<?>> sent = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int event = i;
            sent.add(senders.submit(() -> {
                String id = "mn-" + run + "-" + event;
                String sender = sender(event % CONVERSATIONS);
                String body = SignedWebhooks.xDirectMessage(id, sender, "c" + (event % CONVERSATIONS),
                        "hello number " + event);
                boolean ok = false;
                if (!both) {
                    ok = post(portB, body);
                } else {
                    ok = post(portB, body);
                    if (event % 5 != 0) {
                        ok |= post(portA, body);
                    }
                }
                if (!ok) {
                    ok = post(portA, body);
                }
                if (ok) {
                    acked.add(id);
                }
            }));
        }
        return sent;
    }

    private static String sender(int conversation) {
        return "7" + String.format(Locale.ROOT, "%08d", conversation);
    }

    private static boolean post(int port, String body) {
        try {
            HttpResponse<String> response = new SignedWebhooks(port).postX(body);
            return response.statusCode() == 200;
        } catch (IllegalStateException refused) {
            return false; // the node is down or went down mid-request: not acknowledged
        }
    }

    /** Posts a DM reply on each of the first tickets through {@code api}; returns the replies' message ids. */
    private List<Long> reply(ApiClient api, DataSource db, String round) throws SQLException {
        List<Long> tickets = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM tickets ORDER BY id LIMIT " + REPLIES_PER_ROUND)) {
            while (rs.next()) {
                tickets.add(rs.getLong(1));
            }
        }
        List<Long> replies = new ArrayList<>();
        for (long ticket : tickets) {
            ApiClient.Reply reply = api.post("/api/tickets/" + ticket + "/messages",
                    "{\"text\":\"reply " + run + " " + round + " " + ticket + "\",\"visibility\":\"PRIVATE\"}");
            assertEquals(reply.body(), 201, reply.status());
            replies.add(reply.json().get("id").asLong());
        }
        return replies;
    }

    private static void await(List<Future<?>> futures) throws Exception {
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    private Set<String> inboundIds(DataSource db) {
        Set<String> ids = new HashSet<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT external_id FROM messages WHERE channel = 'x' "
                        + "AND direction = 'INBOUND' AND external_id LIKE 'mn-" + run + "-%'")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private static long count(DataSource db, String sql) {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Texts of the reply DMs the platform accepted, with how many times each was posted. */
    private Map<String, Integer> sentTexts(ApiClient sandbox) {
        Map<String, Integer> texts = new HashMap<>();
        for (JsonNode call : sandbox.get("/sandbox/api/sent?platform=x").json().path("sent")) {
            String text = call.path("body").path("text").asText("");
            if (call.path("path").asText().startsWith("/2/dm_conversations/") && call.path("status").asInt() == 201
                    && text.startsWith("reply " + run + " ")) {
                texts.merge(text, 1, Integer::sum);
            }
        }
        return texts;
    }

    private static void assertClean(String node, List<String> log) {
        List<String> bad = log.stream().filter(l -> {
            String line = l.toLowerCase(Locale.ROOT);
            return line.contains("deadlock") || line.contains("duplicate key");
        }).toList();
        assertTrue(node + " logged a deadlock or a duplicate key: " + bad, bad.isEmpty());
    }
}
