package dev.parley.helpdesk.core.internal.tickets;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The key the database generated for an insert, a JDBC chore every row class needs. */
final class GeneratedKeys {

    private GeneratedKeys() {
    }

    static long generatedKey(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("the database returned no generated key");
            }
            return keys.getLong(1);
        }
    }
}
