package dev.parley.helpdesk.api.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One server-sent events stream, written without ever blocking the caller: frames queue per stream
 * and leave as fast as the client reads (the Servlet API's non-blocking output, a {@link
 * WriteListener}). A client that falls more than {@code maxQueuedBytes} behind is cut off (it
 * reconnects and reloads, as after any drop), so one slow or hostile reader can neither hold up the
 * other streams fed by the same thread nor fill the heap.
 */
public final class EventStream {

    private final AsyncContext context;
    private final ServletOutputStream out;
    private final int maxQueuedBytes;
    private final Consumer<EventStream> onClose;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int queuedBytes;
    private boolean unflushed;
    private boolean closed;

    private EventStream(AsyncContext context, ServletOutputStream out, int maxQueuedBytes, Consumer<EventStream> onClose) {
        this.context = context;
        this.out = out;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onClose = onClose;
    }

    /**
     * Answers {@code req} with an open event stream (status 200, {@code text/event-stream}, no caching
     * or proxy buffering, no timeout). {@code onClose} gets the stream once when it ends for any reason:
     * the client left, an error, {@link #close}, or falling too far behind.
     */
    public static EventStream open(HttpServletRequest req, HttpServletResponse resp, int maxQueuedBytes,
            Consumer<EventStream> onClose) throws IOException {
        if (maxQueuedBytes <= 0) {
            throw new IllegalArgumentException("maxQueuedBytes must be positive");
        }
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Accel-Buffering", "no");
        AsyncContext context = req.startAsync();
        context.setTimeout(0);
        EventStream stream = new EventStream(context, resp.getOutputStream(), maxQueuedBytes,
                Objects.requireNonNull(onClose, "onClose"));
        context.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                stream.ended();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                stream.close();
            }

            @Override
            public void onError(AsyncEvent event) {
                stream.close();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // stays registered
            }
        });
        stream.out.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() {
                stream.drain();
            }

            @Override
            public void onError(Throwable t) {
                stream.close();
            }
        });
        return stream;
    }

    /**
     * Queues one frame (e.g. {@code "event: x\ndata: {...}\n\n"}) and writes what the client can take
     * now. False when the stream is closed, or has just been closed for falling too far behind.
     */
    public boolean send(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (queuedBytes + bytes.length > maxQueuedBytes) {
                closeLocked();
            } else {
                queue.add(bytes);
                queuedBytes += bytes.length;
                drain();
            }
        }
        return isOpen();
    }

    public synchronized boolean isOpen() {
        return !closed;
    }

    /** Ends the stream (idempotent); what is still queued is dropped. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closeLocked();
        }
    }

    /** Writes while the client takes it; the container calls again ({@code onWritePossible}) when it can take more. */
    private synchronized void drain() {
        if (closed) {
            return;
        }
        try {
            while (out.isReady()) {
                byte[] next = queue.poll();
                if (next == null) {
                    if (!unflushed) {
                        return;
                    }
                    unflushed = false;
                    out.flush();
                    continue;
                }
                queuedBytes -= next.length;
                out.write(next);
                unflushed = true;
            }
        } catch (IOException | RuntimeException e) {
            closeLocked();
        }
    }

    private void closeLocked() {
        closed = true;
        queue.clear();
        queuedBytes = 0;
        try {
            context.complete();
        } catch (RuntimeException e) {
            // already completed by the container
        }
        onClose.accept(this);
    }

    /** The container completed the request (the client left): forget the stream without completing it again. */
    private void ended() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            queuedBytes = 0;
        }
        onClose.accept(this);
    }
}
