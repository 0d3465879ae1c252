package dev.parley.helpdesk.core.internal.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.store.AnyOf;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;

/**
 * {@code headsAfter} is keyset paging on the embedded store's planner: a page deep in the table reads
 * as many rows as one at its start (H2's own row count of the statement, not a timing), while the
 * status-filtered {@code query} it replaces for walks read every open ticket past its cursor per page.
 */
class HeadsAfterPlanTest {

    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");
    private static final int TICKETS = 3_000;
    private HikariDataSource pool;

    @BeforeEach
    void setUp() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        pool = StoreDataSource.pooled(h2, 2, 5_000);
        new JdbcTicketService(pool, new JdbcSchemaMigrator(pool), null);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO customers (display_name, created_at) VALUES ('Ann', 0)");
            // every fourth ticket closed, the rest spread over the open statuses
            s.executeUpdate("INSERT INTO tickets (subject, status, priority, channel, requester_id, created_at, "
                    + "updated_at, version) SELECT 'T' || x, CASE MOD(x, 4) WHEN 0 THEN 'CLOSED' WHEN 1 THEN 'NEW' "
                    + "WHEN 2 THEN 'OPEN' ELSE 'PENDING' END, 'NORMAL', 'x', 1, 0, 0, 1 FROM SYSTEM_RANGE(1, "
                    + TICKETS + ")");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    @Test
    void aPageReadsTheSameRowsWhereverItStarts() throws Exception {
        Set<TicketStatus> open = Set.of(TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING);
        try (Connection c = pool.getConnection()) {
            String plan = explain(c, "EXPLAIN", 0, open, 50);
            assertThat(plan).containsIgnoringCase("PRIMARY_KEY").contains("index sorted");
            long first = rowsRead(c, 0, open, 50);
            long deep = rowsRead(c, TICKETS - 200, open, 50);
            assertThat(first).isLessThanOrEqualTo(80); // 50 open among the first ~67 rows, not the table
            assertThat(deep).isLessThanOrEqualTo(first + 2);
        }
    }

    @Test
    void theWalkFindsEveryOpenTicketOnce() throws Exception {
        TicketQueries queries = new TicketQueries();
        Set<TicketStatus> open = Set.of(TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING);
        int seen = 0;
        long after = 0;
        try (Connection c = pool.getConnection()) {
            for (var page = queries.headsAfter(c, after, open, 128); !page.isEmpty();
                    page = queries.headsAfter(c, after, open, 128)) {
                assertThat(page.get(0).id()).isGreaterThan(after);
                assertThat(page).allSatisfy(h -> assertThat(h.status().isOpen()).isTrue());
                seen += page.size();
                after = page.get(page.size() - 1).id();
            }
        }
        assertThat(seen).isEqualTo(TICKETS - TICKETS / 4);
    }

    private static long rowsRead(Connection c, long afterId, Set<TicketStatus> statuses, int limit) throws Exception {
        Matcher m = SCAN_COUNT.matcher(explain(c, "EXPLAIN ANALYZE", afterId, statuses, limit));
        assertThat(m.find()).as("H2 reports the rows it read").isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String explain(Connection c, String explain, long afterId, Set<TicketStatus> statuses, int limit)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement(explain + " " + TicketQueries.HEADS_AFTER)) {
            ps.setLong(1, afterId);
            ps.setBoolean(2, statuses.isEmpty());
            AnyOf.strings(ps, 3, statuses.stream().map(TicketStatus::name).sorted().toList());
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

}
