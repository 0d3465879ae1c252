package dev.parley.helpdesk.api.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * A list of values as one SQL array parameter, for {@code WHERE column = ANY(?)}: one statement
 * text for any number of values, which H2 and PostgreSQL both answer from an index. An
 * {@code IN (?, ?, ...)} list per count made every batch size a new statement: the database parsed
 * it again, and H2 2.5 walks every statement it keeps cached, each parameter of each list, on the
 * first write to a table in each transaction.
 */
public final class AnyOf {

    private AnyOf() {
    }

    /** Binds {@code values} as a BIGINT array at {@code index}. */
    public static void longs(PreparedStatement ps, int index, Collection<Long> values) throws SQLException {
        ps.setArray(index, ps.getConnection().createArrayOf("BIGINT", values.toArray()));
    }

    /** Binds {@code values} as a VARCHAR array at {@code index}. */
    public static void strings(PreparedStatement ps, int index, Collection<String> values) throws SQLException {
        ps.setArray(index, ps.getConnection().createArrayOf("VARCHAR", values.toArray()));
    }
}
