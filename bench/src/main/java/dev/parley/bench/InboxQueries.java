package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

import org.h2.jdbcx.JdbcDataSource;

import dev.parley.helpdesk.core.internal.store.ConnectionPool;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.InboxEvent;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.SocialAuthor;
import dev.parley.social.connector.internal.inbox.JdbcSocialInbox;

/**
 * What the social inbox's read paths cost as the inbox grows: the counts behind
 * {@code GET /api/social/inbox}, one account's activity behind {@code GET /api/social/accounts},
 * and a processor's claim of a batch with a backlog pending (as many arriving as it completes). Fills an embedded H2 file database
 * through {@link JdbcSocialInbox} itself with {@code events} events received evenly over the last
 * {@code days} days (as kept for retention), all handled (DONE) but the newest {@code pending}, then
 * times each call (median of many, after a warm-up), with a write between calls as in a live inbox
 * (H2 would otherwise answer from its query cache).
 * Usage: InboxQueries [events=100000] [pending=5000] [days=7]
 */
public final class InboxQueries {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int pending = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        Path dir = Files.createTempDirectory("parley-inbox-bench");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("parley") + ";DB_CLOSE_ON_EXIT=FALSE");
        ConnectionPool pool = new ConnectionPool(h2, 8, 10_000, "bench");
        Instant now = Instant.now();
        Instant[] time = {now.minus(Duration.ofDays(days))};
        // received_at and due_at come from the inbox's clock: the fill walks it forward, then it runs in real time
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return time[0] == null ? Instant.now() : time[0];
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        JdbcSocialInbox inbox = JdbcSocialInbox.create(pool, new JdbcSchemaMigrator(pool), clock);
        try {
            Duration step = Duration.ofDays(days).dividedBy(Math.max(1, events / 1_000));
            fill(inbox, events, pending, () -> time[0] = time[0].plus(step));
            time[0] = null;
            System.out.printf("inbox: %,d events over %d days, %,d of them pending%n", events, days, pending);
            long[] writes = {0};
            Runnable write = () -> inbox.store(List.of(message("live-" + writes[0]++)));
            Instant today = Instant.now().atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
            report("counts (GET /api/social/inbox)", write, () -> inbox.counts().done());
            report("activity of one account (GET /api/social/accounts)", write,
                    () -> inbox.activity("bench", today).eventsSince());
            // as a processor keeping pace: 100 arrive, the 100 longest due are claimed (timed) and completed
            List<InboxEvent> inHand = new ArrayList<>();
            Runnable arriveAndComplete = () -> {
                Map<Long, String> outcomes = new HashMap<>();
                inHand.forEach(e -> outcomes.put(e.id(), "ticket 1"));
                inbox.completeAll(outcomes);
                List<InboundMessage> arrivals = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    arrivals.add(message("live-" + writes[0]++));
                }
                inbox.store(arrivals);
            };
            report("claim of 100 with the backlog pending", arriveAndComplete, () -> {
                inHand.clear();
                inHand.addAll(inbox.claim(100, Duration.ofMinutes(1)));
                return inHand.size();
            });
        } finally {
            inbox.close();
            pool.close();
        }
    }

    private static void fill(JdbcSocialInbox inbox, int events, int pending, Runnable nextBatchTime) {
        int done = events - pending;
        for (int from = 0; from < events; from += 1_000) {
            nextBatchTime.run();
            List<InboundMessage> batch = new ArrayList<>();
            for (int i = from; i < Math.min(events, from + 1_000); i++) {
                batch.add(message("m-" + i));
            }
            inbox.store(batch);
        }
        for (int handled = 0; handled < done; ) {
            List<InboxEvent> claimed = inbox.claim(Math.min(1_000, done - handled), Duration.ofDays(1));
            Map<Long, String> outcomes = new HashMap<>();
            claimed.forEach(e -> outcomes.put(e.id(), "ticket 1"));
            inbox.completeAll(outcomes);
            handled += claimed.size();
        }
    }

    private static InboundMessage message(String id) {
        return new InboundMessage("x", "bench", "x", "dm:1-" + id.hashCode() % 500, id, MessageKind.MESSAGE,
                Optional.of("direct_message_events"), new SocialAuthor("2", Optional.of("jane"), Optional.of("Jane"),
                        OptionalLong.of(5), false, Optional.of(true)),
                "where is my bag?", List.of(), MessageVisibility.PRIVATE, Optional.empty(), Instant.now());
    }

    /** Median time of {@code call}, each after one write to the inbox. */
    private static void report(String what, Runnable write, LongSupplier call) {
        long result = 0;
        for (int i = 0; i < 200; i++) { // warm-up: the JIT and H2's caches
            write.run();
            result = call.getAsLong();
        }
        long[] nanos = new long[300];
        for (int i = 0; i < nanos.length; i++) {
            write.run();
            long start = System.nanoTime();
            result = call.getAsLong();
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        System.out.printf("%-55s median %7.3f ms, p90 %7.3f ms (result %d)%n", what, nanos[nanos.length / 2] / 1e6,
                nanos[nanos.length * 9 / 10] / 1e6, result);
    }
}
