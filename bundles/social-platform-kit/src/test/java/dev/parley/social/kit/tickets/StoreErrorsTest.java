package dev.parley.social.kit.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class StoreErrorsTest {

    @Test
    void aDataOrConstraintErrorShowsItsSqlStateNotTheValuesItQuotes() {
        RuntimeException wrapped = new IllegalStateException("store failed",
                new SQLException("Value too long for column TEXT: 'my card number is 4111...'", "22001"));
        assertThat(StoreErrors.loggable(wrapped)).isEqualTo("SQLException, SQLState 22001").doesNotContain("4111");
        assertThat(StoreErrors.loggable(new SQLException("duplicate key (ann@example.com)", "23505")))
                .doesNotContain("ann@example.com");
    }

    @Test
    void otherFailuresKeepTheirMessage() {
        assertThat(StoreErrors.loggable(new SQLException("Connection refused", "08001"))).isEqualTo("Connection refused");
        assertThat(StoreErrors.loggable(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
