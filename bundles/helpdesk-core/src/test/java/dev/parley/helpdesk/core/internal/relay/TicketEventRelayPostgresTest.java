package dev.parley.helpdesk.core.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import com.zaxxer.hikari.HikariDataSource;

import dev.parley.helpdesk.api.TicketEvents;
import dev.parley.helpdesk.core.internal.RecordedEvents;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A ticket event of one node reaches another node on the same PostgreSQL under the relayed topic. */
class TicketEventRelayPostgresTest {

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
    void anEventOfOneNodeIsPostedOnceOnTheOtherUnderTheRelayedTopicWithItsPropertiesAndTypes() throws Exception {
        RecordedEvents eventsA = new RecordedEvents();
        RecordedEvents eventsB = new RecordedEvents();
        Set<String> staleOnB = ConcurrentHashMap.newKeySet();
        TicketEventRelay a = new TicketEventRelay(poolA, new JdbcSchemaMigrator(poolA), eventsA, (ticket, message) -> { },
                Clock.systemUTC());
        TicketEventRelay b = new TicketEventRelay(poolB, new JdbcSchemaMigrator(poolB), eventsB,
                (ticket, message) -> staleOnB.add(ticket + (message.isPresent() ? "/" + message.getAsLong() : "")),
                Clock.systemUTC());
        try {
            a.handleEvent(new Event(TicketEvents.MESSAGE_ADDED, Map.of(TicketEvents.TICKET_ID, 42L,
                    TicketEvents.TICKET_VERSION, 3L, TicketEvents.CHANNEL, "messenger", TicketEvents.MESSAGE_ID, 7L,
                    TicketEvents.MESSAGE_PENDING_ATTACHMENTS, 1,
                    TicketEvents.MESSAGE_PROPERTY_KEYS, new String[] {"social.account", "social.authorId"})));
            a.handleEvent(new Event(TicketEvents.DELIVERY_CHANGED, Map.of(TicketEvents.TICKET_ID, 43L,
                    TicketEvents.DELIVERY_STATE, "SENT")));
            a.handleEvent(new Event(TicketEvents.MESSAGE_REVISED, Map.of(TicketEvents.TICKET_ID, 45L)));
            a.handleEvent(new Event(TicketEvents.UPDATED, Map.of(TicketEvents.TICKET_ID, 46L)));
            a.handleEvent(new Event(TicketEvents.DELIVERY_CHANGED, Map.of(TicketEvents.TICKET_ID, 47L,
                    TicketEvents.MESSAGE_ID, 9L, TicketEvents.DELIVERY_STATE, "SENT")));

            awaitSize(eventsB.events, 5);
            Event added = eventsB.events.get(0);
            assertThat(added.getTopic()).isEqualTo("parley/relayed/ticket/MESSAGE_ADDED");
            assertThat(added.getProperty(TicketEvents.TICKET_ID)).isEqualTo(42L);
            assertThat(added.getProperty(TicketEvents.TICKET_VERSION)).isEqualTo(3L);
            assertThat(added.getProperty(TicketEvents.MESSAGE_PENDING_ATTACHMENTS)).isEqualTo(1);
            assertThat(added.getProperty(TicketEvents.CHANNEL)).isEqualTo("messenger");
            assertThat((String[]) added.getProperty(TicketEvents.MESSAGE_PROPERTY_KEYS))
                    .containsExactly("social.account", "social.authorId");
            assertThat(eventsB.events.get(1).getTopic()).isEqualTo("parley/relayed/ticket/DELIVERY_CHANGED");
            assertThat(staleOnB).as("B reads again what changed without a version bump (the message when the event "
                    + "names it); a newer version shows by itself (TicketCacheTest), and forgetting it made B read the "
                    + "whole conversation again").containsExactlyInAnyOrder("43", "45", "47/9");

            b.handleEvent(new Event(TicketEvents.UPDATED, Map.of(TicketEvents.TICKET_ID, 44L)));
            awaitSize(eventsA.events, 1);
            Thread.sleep(3 * TicketEventRelay.POLL_MILLIS);
            assertThat(eventsA.events).as("a node never gets its own events back").hasSize(1)
                    .extracting(Event::getTopic).containsExactly("parley/relayed/ticket/UPDATED");
            assertThat(eventsB.events).as("each event once").hasSize(5);
        } finally {
            a.deactivate();
            b.deactivate();
        }
    }

    @Test
    void anEventNumberedBeforeAnotherButCommittedAfterItIsStillRelayedOnce() throws Exception {
        RecordedEvents eventsB = new RecordedEvents();
        TicketEventRelay a = new TicketEventRelay(poolA, new JdbcSchemaMigrator(poolA), new RecordedEvents(), (ticket, message) -> { },
                Clock.systemUTC());
        TicketEventRelay b = new TicketEventRelay(poolB, new JdbcSchemaMigrator(poolB), eventsB, (ticket, message) -> { },
                Clock.systemUTC());
        try {
            try (Connection slow = poolA.getConnection()) {
                // a third node's write takes its number first and commits last
                slow.setAutoCommit(false);
                try (var insert = slow.prepareStatement("INSERT INTO ticket_event_relay (node, topic, properties, at) "
                        + "VALUES ('elsewhere', ?, ?, ?)")) {
                    insert.setString(1, TicketEvents.UPDATED);
                    insert.setString(2, EventProperties.encode(new Event(TicketEvents.UPDATED,
                            Map.of(TicketEvents.TICKET_ID, 50L))));
                    insert.setLong(3, System.currentTimeMillis());
                    insert.executeUpdate();
                }
                a.handleEvent(new Event(TicketEvents.UPDATED, Map.of(TicketEvents.TICKET_ID, 51L)));
                awaitSize(eventsB.events, 1);
                Thread.sleep(3 * TicketEventRelay.POLL_MILLIS); // B reads on past the number it has not seen
                slow.commit();
            }
            awaitSize(eventsB.events, 2);
            Thread.sleep(3 * TicketEventRelay.POLL_MILLIS);
            assertThat(eventsB.events).extracting(e -> e.getProperty(TicketEvents.TICKET_ID)).containsExactly(51L, 50L);
        } finally {
            a.deactivate();
            b.deactivate();
        }
    }

    @Test
    void onH2ThereIsOneNodeAndNothingIsRelayed() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:relay-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        RecordedEvents events = new RecordedEvents();
        TicketEventRelay relay = new TicketEventRelay(h2, new JdbcSchemaMigrator(h2), events, (ticket, message) -> { },
                Clock.systemUTC());
        relay.handleEvent(new Event(TicketEvents.CREATED, Map.of(TicketEvents.TICKET_ID, 1L)));
        relay.deactivate();
        assertThat(events.events).isEmpty();
    }

    private static void awaitSize(List<Event> events, int size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (events.size() < size) {
            assertThat(System.nanoTime()).as("waited 10 s for " + size + " events, got " + events).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
