package dev.parley.social.inbox.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.parley.helpdesk.api.store.Migration;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.helpdesk.api.store.JdbcTransactions;
import dev.parley.social.api.InboundMessage;

/**
 * Which ticket each social conversation (platform, account, conversation key) currently lives
 * on, in {@code social_threads}. A conversation that moves to a follow-up ticket is re-pointed.
 * Lookups are remembered for a few seconds: a busy conversation asks many times a second, and
 * another node re-pointing it (the only change this node does not make itself) is seen once the
 * entry expires, or at once by {@link #findFresh}, which the threading uses before it opens a
 * follow-up ticket.
 */
final class ThreadStore {

    static final String MODULE = "social-inbox";
    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "social conversation to ticket map",
            "CREATE TABLE social_threads (platform VARCHAR(50) NOT NULL, account VARCHAR(200) NOT NULL, "
                    + "conversation_key VARCHAR(500) NOT NULL, ticket_id BIGINT NOT NULL, updated_at BIGINT NOT NULL, "
                    + "PRIMARY KEY (platform, account, conversation_key))",
            "CREATE INDEX social_threads_ticket ON social_threads (ticket_id)"),
            Migration.of(2, "context of social conversations without a ticket yet (referrals)",
                    "CREATE TABLE social_conversation_context (platform VARCHAR(50) NOT NULL, account VARCHAR(200) NOT NULL, "
                            + "conversation_key VARCHAR(500) NOT NULL, context VARCHAR(4000) NOT NULL, "
                            + "updated_at BIGINT NOT NULL, PRIMARY KEY (platform, account, conversation_key))"));

    /** A conversation's identity. */
    record Key(String platform, String account, String conversationKey) {

        /** The conversation {@code m} belongs to. */
        static Key of(InboundMessage m) {
            return new Key(m.platform(), m.account(), m.conversationKey());
        }
    }

    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int CACHE_MAX = 50_000;

    private record Cached(long ticketId, long expiresAt) {
    }

    private final JdbcTransactions tx;
    private final Map<Key, Cached> recent = new ConcurrentHashMap<>();

    ThreadStore(DataSource dataSource, SchemaMigrator migrator) {
        migrator.migrate(MODULE, MIGRATIONS);
        this.tx = new JdbcTransactions(dataSource, e -> new IllegalStateException("thread store error: " + e.getMessage()
                + " (SQLState " + e.getSQLState() + ")", e));
    }

    Optional<Long> find(Key key) {
        Cached hit = recent.get(key);
        if (hit != null && hit.expiresAt() - System.nanoTime() > 0) {
            return Optional.of(hit.ticketId());
        }
        return findFresh(key);
    }

    /** Asks the database, not the cache. */
    Optional<Long> findFresh(Key key) {
        Optional<Long> found = select(key);
        found.ifPresentOrElse(id -> cache(key, id), () -> recent.remove(key));
        return found;
    }

    private void cache(Key key, long ticketId) {
        if (recent.size() >= CACHE_MAX) {
            recent.clear(); // crude but bounded; a busy node refills what it uses within seconds
        }
        recent.put(key, new Cached(ticketId, System.nanoTime() + CACHE_NANOS));
    }

    private Optional<Long> select(Key key) {
        return tx.read(c -> {
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
                cache(key, ticketId);
                return;
            } catch (IllegalStateException e) {
                if (!JdbcTransactions.isUniqueViolation(e) || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * Keeps properties (a referral) for a conversation that has no ticket yet; the conversation's
     * first message carries them. Replaces what was kept before: the latest referral wins.
     */
    void keepContext(Key key, Map<String, String> properties) {
        StringBuilder encoded = new StringBuilder();
        properties.forEach((k, v) -> encoded.append(k.replace('\n', ' ')).append('=').append(v.replace('\n', ' '))
                .append('\n'));
        String context = encoded.length() > 4000 ? encoded.substring(0, 4000) : encoded.toString();
        tx.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM social_conversation_context "
                    + "WHERE platform = ? AND account = ? AND conversation_key = ?")) {
                bind(delete, key, 1);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO social_conversation_context (platform, "
                    + "account, conversation_key, context, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                bind(insert, key, 1);
                insert.setString(4, context);
                insert.setLong(5, System.currentTimeMillis());
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The properties kept for a conversation by {@link #keepContext}; empty if none. */
    Map<String, String> context(Key key) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT context FROM social_conversation_context "
                    + "WHERE platform = ? AND account = ? AND conversation_key = ?")) {
                bind(ps, key, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    Map<String, String> properties = new java.util.LinkedHashMap<>();
                    if (rs.next()) {
                        for (String line : rs.getString(1).split("\n")) {
                            int eq = line.indexOf('=');
                            if (eq > 0) {
                                properties.put(line.substring(0, eq), line.substring(eq + 1));
                            }
                        }
                    }
                    return properties;
                }
            }
        });
    }

    private static void bind(PreparedStatement ps, Key key, int first) throws java.sql.SQLException {
        ps.setString(first, key.platform());
        ps.setString(first + 1, key.account());
        ps.setString(first + 2, key.conversationKey());
    }
}
