package dev.parley.social.connector.internal.inbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

import dev.parley.helpdesk.api.store.JdbcTransactions;

/** What the inbox knows about one account: last event, events since a time, pending and parked counts. */
public record AccountActivity(Optional<Instant> lastEventAt, long eventsSince, long pending, long parked) {

    /** Last event, events since {@code since}, pending and parked counts of one account. */
    static AccountActivity read(JdbcTransactions tx, String account, Instant since) {
        return tx.read(c -> {
            Optional<Instant> last = Optional.empty();
            long recent = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(received_at), "
                    + "SUM(CASE WHEN received_at >= ? THEN 1 ELSE 0 END) FROM social_inbox WHERE account = ?")) {
                ps.setLong(1, since.toEpochMilli());
                ps.setString(2, account);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long max = rs.getLong(1);
                        last = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(max));
                        recent = rs.getLong(2);
                    }
                }
            }
            long pending = 0;
            long parked = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM social_inbox "
                    + "WHERE account = ? AND state IN ('PENDING', 'CLAIMED', 'PARKED') GROUP BY state")) {
                ps.setString(1, account);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(1).equals("PARKED")) {
                            parked += rs.getLong(2);
                        } else {
                            pending += rs.getLong(2);
                        }
                    }
                }
            }
            return new AccountActivity(last, recent, pending, parked);
        });
    }
}
