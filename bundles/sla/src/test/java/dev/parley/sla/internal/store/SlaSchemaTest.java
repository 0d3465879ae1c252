package dev.parley.sla.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import dev.parley.sla.api.SlaTarget;

class SlaSchemaTest {

    private final HikariDataSource pool;

    SlaSchemaTest() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        pool = StoreDataSource.pooled(h2, 4, 5_000);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void stepsFiredBeforeVersionFourBecomeEachLaddersHighestStep() throws Exception {
        JdbcSchemaMigrator migrator = new JdbcSchemaMigrator(pool);
        migrator.migrate(SlaSchema.MODULE, SlaSchema.MIGRATIONS.subList(0, 3));
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO sla_tickets (ticket_id, channel, visibility, priority, status, created_at, "
                    + "reply_cycle) VALUES (1, 'x', 'PRIVATE', 'NORMAL', 'OPEN', 0, 1), "
                    + "(2, 'x', 'PRIVATE', 'NORMAL', 'SOLVED', 0, 0)");
            s.executeUpdate("INSERT INTO sla_fired (ticket_id, target, cycle, step, fired_at) VALUES "
                    + "(1, 'FIRST_REPLY', 0, 50, 10), (1, 'FIRST_REPLY', 0, 75, 20), (1, 'FIRST_REPLY', 0, 100, 30), "
                    + "(1, 'NEXT_REPLY', 1, 50, 40), (2, 'FIRST_REPLY', 0, 50, 50)");
        }

        LadderStore ladders = new LadderStore(pool, migrator); // migrates to the current version
        LadderStore.Ladder first = new LadderStore.Ladder(1, SlaTarget.FIRST_REPLY, 0);
        LadderStore.Ladder next = new LadderStore.Ladder(1, SlaTarget.NEXT_REPLY, 1);
        assertThat(ladders.climbedForOpen()).containsOnly(java.util.Map.entry(first, 100), java.util.Map.entry(next, 50));
        // a step fired before the upgrade does not fire again; the next one does
        assertThat(ladders.climb(first, 100, Instant.EPOCH)).isEqualTo(LadderStore.TAKEN);
        assertThat(ladders.climb(next, 75, Instant.EPOCH)).isEqualTo(50);
        try (Connection c = pool.getConnection();
                var tables = c.getMetaData().getTables(null, null, "SLA_FIRED", null)) {
            assertThat(tables.next()).as("the old table is gone").isFalse();
        }
    }
}
