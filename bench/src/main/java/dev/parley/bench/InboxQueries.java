package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

import org.h2.jdbcx.JdbcDataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
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
 * and a processor's claim of a batch with a backlog pending (as many arriving as it completes).
 * Fills an embedded H2 file database through {@link JdbcSocialInbox} itself with {@code events} events received evenly over the last
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
        HikariDataSource pool = StoreDataSource.pooled(h2, 8, 10_000);
        JdbcSchemaMigrator migrator = new JdbcSchemaMigrator(pool);
        fill(pool, migrator, events, pending, days);
        JdbcSocialInbox inbox = JdbcSocialInbox.create(pool, migrator, Clock.systemUTC());
        try {
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

    /**
     * Stores the events a thousand at a time, each thousand received at its own time over the last
     * {@code days} days (the inbox dates them by its clock), then completes all but the newest {@code pending}.
     */
    private static void fill(HikariDataSource pool, JdbcSchemaMigrator migrator, int events, int pending, int days) {
        Instant now = Instant.now();
        int batches = (events + 999) / 1_000;
        Duration step = Duration.ofDays(days).dividedBy(batches);
        for (int b = 0; b < batches; b++) {
            Clock receivedAt = Clock.fixed(now.minus(step.multipliedBy(batches - 1 - b)), ZoneOffset.UTC);
            JdbcSocialInbox inbox = JdbcSocialInbox.create(pool, migrator, receivedAt);
            List<InboundMessage> batch = new ArrayList<>();
            for (int i = b * 1_000; i < Math.min(events, (b + 1) * 1_000); i++) {
                batch.add(message("m-" + i));
            }
            inbox.store(batch);
            inbox.close();
        }
        JdbcSocialInbox inbox = JdbcSocialInbox.create(pool, migrator, Clock.systemUTC());
        for (int handled = 0; handled < events - pending; ) {
            List<InboxEvent> claimed = inbox.claim(Math.min(1_000, events - pending - handled), Duration.ofDays(1));
            Map<Long, String> outcomes = new HashMap<>();
            claimed.forEach(e -> outcomes.put(e.id(), "ticket 1"));
            inbox.completeAll(outcomes);
            handled += claimed.size();
        }
        inbox.close();
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
        Arrays.sort(nanos);
        System.out.printf("%-55s median %7.3f ms, p90 %7.3f ms (result %d)%n", what, nanos[nanos.length / 2] / 1e6,
                nanos[nanos.length * 9 / 10] / 1e6, result);
    }
}
