package dev.parley.helpdesk.core.internal.tickets;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

/** IN-list placeholders and generated keys, the two JDBC chores every row class needs. */
final class SqlLists {

    private SqlLists() {
    }

    static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    static int bind(PreparedStatement ps, int firstIndex, Collection<Long> values) throws SQLException {
        int index = firstIndex;
        for (long value : values) {
            ps.setLong(index++, value);
        }
        return index;
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
