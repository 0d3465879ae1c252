package dev.parley.helpdesk.core.internal.canned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;

class CannedResponseStoreTest {

    private HikariDataSource pool;
    private CannedResponseStore store;

    @BeforeEach
    void setUp() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        pool = StoreDataSource.pooled(h2, 2, 5_000);
        store = new CannedResponseStore(pool, new JdbcSchemaMigrator(pool));
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    @Test
    void responsesAreListedByNameWithTheirPlaceholders() {
        CannedResponse refund = store.create(" Refund ", "Hi {{customer.name}}, {{ agent.name }} here. {{customer.name}}!");
        store.create("apology", "Sorry about that.");

        assertThat(store.list()).extracting(CannedResponse::name).containsExactly("apology", "Refund");
        assertThat(refund.placeholders()).containsExactly("customer.name", "agent.name");
        assertThat(store.get(refund.id())).contains(refund);
    }

    @Test
    void namesAreUniqueWhateverTheirCase() {
        CannedResponse first = store.create("Refund", "a");
        assertThatThrownBy(() -> store.create("REFUND", "b")).isInstanceOf(CannedResponseStore.NameTaken.class);
        CannedResponse other = store.create("Other", "c");
        assertThatThrownBy(() -> store.update(other.id(), "refund", "c"))
                .isInstanceOf(CannedResponseStore.NameTaken.class);
        assertThat(store.update(first.id(), "refund", "new text").orElseThrow().text()).isEqualTo("new text");
    }

    @Test
    void anUnknownPlaceholderIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> store.create("typo", "Hi {{custmer.name}}"))
                .isInstanceOf(CannedResponseStore.Invalid.class)
                .hasMessageContaining("{{custmer.name}}").hasMessageContaining("{{customer.name}}")
                .extracting(e -> ((CannedResponseStore.Invalid) e).field()).isEqualTo("text");
        assertThatThrownBy(() -> store.create("", "x")).isInstanceOf(CannedResponseStore.Invalid.class);
        assertThatThrownBy(() -> store.create("x", " ")).isInstanceOf(CannedResponseStore.Invalid.class);
        assertThatThrownBy(() -> store.create("x", "y".repeat(5001))).isInstanceOf(CannedResponseStore.Invalid.class);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void deletedAndMissingResponsesAreGone() {
        CannedResponse r = store.create("bye", "Bye {{customer.name}}");
        assertThat(store.delete(r.id())).isTrue();
        assertThat(store.delete(r.id())).isFalse();
        assertThat(store.get(r.id())).isEmpty();
        assertThat(store.update(r.id(), "bye", "x")).isEmpty();
    }
}
