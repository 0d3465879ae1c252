package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SlowAcksTest {

    private static final long MS = 1_000_000;

    @Test
    void slowAcksCloseInSendTimeFormOneBurst() {
        // sent at 0, 10, 20, 500, 510, 2000 ms (out of order, as connections record them); fast ones split nothing
        long[] due = {20 * MS, 0, 10 * MS, 510 * MS, 500 * MS, 2000 * MS, 15 * MS};
        long[] ack = {45 * MS, 60 * MS, 50 * MS, 21 * MS, 30 * MS, 1 * MS, 1 * MS};
        List<SlowAcks.Burst> bursts = SlowAcks.bursts(due, ack);
        assertThat(bursts).containsExactly(new SlowAcks.Burst(0, 20 * MS, 3, 60 * MS),
                new SlowAcks.Burst(500 * MS, 510 * MS, 2, 30 * MS));
    }

    @Test
    void noSlowAcksNoBursts() {
        assertThat(SlowAcks.bursts(new long[] {0, MS}, new long[] {MS, 20 * MS})).isEmpty();
    }
}
