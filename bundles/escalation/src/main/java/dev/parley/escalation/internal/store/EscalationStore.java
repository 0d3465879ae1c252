package dev.parley.escalation.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.store.JdbcTransactions;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.helpdesk.api.store.SqlDialect;

/** Reads and writes the escalation tables. Each call is its own transaction. */
public final class EscalationStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<AuditEntry.ActionRecord>> ACTIONS = new TypeReference<>() {
    };

    private final JdbcTransactions tx;
    private final SqlDialect dialect;

    public EscalationStore(DataSource dataSource, SchemaMigrator migrator) {
        migrator.migrate(EscalationSchema.MODULE, EscalationSchema.MIGRATIONS);
        this.dialect = SqlDialect.of(dataSource);
        this.tx = new JdbcTransactions(dataSource, e -> new EscalationStoreException("escalation store: " + e.getMessage(), e));
    }

    /**
     * Claims a triggering event; false when it was claimed before (a redelivered event, another
     * node). The primary key decides, so actions are applied at most once per event; on PostgreSQL,
     * where two nodes may claim the same event at once, the loser's insert does nothing
     * ({@code ON CONFLICT DO NOTHING}) instead of failing.
     */
    public boolean claim(String triggerKey, long ticketId, Instant at) {
        try {
            return tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO escalation_triggers (trigger_key, ticket_id, claimed_at) VALUES (?, ?, ?)"
                                + (dialect.shared() ? " ON CONFLICT DO NOTHING" : ""))) {
                    ps.setString(1, triggerKey);
                    ps.setLong(2, ticketId);
                    ps.setLong(3, at.toEpochMilli());
                    return ps.executeUpdate() > 0;
                }
            });
        } catch (EscalationStoreException e) {
            if (JdbcTransactions.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    public void record(AuditEntry entry) {
        String actions;
        try {
            actions = JSON.writeValueAsString(entry.actions());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO escalation_audit (ticket_id, trigger_key, "
                    + "rule_name, rule_version, rule_source, why, actions, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, entry.ticketId());
                ps.setString(2, entry.trigger());
                ps.setString(3, entry.rule());
                ps.setString(4, entry.version());
                ps.setString(5, entry.source());
                ps.setString(6, entry.why());
                ps.setString(7, actions);
                ps.setLong(8, entry.at().toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The ticket's audit, oldest first. */
    public List<AuditEntry> audit(long ticketId) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT trigger_key, rule_name, rule_version, rule_source, "
                    + "why, actions, at FROM escalation_audit WHERE ticket_id = ? ORDER BY id")) {
                ps.setLong(1, ticketId);
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new AuditEntry(ticketId, rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), actions(rs.getString(6)),
                                Instant.ofEpochMilli(rs.getLong(7))));
                    }
                }
                return entries;
            }
        });
    }

    /** Records an automated message (AUTO_REPLY, PUBLIC_REPLY, HAND_OFF) for the guardrails to count. */
    public void recordSent(long ticketId, Optional<Long> customerId, String kind, Instant at) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO escalation_sent (ticket_id, customer_id, kind, at) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, ticketId);
                ps.setObject(2, customerId.orElse(null), java.sql.Types.BIGINT);
                ps.setString(3, kind);
                ps.setLong(4, at.toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
    }

    public int sentToCustomerSince(long customerId, String kind, Instant since) {
        return count("SELECT COUNT(*) FROM escalation_sent WHERE customer_id = ? AND kind = ? AND at >= ?", customerId,
                kind, since.toEpochMilli());
    }

    public int sentOnTicket(long ticketId, String kind) {
        return count("SELECT COUNT(*) FROM escalation_sent WHERE ticket_id = ? AND kind = ?", ticketId, kind);
    }

    /** Rule switches set by administrators (rule name → enabled), overriding what the rule says. */
    public Map<String, Boolean> switches() {
        return tx.read(c -> {
            Map<String, Boolean> switches = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT rule_name, enabled FROM escalation_rule_switches");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    switches.put(rs.getString(1), rs.getBoolean(2));
                }
            }
            return switches;
        });
    }

    public void setSwitch(String rule, boolean enabled, Instant at) {
        tx.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM escalation_rule_switches WHERE rule_name = ?");
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO escalation_rule_switches (rule_name, enabled, changed_at) VALUES (?, ?, ?)")) {
                delete.setString(1, rule);
                delete.executeUpdate();
                insert.setString(1, rule);
                insert.setBoolean(2, enabled);
                insert.setLong(3, at.toEpochMilli());
                insert.executeUpdate();
            }
            return null;
        });
    }

    private int count(String sql, Object... args) {
        return tx.read(c -> {
            try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    private static List<AuditEntry.ActionRecord> actions(String json) {
        try {
            return JSON.readValue(json, ACTIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable audit actions: " + e.getOriginalMessage(), e);
        }
    }
}
