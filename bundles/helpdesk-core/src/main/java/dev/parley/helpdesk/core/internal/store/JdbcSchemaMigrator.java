package dev.parley.helpdesk.core.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.store.Migration;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.helpdesk.api.store.JdbcTransactions;

/**
 * Versioned schema migrations per module, recorded in {@code parley_schema}. The module's row is
 * locked (SELECT ... FOR UPDATE) while its migrations run, so that nodes starting together on one
 * PostgreSQL apply each step once. Within one node the calls take turns as well: H2 commits at each
 * DDL statement, which releases that row lock, and components of one module may migrate from two
 * threads at once during boot (the start-level thread and Jetty's, which starts servlets).
 */
@Component(service = SchemaMigrator.class)
public final class JdbcSchemaMigrator implements SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSchemaMigrator.class);

    private final JdbcTransactions transactions;

    @Activate
    public JdbcSchemaMigrator(@Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource) {
        this.transactions = new JdbcTransactions(dataSource, StoreException::new);
        transactions.inTransaction(connection -> {
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS parley_schema (module VARCHAR(200) PRIMARY KEY, "
                        + "version INT NOT NULL, updated_at BIGINT NOT NULL)");
            }
            return null;
        });
    }

    @Override
    public synchronized int migrate(String module, List<Migration> migrations) {
        List<Migration> ordered = migrations.stream().sorted(Comparator.comparingInt(Migration::version)).toList();
        ensureRow(module);
        return transactions.inTransaction(connection -> {
            int current = lockedVersion(connection, module);
            int applied = current;
            for (Migration migration : ordered) {
                if (migration.version() <= applied) {
                    continue;
                }
                try (Statement st = connection.createStatement()) {
                    for (String sql : migration.statements()) {
                        st.execute(sql);
                    }
                } catch (SQLException e) {
                    throw new SQLException("migration " + module + " v" + migration.version() + " ("
                            + migration.description() + ") failed: " + e.getMessage(), e.getSQLState(), e);
                }
                applied = migration.version();
                LOG.info("Schema {} migrated to v{}: {}", module, applied, migration.description());
            }
            if (applied != current) {
                try (PreparedStatement ps = connection.prepareStatement(
                        "UPDATE parley_schema SET version = ?, updated_at = ? WHERE module = ?")) {
                    ps.setInt(1, applied);
                    ps.setLong(2, System.currentTimeMillis());
                    ps.setString(3, module);
                    ps.executeUpdate();
                }
            }
            return applied;
        });
    }

    private void ensureRow(String module) {
        try {
            transactions.inTransaction(connection -> {
                try (PreparedStatement ps = connection.prepareStatement(
                        "INSERT INTO parley_schema (module, version, updated_at) SELECT ?, 0, ? "
                                + "WHERE NOT EXISTS (SELECT 1 FROM parley_schema WHERE module = ?)")) {
                    ps.setString(1, module);
                    ps.setLong(2, System.currentTimeMillis());
                    ps.setString(3, module);
                    return ps.executeUpdate();
                }
            });
        } catch (StoreException e) {
            if (!JdbcTransactions.isUniqueViolation(e)) {
                throw e; // another node inserted the row first: fine
            }
        }
    }

    private static int lockedVersion(Connection connection, String module) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT version FROM parley_schema WHERE module = ? FOR UPDATE")) {
            ps.setString(1, module);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
