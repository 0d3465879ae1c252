package dev.parley.sla.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class WriteBehindTest {

    @Test
    void batchesAreWrittenInOrderOnAnotherThreadAndCounted() {
        List<String> written = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        try (WriteBehind<List<String>> writer = new WriteBehind<>("test-writer", 2, batch -> {
            written.addAll(batch);
            threads.add(Thread.currentThread().getName());
            return batch.size();
        })) {
            for (int i = 0; i < 20; i++) {
                writer.submit(List.of("a" + i, "b" + i));
            }
            assertThat(writer.finish()).isEqualTo(40);
        }
        assertThat(written).hasSize(40).startsWith("a0", "b0", "a1").endsWith("a19", "b19");
        assertThat(threads).containsOnly("test-writer");
    }

    @Test
    void theReaderGoesOnWhileAWriteRunsButNoFurtherThanTheDepth() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (WriteBehind<Integer> writer = new WriteBehind<>("test-writer", 2, batch -> {
            writing.countDown();
            await(release);
            return 1;
        })) {
            writer.submit(1);
            assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
            writer.submit(2); // the first is being written: the caller is not held
            Thread third = new Thread(() -> writer.submit(3));
            third.start();
            third.join(300);
            assertThat(third.isAlive()).as("a third batch waits while two are pending").isTrue();
            release.countDown();
            third.join(5_000);
            assertThat(third.isAlive()).isFalse();
        }
    }

    @Test
    void aFailedWriteFailsTheCallThatWaitsForIt() {
        try (WriteBehind<Integer> writer = new WriteBehind<>("test-writer", 1, batch -> {
            if (batch == 2) {
                throw new SlaStoreException("disk full", null);
            }
            return 1;
        })) {
            writer.submit(1);
            writer.submit(2);
            assertThatThrownBy(writer::finish).isInstanceOf(SlaStoreException.class).hasMessage("disk full");
        }
    }

    @Test
    void closeReturnsOnlyOnceTheBatchBeingWrittenIsDone() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        List<Integer> written = new CopyOnWriteArrayList<>();
        WriteBehind<Integer> writer = new WriteBehind<>("test-writer", 2, batch -> {
            writing.countDown();
            sleep(300);
            written.add(batch);
            return 1;
        });
        writer.submit(1);
        writer.submit(2);
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
        writer.close(); // the second had not started: dropped; the first finishes before close returns
        assertThat(written).containsExactly(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
