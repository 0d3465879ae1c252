package dev.parley.helpdesk.core.internal.canned;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.store.JdbcTransactions;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.helpdesk.core.internal.store.StoreException;

/**
 * Canned responses in the helpdesk database, shared by every node on it. Names are unique without
 * regard to case (an agent finds one by typing its name); texts are at most {@link #MAX_TEXT}
 * characters and use only the {@link Placeholders#KNOWN} placeholders.
 */
@Component(service = CannedResponseStore.class)
public final class CannedResponseStore {

    static final int MAX_NAME = 100;
    static final int MAX_TEXT = 5000;
    static final int MAX_RESPONSES = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(CannedResponseStore.class);
    private static final String COLUMNS = "id, name, body, created_at, updated_at";

    /** A name or text the store does not take; {@link #field()} names the culprit. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;

        Invalid(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** Another canned response already has this name. */
    public static final class NameTaken extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NameTaken(String name) {
            super("a canned response named '" + name + "' exists already (names are unique, whatever their case)");
        }
    }

    private final JdbcTransactions tx;
    private final Clock clock;

    @Activate
    public CannedResponseStore(@Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource,
            @Reference SchemaMigrator migrator) {
        this(dataSource, migrator, Clock.systemUTC());
    }

    CannedResponseStore(DataSource dataSource, SchemaMigrator migrator, Clock clock) {
        migrator.migrate(CannedResponseSchema.MODULE, CannedResponseSchema.MIGRATIONS);
        this.tx = new JdbcTransactions(dataSource, StoreException::new);
        this.clock = clock;
    }

    /** Every canned response, by name. */
    public List<CannedResponse> list() {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM canned_responses ORDER BY name_key, id"); ResultSet rs = ps.executeQuery()) {
                List<CannedResponse> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(row(rs));
                }
                return all;
            }
        });
    }

    public Optional<CannedResponse> get(long id) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM canned_responses WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    public CannedResponse create(String name, String text) {
        String cleanName = checkName(name);
        String cleanText = checkText(text);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long id;
        try {
            id = tx.inTransaction(c -> {
                try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM canned_responses");
                        ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= MAX_RESPONSES) {
                        throw new Invalid("name", "at most " + MAX_RESPONSES + " canned responses are kept; delete one "
                                + "first");
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO canned_responses (name, name_key, body, "
                        + "created_at, updated_at) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, cleanName);
                    ps.setString(2, key(cleanName));
                    ps.setString(3, cleanText);
                    ps.setLong(4, now.toEpochMilli());
                    ps.setLong(5, now.toEpochMilli());
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        if (!keys.next()) {
                            throw new SQLException("the database returned no generated key");
                        }
                        return keys.getLong(1);
                    }
                }
            });
        } catch (StoreException e) {
            throw JdbcTransactions.isUniqueViolation(e) ? new NameTaken(cleanName) : e;
        }
        LOG.info("Canned response {} '{}' created", id, cleanName);
        return new CannedResponse(id, cleanName, cleanText, now, now);
    }

    /** Replaces a response's name and text; empty when there is no such response. */
    public Optional<CannedResponse> update(long id, String name, String text) {
        String cleanName = checkName(name);
        String cleanText = checkText(text);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int updated;
        try {
            updated = tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE canned_responses SET name = ?, name_key = ?, body = ?, updated_at = ? WHERE id = ?")) {
                    ps.setString(1, cleanName);
                    ps.setString(2, key(cleanName));
                    ps.setString(3, cleanText);
                    ps.setLong(4, now.toEpochMilli());
                    ps.setLong(5, id);
                    return ps.executeUpdate();
                }
            });
        } catch (StoreException e) {
            throw JdbcTransactions.isUniqueViolation(e) ? new NameTaken(cleanName) : e;
        }
        if (updated == 0) {
            return Optional.empty();
        }
        LOG.info("Canned response {} '{}' changed", id, cleanName);
        return get(id);
    }

    public boolean delete(long id) {
        int deleted = tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM canned_responses WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate();
            }
        });
        if (deleted > 0) {
            LOG.info("Canned response {} deleted", id);
        }
        return deleted > 0;
    }

    private static CannedResponse row(ResultSet rs) throws SQLException {
        return new CannedResponse(rs.getLong(1), rs.getString(2), rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    static String checkName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > MAX_NAME || clean.chars().anyMatch(Character::isISOControl)) {
            throw new Invalid("name", "a canned response's name is 1 to " + MAX_NAME
                    + " characters without control characters");
        }
        return clean;
    }

    static String checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new Invalid("text", "a canned response's text is required");
        }
        if (text.length() > MAX_TEXT) {
            throw new Invalid("text", "a canned response's text is at most " + MAX_TEXT + " characters, not "
                    + text.length());
        }
        List<String> unknown = Placeholders.unknown(text);
        if (!unknown.isEmpty()) {
            throw new Invalid("text", "unknown placeholder" + (unknown.size() == 1 ? " " : "s ")
                    + unknown.stream().map(n -> "{{" + n + "}}").toList() + "; known: "
                    + Placeholders.KNOWN.stream().sorted().map(n -> "{{" + n + "}}").toList());
        }
        return text;
    }
}
