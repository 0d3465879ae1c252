package dev.parley.social.connector.internal.http;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;

/**
 * An HTTP client built at its first use and closed with its owner. Building one sets up TLS (the
 * JDK's trust store read and parsed, some hundreds of classes) and, for the async client, starts
 * its IO threads: a runtime with no platform account configured, or one that never downloads media,
 * pays for none of it, and boot does not wait for it.
 */
public final class OnFirstUse<T extends ModalCloseable> {

    private final Supplier<T> build;
    private final Consumer<T> afterBuild;
    private final CloseMode closeMode;
    private T client;
    private boolean closed;

    /** {@code afterBuild} runs once on the new client before its first use (an async client's {@code start()}). */
    public OnFirstUse(Supplier<T> build, Consumer<T> afterBuild, CloseMode closeMode) {
        this.build = build;
        this.afterBuild = afterBuild;
        this.closeMode = closeMode;
    }

    /** The client, built now if this is its first use; {@link IllegalStateException} once closed. */
    public synchronized T get() {
        if (closed) {
            throw new IllegalStateException("the HTTP client is closed");
        }
        if (client == null) {
            T built = build.get();
            afterBuild.accept(built);
            client = built;
        }
        return client;
    }

    /** Whether a first use has built the client. */
    public synchronized boolean built() {
        return client != null;
    }

    /** Closes the client if it was built; later uses fail. */
    public void close() {
        T built;
        synchronized (this) {
            closed = true;
            built = client;
        }
        if (built != null) {
            built.close(closeMode);
        }
    }
}
