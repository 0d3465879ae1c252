package dev.parley.social.connector.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.helpdesk.api.store.JdbcTransactions;

/** Accepted deliveries: journaled at once, stored by the writer in batches, never lost while the store is away. */
class InboxWriterTest {

    @TempDir
    Path dir;

    private TestDatabase db;
    private JdbcSocialInbox inbox;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        inbox = JdbcSocialInbox.journaled(db.dataSource(), db.migrator, Clock.systemUTC(), dir);
    }

    @AfterEach
    void tearDown() {
        inbox.close();
        db.close();
    }

    @Test
    void concurrentAcceptsReachTheInboxOnceAndTheJournalGoesOnlyAfterwards() throws Exception {
        ExecutorService webhooks = Executors.newFixedThreadPool(8);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String id = "m" + (i % 400); // 100 redeliveries
            sent.add(webhooks.submit(() -> inbox.accept(List.of(JdbcSocialInboxTest.dm(id)))));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        webhooks.shutdown();
        await(() -> inbox.counts().pending() == 400);
        // the writer marks a batch stored just after its commit: the segments go at a settle after that
        await(() -> settledAndEmpty());
    }

    @Test
    void whileTheStoreIsAwayDeliveriesStayJournaledAndArriveWhenItIsBack() throws Exception {
        JdbcTransactions tx = new JdbcTransactions(db.dataSource(), InboxStoreException::new);
        tx.inTransaction(c -> c.createStatement().execute("ALTER TABLE social_inbox RENAME TO social_inbox_away"));
        for (int i = 0; i < 20; i++) {
            inbox.accept(List.of(JdbcSocialInboxTest.dm("down-" + i)));
        }
        Thread.sleep(300); // the writer tries, fails and backs off
        inbox.settleJournal();
        assertThat(journaledDeliveries()).as("nothing stored: the journal keeps all").isEqualTo(20);

        tx.inTransaction(c -> c.createStatement().execute("ALTER TABLE social_inbox_away RENAME TO social_inbox"));
        await(() -> inbox.counts().pending() == 20);
        await(() -> settledAndEmpty());
    }

    @Test
    void aDeliveryTheStoreRefusesWhileTakingOthersIsKeptAsideAndDoesNotBlockTheRest() throws Exception {
        // four deliveries in one batch; the store refuses one of them (an id longer than its column)
        inbox.accept(List.of(JdbcSocialInboxTest.dm("before")));
        inbox.accept(List.of(JdbcSocialInboxTest.dm("x".repeat(600))));
        inbox.accept(List.of(JdbcSocialInboxTest.dm("after-1")));
        inbox.accept(List.of(JdbcSocialInboxTest.dm("after-2")));
        await(() -> inbox.counts().pending() == 3);
        await(() -> unstorable().size() == 1);
        assertThat(Files.readString(unstorable().get(0))).contains("x".repeat(600));
    }

    private List<Path> unstorable() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("unstorable-")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private boolean settledAndEmpty() {
        inbox.settleJournal();
        try {
            return journaledDeliveries() == 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long journaledDeliveries() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            long count = 0;
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".journal")).toList()) {
                count += InboxJournal.read(p).size();
            }
            return count;
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
