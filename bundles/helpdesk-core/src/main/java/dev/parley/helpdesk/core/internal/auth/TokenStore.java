package dev.parley.helpdesk.core.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.store.JdbcTransactions;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.helpdesk.core.internal.store.StoreException;

/**
 * API tokens kept in the helpdesk database, so every node sharing it accepts the same tokens and
 * a revocation holds everywhere at the next request: each authentication reads the row (one
 * indexed lookup by the token's SHA-256; the token itself is never stored). Last-used times are
 * collected in memory and written in one batch every {@link #LAST_USED_FLUSH}, so a request adds
 * no write.
 */
@Component(service = TokenStore.class)
public final class TokenStore {

    /** How often last-used times reach the database; listings on this node include the newer ones at once. */
    static final Duration LAST_USED_FLUSH = Duration.ofSeconds(30);
    static final String PREFIX = "prl_";
    static final int MAX_PATHS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);
    private static final String COLUMNS = "id, name, role, paths, created_at, last_used_at";

    private final JdbcTransactions tx;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, Instant> unsavedUse = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    @Activate
    public TokenStore(@Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource,
            @Reference SchemaMigrator migrator) {
        this(dataSource, migrator, Clock.systemUTC());
        flusher.scheduleWithFixedDelay(this::flushQuietly, LAST_USED_FLUSH.toMillis(), LAST_USED_FLUSH.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Without the periodic flush: tests call {@link #flush()} themselves. */
    TokenStore(DataSource dataSource, SchemaMigrator migrator, Clock clock) {
        migrator.migrate(TokenSchema.MODULE, TokenSchema.MIGRATIONS);
        this.tx = new JdbcTransactions(dataSource, StoreException::new);
        this.clock = clock;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-token-last-used");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void close() {
        flusher.shutdownNow();
        flushQuietly();
    }

    /** A new token for {@code name}; its secret is in the answer and nowhere else. */
    public IssuedToken create(String name, Role role, List<String> paths) {
        String cleanName = checkName(name);
        List<String> prefixes = checkPaths(paths);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // what the database keeps
        long id = tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_tokens (name, role, paths, token_sha256, "
                    + "created_at) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, cleanName);
                ps.setString(2, role.id());
                ps.setString(3, prefixes.isEmpty() ? null : String.join("\n", prefixes));
                ps.setString(4, sha256(token));
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
        LOG.info("API token {} '{}' created with role {}{}", id, cleanName, role.id(),
                prefixes.isEmpty() ? "" : ", limited to " + prefixes);
        return new IssuedToken(new StoredToken(id, cleanName, role, prefixes, now, Optional.empty()), token);
    }

    /** The caller owning {@code token}, noting the use; empty for an unknown or revoked token. */
    public Optional<Caller> authenticate(String token) {
        if (!token.startsWith(PREFIX)) {
            return Optional.empty(); // not one of ours: spare the database the lookup
        }
        String digest = sha256(token);
        Optional<StoredToken> found = tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens WHERE token_sha256 = ?")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? row(rs) : Optional.<StoredToken>empty();
                }
            }
        });
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        found.ifPresent(t -> unsavedUse.merge(t.id(), now, (a, b) -> a.isAfter(b) ? a : b));
        return found.map(StoredToken::caller);
    }

    public List<StoredToken> list() {
        List<StoredToken> tokens = tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                List<StoredToken> all = new ArrayList<>();
                while (rs.next()) {
                    row(rs).ifPresent(all::add);
                }
                return all;
            }
        });
        return tokens.stream().map(this::withUnsavedUse).toList();
    }

    public Optional<StoredToken> get(long id) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? row(rs) : Optional.<StoredToken>empty();
                }
            }
        }).map(this::withUnsavedUse);
    }

    /** Deletes the token: its next request is refused, on every node. False when there was none. */
    public boolean revoke(long id) {
        int deleted = tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM api_tokens WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate();
            }
        });
        unsavedUse.remove(id);
        if (deleted > 0) {
            LOG.info("API token {} revoked", id);
        }
        return deleted > 0;
    }

    /** Writes the collected last-used times in one batch. */
    void flush() {
        Map<Long, Instant> batch = new java.util.HashMap<>();
        for (Long id : List.copyOf(unsavedUse.keySet())) {
            Instant at = unsavedUse.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ? "
                        + "AND (last_used_at IS NULL OR last_used_at < ?)")) {
                    for (Map.Entry<Long, Instant> e : batch.entrySet()) {
                        ps.setLong(1, e.getValue().toEpochMilli());
                        ps.setLong(2, e.getKey());
                        ps.setLong(3, e.getValue().toEpochMilli());
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                }
            });
        } catch (RuntimeException e) {
            batch.forEach((id, at) -> unsavedUse.merge(id, at, (a, b) -> a.isAfter(b) ? a : b)); // next time
            throw e;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Could not record API tokens' last use (tried again later): {}", e.getMessage());
        }
    }

    private StoredToken withUnsavedUse(StoredToken token) {
        Instant unsaved = unsavedUse.get(token.id());
        return unsaved == null ? token : token.usedAt(unsaved);
    }

    private static Optional<StoredToken> row(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        Optional<Role> role = Role.parse(rs.getString(3));
        if (role.isEmpty()) {
            LOG.warn("API token {} has the unknown role '{}' and is refused", id, rs.getString(3));
            return Optional.empty();
        }
        String paths = rs.getString(4);
        long lastUsed = rs.getLong(6);
        Optional<Instant> used = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastUsed));
        return Optional.of(new StoredToken(id, rs.getString(2), role.get(),
                paths == null || paths.isEmpty() ? List.of() : Arrays.asList(paths.split("\n")),
                Instant.ofEpochMilli(rs.getLong(5)), used));
    }

    static String checkName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 100 || clean.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a token's name is 1 to 100 characters without control characters; it "
                    + "is recorded as the author of the replies sent with it");
        }
        return clean;
    }

    static List<String> checkPaths(List<String> paths) {
        if (paths == null) {
            return List.of();
        }
        if (paths.size() > MAX_PATHS) {
            throw new IllegalArgumentException("at most " + MAX_PATHS + " path prefixes per token, not " + paths.size());
        }
        LinkedHashSet<String> clean = new LinkedHashSet<>();
        paths.forEach(p -> clean.add(AccessPolicy.checkPrefix(p)));
        return List.copyOf(clean);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
