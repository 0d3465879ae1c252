package dev.parley.helpdesk.api.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * Which of the two supported databases the host store is, for the few statements where H2 and
 * PostgreSQL need different SQL. Several nodes share one database only on PostgreSQL, so that is
 * where claims skip rows other nodes hold ({@code FOR UPDATE SKIP LOCKED}: H2 2.5 locks every row
 * the query matches before it applies {@code LIMIT}, all of a backlog) and where inserts that two
 * nodes may race on say {@code ON CONFLICT DO NOTHING} (H2 has no such clause; on one node an
 * {@code INSERT ... WHERE NOT EXISTS} and a retry on a unique violation serve).
 */
public enum SqlDialect {
    H2, POSTGRESQL;

    /** The dialect of the database {@code connection} is connected to. */
    public static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return product != null && product.toLowerCase(Locale.ROOT).contains("postgresql") ? POSTGRESQL : H2;
    }

    /** The dialect of the database behind {@code dataSource} (one connection borrowed and returned). */
    public static SqlDialect of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return of(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("the store's database could not be asked what it is: " + e.getMessage(), e);
        }
    }

    /** Whether several nodes may share this database (their claims and inserts then race). */
    public boolean shared() {
        return this == POSTGRESQL;
    }
}
