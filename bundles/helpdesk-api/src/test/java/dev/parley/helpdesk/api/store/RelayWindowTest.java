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
    void aWindowLooksBackAtLeastOneNumber() {
        assertThatThrownBy(() -> new RelayWindow(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
