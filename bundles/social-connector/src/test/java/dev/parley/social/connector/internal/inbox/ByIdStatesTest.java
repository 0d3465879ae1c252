package dev.parley.social.connector.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.parley.social.api.InboxState;

class ByIdStatesTest {

    private final TestDatabase db = new TestDatabase();

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void namesEveryOtherState() {
        assertThat(ByIdStates.CLAIMED).isEqualTo("state NOT IN ('PENDING', 'DONE', 'PARKED')");
        assertThat(ByIdStates.CLAIMABLE).isEqualTo("state NOT IN ('DONE', 'PARKED')");
        assertThat(ByIdStates.stateIsOneOf(InboxState.DONE)).isEqualTo("state NOT IN ('PENDING', 'CLAIMED', 'PARKED')");
        assertThatThrownBy(() -> ByIdStates.stateIsOneOf(InboxState.values())).isInstanceOf(IllegalArgumentException.class);
    }

    /** At a thousand rows, most pending, H2 planned "id = ? AND state IN (...)" on the (state, due_at) index. */
    @Test
    void byIdStatementsArePlannedOnThePrimaryKeyAtAnyTableSize() throws SQLException {
        JdbcSocialInbox.create(db.dataSource(), db.migrator, java.time.Clock.systemUTC()).close();
        try (Connection c = db.dataSource().getConnection()) {
            for (int rows : List.of(0, 10, 1_000, 20_000)) {
                fill(c, rows);
                for (String guard : List.of(ByIdStates.CLAIMED, ByIdStates.CLAIMABLE, ByIdStates.PARKED)) {
                    assertThat(plan(c, "UPDATE social_inbox SET due_at = ? WHERE id = ? AND " + guard + " AND due_at <= ?"))
                            .as("%s at %d rows", guard, rows).contains("PRIMARY_KEY").doesNotContain("SOCIAL_INBOX_DUE");
                }
            }
        }
    }

    private static void fill(Connection c, int rows) throws SQLException {
        try (PreparedStatement clear = c.prepareStatement("DELETE FROM social_inbox");
                PreparedStatement ps = c.prepareStatement("INSERT INTO social_inbox (platform, account, external_id, "
                        + "channel, conversation_key, kind, payload, state, attempts, due_at, received_at) "
                        + "VALUES ('x', 'acme', ?, 'x', 'c', 'TEXT', '{}', ?, 0, ?, 0)")) {
            clear.executeUpdate();
            for (int i = 0; i < rows; i++) {
                ps.setString(1, "m" + i);
                ps.setString(2, i % 10 == 0 ? "DONE" : "PENDING");
                ps.setLong(3, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.createStatement().execute("ANALYZE");
    }

    private static String plan(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 1; i <= 3; i++) {
                ps.setLong(i, 1);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
