package dev.parley.sla.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import com.zaxxer.hikari.HikariDataSource;

import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import dev.parley.sla.api.SlaEvents;
import dev.parley.sla.internal.PostedEvents;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** An SLA event posted on one node reaches the live views of another node on the same PostgreSQL. */
class SlaEventRelayPostgresTest {

    private static EmbeddedPostgres postgres;
    private static HikariDataSource poolA;
    private static HikariDataSource poolB;


    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE relay");
        }
        poolA = StoreDataSource.pooled(postgres.getDatabase("postgres", "relay"), 4, 10_000);
        poolB = StoreDataSource.pooled(postgres.getDatabase("postgres", "relay"), 4, 10_000);
    }

    @AfterAll
    static void stop() throws Exception {
        poolA.close();
        poolB.close();
        postgres.close();
    }

    @Test
    void anEventOfOneNodeIsPostedOnceOnTheOtherMarkedRelayedAndItsCachedClocksForgotten() throws Exception {
        PostedEvents eventsA = new PostedEvents();
        PostedEvents eventsB = new PostedEvents();
        Set<Long> forgottenOnB = ConcurrentHashMap.newKeySet();
        SlaEventRelay a = new SlaEventRelay(poolA, new JdbcSchemaMigrator(poolA), eventsA, id -> { }, Clock.systemUTC());
        SlaEventRelay b = new SlaEventRelay(poolB, new JdbcSchemaMigrator(poolB), eventsB, forgottenOnB::add,
                Clock.systemUTC());
        try {
            a.handleEvent(new Event(SlaEvents.WARNING, Map.of(SlaEvents.TICKET_ID, 42L, SlaEvents.CHANNEL, "x",
                    SlaEvents.TARGET, "FIRST_REPLY", SlaEvents.CYCLE, 0, SlaEvents.DUE, 1_000L,
                    SlaEvents.ELAPSED_PERCENT, 75)));
            a.handleEvent(new Event(SlaEvents.CHANGED, Map.of(SlaEvents.TICKET_ID, 43L)));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (eventsB.posted.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(3 * SlaEventRelay.POLL_MILLIS); // and nothing twice
            assertThat(eventsB.posted).hasSize(2);
            Event warning = eventsB.posted.get(0);
            assertThat(warning.getTopic()).isEqualTo(SlaEvents.WARNING);
            assertThat(warning.getProperty(SlaEvents.RELAYED)).isEqualTo(Boolean.TRUE);
            assertThat(warning.getProperty(SlaEvents.TICKET_ID)).isEqualTo(42L);
            assertThat(warning.getProperty(SlaEvents.CYCLE)).isEqualTo(0);
            assertThat(warning.getProperty(SlaEvents.DUE)).isEqualTo(1_000L);
            assertThat(warning.getProperty(SlaEvents.ELAPSED_PERCENT)).isEqualTo(75);
            assertThat(eventsB.posted.get(1).getTopic()).isEqualTo(SlaEvents.CHANGED);
            assertThat(eventsB.posted.get(1).getProperty(SlaEvents.TARGET)).isNull();
            assertThat(forgottenOnB).containsExactlyInAnyOrder(42L, 43L);
            assertThat(eventsA.posted).as("a node does not relay its own events to itself").isEmpty();

            PostedEvents eventsC = new PostedEvents();
            SlaEventRelay c = new SlaEventRelay(poolB, new JdbcSchemaMigrator(poolB), eventsC, id -> { },
                    Clock.systemUTC());
            try {
                Thread.sleep(3 * SlaEventRelay.POLL_MILLIS);
            } finally {
                c.deactivate();
            }
            assertThat(eventsC.posted).as("a node that starts later does not replay what came before").isEmpty();
        } finally {
            a.deactivate();
            b.deactivate();
        }
    }

    @Test
    void onH2ItDoesNothing() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        PostedEvents events = new PostedEvents();
        SlaEventRelay relay = new SlaEventRelay(h2, new JdbcSchemaMigrator(h2), events, id -> { }, Clock.systemUTC());
        relay.handleEvent(new Event(SlaEvents.CHANGED, Map.of(SlaEvents.TICKET_ID, 1L)));
        relay.deactivate();
        assertThat(events.posted).isEmpty();
    }
}
