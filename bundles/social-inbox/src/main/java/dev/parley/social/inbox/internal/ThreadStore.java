package dev.parley.social.inbox.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import dev.parley.helpdesk.api.store.Migration;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.helpdesk.api.store.JdbcTransactions;

/**
 * Which ticket each social conversation (platform, account, conversation key) currently lives
 * on, in {@code social_threads}. A conversation that moves to a follow-up ticket is re-pointed.
 */
final class ThreadStore {

    static final String MODULE = "social-inbox";
    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "social conversation to ticket map",
            "CREATE TABLE social_threads (platform VARCHAR(50) NOT NULL, account VARCHAR(200) NOT NULL, "
                    + "conversation_key VARCHAR(500) NOT NULL, ticket_id BIGINT NOT NULL, updated_at BIGINT NOT NULL, "
                    + "PRIMARY KEY (platform, account, conversation_key))",
            "CREATE INDEX social_threads_ticket ON social_threads (ticket_id)"));

    /** A conversation's identity. */
    record Key(String platform, String account, String conversationKey) {
    }

    private final JdbcTransactions tx;

    ThreadStore(DataSource dataSource, SchemaMigrator migrator) {
        migrator.migrate(MODULE, MIGRATIONS);
        this.tx = new JdbcTransactions(dataSource, e -> new IllegalStateException("thread store error: " + e.getMessage()
                + " (SQLState " + e.getSQLState() + ")", e));
    }

    Optional<Long> find(Key key) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ticket_id FROM social_threads "
                    + "WHERE platform = ? AND account = ? AND conversation_key = ?")) {
                bind(ps, key, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty();
                }
            }
        });
    }

    void remember(Key key, long ticketId) {
        for (int attempt = 1;; attempt++) {
            try {
                tx.inTransaction(c -> {
                    try (PreparedStatement update = c.prepareStatement("UPDATE social_threads SET ticket_id = ?, "
                            + "updated_at = ? WHERE platform = ? AND account = ? AND conversation_key = ?")) {
                        update.setLong(1, ticketId);
                        update.setLong(2, System.currentTimeMillis());
                        bind(update, key, 3);
                        if (update.executeUpdate() > 0) {
                            return null;
                        }
                    }
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO social_threads (platform, account, "
                            + "conversation_key, ticket_id, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                        bind(insert, key, 1);
                        insert.setLong(4, ticketId);
                        insert.setLong(5, System.currentTimeMillis());
                        insert.executeUpdate();
                    }
                    return null;
                });
                return;
            } catch (IllegalStateException e) {
                if (!JdbcTransactions.isUniqueViolation(e) || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, Key key, int first) throws java.sql.SQLException {
        ps.setString(first, key.platform());
        ps.setString(first + 1, key.account());
        ps.setString(first + 2, key.conversationKey());
    }
}
