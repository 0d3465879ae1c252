package dev.parley.social.connector.internal.inbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Optional;

import dev.parley.helpdesk.api.store.JdbcTransactions;

/** Where each polled account stopped ({@code social_poll_cursors}), so polling resumes after a restart. */
final class PollCursors {

    private final JdbcTransactions tx;
    private final Clock clock;

    PollCursors(JdbcTransactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** Where polling of {@code account} stopped, if it ever ran. */
    Optional<String> get(String account) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT cursor_value FROM social_poll_cursors WHERE account = ?")) {
                ps.setString(1, account);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Records where polling of {@code account} stopped; called only after its messages are stored. */
    void save(String account, String platform, String cursor) {
        long now = clock.millis();
        for (int attempt = 1;; attempt++) {
            try {
                tx.inTransaction(c -> {
                    try (PreparedStatement update = c.prepareStatement("UPDATE social_poll_cursors SET cursor_value = ?, "
                            + "platform = ?, updated_at = ? WHERE account = ?")) {
                        update.setString(1, cursor);
                        update.setString(2, platform);
                        update.setLong(3, now);
                        update.setString(4, account);
                        if (update.executeUpdate() > 0) {
                            return null;
                        }
                    }
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO social_poll_cursors "
                            + "(account, platform, cursor_value, updated_at) VALUES (?, ?, ?, ?)")) {
                        insert.setString(1, account);
                        insert.setString(2, platform);
                        insert.setString(3, cursor);
                        insert.setLong(4, now);
                        insert.executeUpdate();
                    }
                    return null;
                });
                return;
            } catch (InboxStoreException e) {
                if (!JdbcTransactions.isUniqueViolation(e) || attempt >= 2) {
                    throw e;
                }
            }
        }
    }
}
