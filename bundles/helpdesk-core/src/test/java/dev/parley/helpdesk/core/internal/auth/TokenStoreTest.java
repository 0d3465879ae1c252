package dev.parley.helpdesk.core.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;

class TokenStoreTest {

    private HikariDataSource pool;
    private JdbcSchemaMigrator migrator;
    private MutableClock clock;
    private TokenStore store;

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-06T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** A new, empty database for one test; the PostgreSQL subclass runs every test on PostgreSQL. */
    protected DataSource newDatabase() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    @BeforeEach
    void setUp() throws Exception {
        pool = StoreDataSource.pooled(newDatabase(), 4, 5_000);
        migrator = new JdbcSchemaMigrator(pool);
        clock = new MutableClock();
        store = new TokenStore(pool, migrator, clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
        pool.close();
    }

    @Test
    void aCreatedTokenAuthenticatesItsCallerAndOnlyItsDigestIsStored() throws Exception {
        IssuedToken issued = store.create("  Ann Agent ", Role.AGENT, List.of());
        assertThat(issued.token()).startsWith("prl_").hasSize(4 + 43); // 256 random bits, base64url
        assertThat(issued.toString()).doesNotContain(issued.token());
        assertThat(issued.stored().name()).isEqualTo("Ann Agent");

        Caller caller = store.authenticate(issued.token()).orElseThrow();
        assertThat(caller.name()).isEqualTo("Ann Agent");
        assertThat(caller.role()).isEqualTo(Role.AGENT);
        assertThat(caller.tokenId()).contains(issued.stored().id());
        assertThat(store.authenticate(issued.token() + "x")).isEmpty();
        assertThat(store.authenticate("no-prefix")).isEmpty();

        assertThat(columnValues()).noneMatch(v -> v.contains(issued.token().substring(4)))
                .contains(TokenStore.sha256(issued.token()));
    }

    @Test
    void aSecondStoreOnTheSameDatabaseSeesTokensAndRevocationsAtOnce() {
        TokenStore otherNode = new TokenStore(pool, migrator, clock);
        IssuedToken issued = store.create("widget wall", Role.WIDGET, List.of());
        assertThat(otherNode.authenticate(issued.token())).isPresent();

        assertThat(otherNode.revoke(issued.stored().id())).isTrue();
        assertThat(store.authenticate(issued.token())).isEmpty();
        assertThat(store.revoke(issued.stored().id())).isFalse();
        assertThat(store.get(issued.stored().id())).isEmpty();
        otherNode.close();
    }

    @Test
    void listingShowsNamesRolesAndTimesButNoSecret() {
        IssuedToken a = store.create("a", Role.ADMIN, List.of());
        clock.now = clock.now.plusSeconds(5);
        IssuedToken b = store.create("crm", Role.AGENT, List.of("/api/tickets", "/api/tickets/"));
        List<StoredToken> all = store.list();
        assertThat(all).extracting(StoredToken::name).containsExactly("a", "crm");
        assertThat(all.get(1).paths()).containsExactly("/api/tickets");
        assertThat(all.get(1).created()).isEqualTo(Instant.parse("2026-12-06T10:00:05Z"));
        assertThat(all).allSatisfy(t -> assertThat(t.lastUsed()).isEmpty());
        assertThat(all.toString()).doesNotContain(a.token()).doesNotContain(b.token());
    }

    @Test
    void lastUseIsListedAtOnceButWrittenOnlyByTheBatchedFlush() throws Exception {
        IssuedToken issued = store.create("sla board", Role.WIDGET, List.of());
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        for (int i = 0; i < 50; i++) {
            store.authenticate(issued.token());
        }
        Instant used = clock.now;
        assertThat(store.get(issued.stored().id()).orElseThrow().lastUsed()).contains(used);
        assertThat(lastUsedInDatabase()).isNull(); // 50 requests, no write

        store.flush();
        assertThat(lastUsedInDatabase()).isEqualTo(used.toEpochMilli());
        assertThat(new TokenStore(pool, migrator, clock).list().get(0).lastUsed()).contains(used);

        clock.now = clock.now.plusSeconds(30);
        store.authenticate(issued.token());
        store.close(); // deactivation writes what was left
        assertThat(lastUsedInDatabase()).isEqualTo(clock.now.toEpochMilli());
    }

    @Test
    void namesAndPathsAreChecked() {
        assertThatThrownBy(() -> store.create(" ", Role.AGENT, List.of())).hasMessageContaining("1 to 100 characters");
        assertThatThrownBy(() -> store.create("a\nb", Role.AGENT, List.of())).hasMessageContaining("control");
        assertThatThrownBy(() -> store.create("x".repeat(101), Role.AGENT, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.create("x", Role.AGENT, List.of("/api/../plugins"))).hasMessageContaining("path prefix");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("/api/p" + i);
        }
        assertThatThrownBy(() -> store.create("x", Role.AGENT, many)).hasMessageContaining("at most 20");
        assertThat(store.list()).isEmpty();
    }

    private Long lastUsedInDatabase() throws Exception {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT last_used_at FROM api_tokens")) {
            rs.next();
            long value = rs.getLong(1);
            return rs.wasNull() ? null : value;
        }
    }

    private List<String> columnValues() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM api_tokens")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(String.valueOf(rs.getString(i)).strip());
                }
            }
        }
        return values;
    }
}
