package dev.parley.sla.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import dev.parley.sla.api.SlaTarget;
import dev.parley.sla.internal.clock.Pause;
import dev.parley.sla.internal.clock.TicketClocks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Two nodes' SLA engines on one PostgreSQL save the same tickets and fire the same steps at once. */
class SharedSlaStorePostgresTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static EmbeddedPostgres postgres;
    private static HikariDataSource poolA;
    private static HikariDataSource poolB;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE sla");
        }
        poolA = StoreDataSource.pooled(postgres.getDatabase("postgres", "sla"), 8, 10_000);
        poolB = StoreDataSource.pooled(postgres.getDatabase("postgres", "sla"), 8, 10_000);
    }

    @AfterAll
    static void stop() throws Exception {
        poolA.close();
        poolB.close();
        postgres.close();
    }

    private static TicketClocks clocks(long ticketId, int cycle) {
        return new TicketClocks(ticketId, "x", Visibility.PRIVATE, Priority.NORMAL, Optional.empty(), TicketStatus.OPEN,
                T0, Optional.empty(), cycle, Optional.of(T0), Optional.empty(), Optional.of(T0), Optional.empty(),
                List.of(new Pause(T0.plusSeconds(cycle), Optional.of(T0.plusSeconds(cycle + 1)))), Optional.empty(),
                Optional.of(Duration.ofMinutes(60)));
    }

    @Test
    void savesOfOverlappingPagesInAnyOrderFromTwoNodesNeverCollideOrDeadlock() throws Exception {
        SlaStore a = new SlaStore(poolA, new JdbcSchemaMigrator(poolA));
        SlaStore b = new SlaStore(poolB, new JdbcSchemaMigrator(poolB));
        ExecutorService engines = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> saves = new ArrayList<>();
            for (int round = 0; round < 30; round++) {
                for (SlaStore store : List.of(a, b, a, b)) {
                    int cycle = round;
                    Random random = new Random(round * 31L + saves.size());
                    saves.add(engines.submit(() -> {
                        List<SlaStore.Entry> page = new ArrayList<>();
                        for (long id = 1; id <= 40; id++) {
                            page.add(new SlaStore.Entry(clocks(id, cycle), "ticket " + id, cycle + 1));
                        }
                        Collections.shuffle(page, random);
                        store.saveAll(page.subList(0, 25), Map.of(30L + random.nextInt(10), (long) cycle + 2));
                    }));
                }
            }
            for (Future<?> f : saves) {
                f.get(60, TimeUnit.SECONDS); // a duplicate key or a deadlock would fail here
            }
        } finally {
            engines.shutdownNow();
        }
        assertThat(a.load(List.of(1L, 2L, 3L))).hasSize(3);
        assertThat(b.load(1L).orElseThrow().pauses()).hasSize(1);
    }

    @Test
    void laddersClimbedOnTwoNodesAtOncePostEachStepOnce() throws Exception {
        LadderStore a = new LadderStore(poolA, new JdbcSchemaMigrator(poolA));
        LadderStore b = new LadderStore(poolB, new JdbcSchemaMigrator(poolB));
        // 100 ladders: node A read them at 0 and climbs to 75, node B read them at 0 and climbs to 90
        List<LadderStore.Climb> byA = new ArrayList<>();
        List<LadderStore.Climb> byB = new ArrayList<>();
        for (long id = 1000; id < 1100; id++) {
            LadderStore.Ladder ladder = new LadderStore.Ladder(id, SlaTarget.FIRST_REPLY, 0);
            byA.add(new LadderStore.Climb(ladder, 0, 75));
            byB.add(0, new LadderStore.Climb(ladder, 0, 90));
        }
        int[] steps = {50, 75, 90};
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            Future<int[]> fromA = nodes.submit(() -> a.climbAll(byA, T0));
            Future<int[]> fromB = nodes.submit(() -> b.climbAll(byB, T0));
            int[] beforeA = fromA.get(60, TimeUnit.SECONDS); // a deadlock would fail here
            int[] beforeB = fromB.get(60, TimeUnit.SECONDS);
            for (int i = 0; i < byA.size(); i++) {
                int posted = 0;
                for (int step : steps) {
                    boolean postedByA = beforeA[i] != LadderStore.TAKEN && beforeA[i] < step && step <= 75;
                    boolean postedByB = beforeB[byA.size() - 1 - i] != LadderStore.TAKEN
                            && beforeB[byA.size() - 1 - i] < step && step <= 90;
                    assertThat(postedByA && postedByB).as("ladder %d step %d posted twice", i, step).isFalse();
                    posted += postedByA || postedByB ? 1 : 0;
                }
                assertThat(posted).as("every step of ladder %d posted by one node", i).isEqualTo(steps.length);
            }
        } finally {
            nodes.shutdownNow();
        }
        LadderStore.Ladder first = new LadderStore.Ladder(1000, SlaTarget.FIRST_REPLY, 0);
        assertThat(a.climb(first, 90, T0)).isEqualTo(LadderStore.TAKEN);
        assertThat(b.climb(first, 100, T0)).isEqualTo(90);
    }
}
