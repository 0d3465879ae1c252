package dev.parley.helpdesk.core.internal.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Collects one request body with non-blocking reads and runs the rest of the chain once all of it
 * has arrived. Until then the request holds a socket and a buffer but no thread, which is what
 * keeps clients that send headers and then stall (or trickle) from starving real webhooks.
 * Exactly one of "body complete", "client gone", "too slow", "deadline passed" or "too large" ends it.
 * "Too slow" is measured from the moment collecting starts, not from the request's first byte (as
 * Jetty's own minimum data rate is): on a busy server a request may wait a second or more for a
 * thread, and a client whose small body arrived long ago must not be blamed for that wait.
 */
final class BodyCollector implements ReadListener, AsyncListener {

    private static final Logger LOG = LoggerFactory.getLogger(BodyCollector.class);

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final FilterChain chain;
    private final AddressLimiter.Permit permit;
    private final String requestId;
    private final int maxBytes;
    private final long minBytesPerSecond;
    private long startNanos;
    private final ByteArrayOutputStream body;
    private final byte[] chunk = new byte[8192];
    private final AtomicBoolean ended = new AtomicBoolean();
    private AsyncContext async;
    private ServletInputStream in;

    BodyCollector(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            AddressLimiter.Permit permit, String requestId, int maxBytes, long minBytesPerSecond) {
        this.request = request;
        this.response = response;
        this.chain = chain;
        this.permit = permit;
        this.requestId = requestId;
        this.maxBytes = maxBytes;
        this.minBytesPerSecond = minBytesPerSecond;
        long declared = request.getContentLengthLong();
        this.body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
    }

    void start(long deadlineMillis) throws IOException {
        startNanos = System.nanoTime();
        async = request.startAsync(request, response);
        async.setTimeout(deadlineMillis);
        async.addListener(this);
        in = request.getInputStream();
        in.setReadListener(this);
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (in.isReady() && !in.isFinished()) {
            int read = in.read(chunk);
            if (read < 0) {
                return;
            }
            body.write(chunk, 0, read);
            if (body.size() > maxBytes) {
                refuse(413, "the request body is larger than " + maxBytes + " bytes", true);
                return;
            }
        }
        if (!in.isFinished() && belowRate(body.size(), System.nanoTime() - startNanos, minBytesPerSecond)) {
            refuse(408, "the request body arrives slower than " + minBytesPerSecond + " bytes/s (" + body.size()
                    + " bytes in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms)", true);
        }
    }

    /** {@code bytes} in {@code elapsedNanos} is below the minimum average rate, after a first second of grace; 0 turns the check off. */
    static boolean belowRate(long bytes, long elapsedNanos, long minBytesPerSecond) {
        long elapsedMillis = elapsedNanos / 1_000_000;
        return minBytesPerSecond > 0 && elapsedMillis >= 1_000 && bytes < minBytesPerSecond * elapsedMillis / 1_000;
    }

    @Override
    public void onAllDataRead() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        BufferedBodyRequest buffered = new BufferedBodyRequest(request, body.toByteArray(), async);
        try {
            chain.doFilter(buffered, response);
        } catch (Exception | Error e) {
            // Felix's dispatcher turns a servlet's exception into a 500 itself; what reaches here failed around it
            LOG.warn("Request {} {} {} failed after its body arrived: {}", requestId, request.getMethod(),
                    request.getRequestURI(), e.toString());
            LOG.debug("Request {} failure", requestId, e);
            writeProblem(500, "the server failed to handle this request (request id " + requestId + ")", false);
        } finally {
            if (!buffered.continuedAsync()) {
                permit.release();
                async.complete();
            } // else the servlet completes it, and onComplete releases the permit
        }
    }

    /** The client went away or stopped sending before the body was complete: one line, no stack. */
    @Override
    public void onError(Throwable failure) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        LOG.warn("Request {} {} {} from {} aborted after {} body bytes: {}", requestId, request.getMethod(),
                request.getRequestURI(), request.getRemoteAddr(), body.size(), describe(failure));
        LOG.debug("Request {} abort", requestId, failure);
        permit.release();
        writeProblem(408, "the request body did not arrive (" + describe(failure) + ")", true);
        async.complete();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        refuse(408, "the request body did not arrive within the deadline; " + body.size() + " bytes came", true);
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable() == null ? new IOException("the request failed") : event.getThrowable());
    }

    @Override
    public void onComplete(AsyncEvent event) {
        permit.release();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // the collector starts asynchronous processing once and never again
    }

    private void refuse(int status, String detail, boolean close) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        LOG.warn("Request {} {} {} from {} refused with {}: {}", requestId, request.getMethod(),
                request.getRequestURI(), request.getRemoteAddr(), status, detail);
        permit.release();
        writeProblem(status, detail, close);
        async.complete();
    }

    private void writeProblem(int status, String detail, boolean close) {
        if (response.isCommitted()) {
            return;
        }
        try {
            if (close) {
                // the rest of the body may never come: do not keep the connection for another request
                response.setHeader("Connection", "close");
            }
            EdgeResponses.problem(response, status, detail, request.getRequestURI(), requestId);
        } catch (IOException | IllegalStateException e) {
            LOG.debug("Request {}: the {} answer could not be written: {}", requestId, status, e.toString());
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + ProblemBody.clip(message));
    }
}
