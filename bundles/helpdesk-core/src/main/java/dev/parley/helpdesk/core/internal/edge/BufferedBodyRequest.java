package dev.parley.helpdesk.core.internal.edge;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/** The request as servlets see it once its whole body has arrived: reading it can no longer block. */
final class BufferedBodyRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private final AsyncContext collecting;
    private volatile boolean continuedAsync;

    /** {@code collecting}: the asynchronous processing the edge started to read the body. */
    BufferedBodyRequest(HttpServletRequest request, byte[] body, AsyncContext collecting) {
        super(request);
        this.body = body;
        this.collecting = collecting;
    }

    /**
     * A servlet that goes asynchronous (a delayed answer, a stream) continues the processing the
     * edge already started to collect the body: the container allows one start per dispatch, and
     * the servlet now completes it.
     */
    @Override
    public AsyncContext startAsync() {
        continuedAsync = true;
        return collecting;
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return startAsync();
    }

    @Override
    public boolean isAsyncStarted() {
        return continuedAsync;
    }

    @Override
    public AsyncContext getAsyncContext() {
        if (!continuedAsync) {
            throw new IllegalStateException("the servlet has not started asynchronous processing");
        }
        return collecting;
    }

    /** Whether the servlet took the asynchronous processing over, and so completes it itself. */
    boolean continuedAsync() {
        return continuedAsync;
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new IllegalStateException("the body has already been read by the HTTP edge");
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null || !Charset.isSupported(encoding) ? StandardCharsets.UTF_8
                : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    /** The servlets run from the body's completion, still as the original request, not an async dispatch. */
    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }
}
