package dev.parley.sla.internal.store;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * Writes batches on a thread of its own, in the order given, while the caller reads the next one:
 * a pass over every open ticket (the reconcile at start, the ladder's pass) then costs about the
 * larger of its reading and its writing instead of their sum. At most {@code depth} batches wait,
 * so a slow database holds the reader back rather than filling the heap. A failed write fails the
 * {@link #submit} or {@link #finish} that waits for it with its own exception; batches already
 * queued behind it may still be written (each batch must stand on its own).
 */
public final class WriteBehind<T> implements AutoCloseable {

    private final ExecutorService writer;
    private final ToIntFunction<T> write;
    private final int depth;
    private final Deque<Future<Integer>> pending = new ArrayDeque<>();
    private int written;

    /** {@code write} returns what the batch counts for (rows changed, events posted); {@link #finish} sums it. */
    public WriteBehind(String threadName, int depth, ToIntFunction<T> write) {
        this.write = write;
        this.depth = depth;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setPriority(Thread.currentThread().getPriority()); // as low as the pass that starts it
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues {@code batch} for writing; waits first while {@code depth} batches are still waiting. */
    public void submit(T batch) {
        while (pending.size() >= depth) {
            written += outcome(pending.removeFirst());
        }
        pending.addLast(writer.submit(() -> write.applyAsInt(batch)));
    }

    /** Waits until every batch is written; returns the sum of what the writes counted. */
    public int finish() {
        while (!pending.isEmpty()) {
            written += outcome(pending.removeFirst());
        }
        return written;
    }

    private int outcome(Future<Integer> batch) {
        try {
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a write", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Stops the writer thread once the batch it is writing is done, so nothing commits after this
     * returns; batches not yet started are dropped (call {@link #finish} first to keep them). Never
     * interrupts the write: H2 closes the whole database when a thread is interrupted in file I/O.
     */
    @Override
    public void close() {
        pending.forEach(f -> f.cancel(false));
        writer.shutdown();
        try {
            if (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("a write behind did not end within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
