package dev.parley.helpdesk.core.internal.tickets;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Generated keys, a JDBC chore every row class needs (lists of values: {@link dev.parley.helpdesk.api.store.AnyOf}). */
final class SqlLists {

    private SqlLists() {
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
