package dev.parley.helpdesk.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RelayWindowTest {

    @Test
    void eachRowIsTakenOnceAndTheNextReadLooksBehindTheNewest() {
        RelayWindow window = new RelayWindow(100, 10);
        assertThat(window.readFrom()).isEqualTo(100);
        assertThat(window.take(101)).isTrue();
        assertThat(window.take(105)).isTrue();
        assertThat(window.readFrom()).as("never before the floor").isEqualTo(100);
        assertThat(window.take(130)).isTrue();
        assertThat(window.readFrom()).isEqualTo(120);
        assertThat(window.take(130)).as("read again by the look-back").isFalse();
        assertThat(window.take(125)).as("numbered earlier, committed later").isTrue();
        assertThat(window.take(99)).as("written before this node started").isFalse();
    }

    @Test
    void onlyTheNumbersNotSeenBelowTheNewestAreReadAgain() {
        RelayWindow window = new RelayWindow(100, 10);
        assertThat(window.newest()).isEqualTo(100);
        assertThat(window.missing()).isEmpty();
        assertThat(window.take(101)).isTrue();
        assertThat(window.take(104)).isTrue();
        assertThat(window.newest()).isEqualTo(104);
        assertThat(window.missing()).containsExactly(102L, 103L);
        assertThat(window.take(103)).as("numbered earlier, committed later").isTrue();
        assertThat(window.take(103)).isFalse();
        assertThat(window.missing()).containsExactly(102L);
        assertThat(window.take(120)).isTrue();
        assertThat(window.missing()).as("at most lookBack numbers behind the newest")
                .containsExactly(111L, 112L, 113L, 114L, 115L, 116L, 117L, 118L, 119L);
        assertThat(window.take(102)).as("given up: too far behind").isFalse();
        assertThat(window.take(115)).isTrue();
        assertThat(window.take(104)).as("taken before").isFalse();
    }

    @Test
    void aWindowLooksBackAtLeastOneNumber() {
        assertThatThrownBy(() -> new RelayWindow(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
