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
            // two ranges of the (account, received_at) index: one aggregate over the account walked every
            // event kept for retention on each GET /api/social/accounts
            Optional<Instant> last = Optional.empty();
            try (PreparedStatement ps = c.prepareStatement("SELECT received_at FROM social_inbox WHERE account = ? "
                    + "ORDER BY account DESC, received_at DESC LIMIT 1")) {
                ps.setString(1, account);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        last = Optional.of(Instant.ofEpochMilli(rs.getLong(1)));
                    }
                }
            }
            long recent = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM social_inbox WHERE account = ? AND received_at >= ?")) {
                ps.setString(1, account);
                ps.setLong(2, since.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    recent = rs.getLong(1);
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
