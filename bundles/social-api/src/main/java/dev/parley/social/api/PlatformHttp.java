package dev.parley.social.api;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one pooled HTTP client for calls to a platform's API, registered as a service by the
 * connector (which owns its connection pool, timeouts and threads) and injected into every
 * {@link SocialPlatform}, so a platform bundle needs no HTTP library of its own and an updated
 * platform bundle leaks no client. Calls return futures; the blocking forms are for the
 * connector's own threads (poller, outbox), never for a webhook request.
 */
@ProviderType
public interface PlatformHttp {

    /** A platform's answer; header names in lower case. */
    record Reply(int status, Map<String, String> headers, byte[] body) {

        public Reply {
            headers = Map.copyOf(headers);
            body = body == null ? new byte[0] : body;
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    CompletableFuture<Reply> getAsync(String url, Map<String, String> headers);

    CompletableFuture<Reply> postJsonAsync(String url, Map<String, String> headers, byte[] json);

    default Reply get(String url, Map<String, String> headers) throws IOException {
        return await(getAsync(url, headers));
    }

    default Reply postJson(String url, Map<String, String> headers, byte[] json) throws IOException {
        return await(postJsonAsync(url, headers, json));
    }

    /**
     * Whether a request that failed with {@code e} may still have reached the platform: not when
     * the connection was never made, but yes once it was (a response timeout, a dropped
     * connection), so a send failing that way is looked up before it is sent again.
     */
    boolean mayHaveArrived(IOException e);

    /** Waits for a call's answer, turning its failure into the {@link IOException} it was. */
    static Reply await(CompletableFuture<Reply> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new InterruptedIOException("interrupted while waiting for the platform");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }
}
