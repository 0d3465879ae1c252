package dev.parley.social.api;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
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

    /**
     * A JSON POST that may take up to {@code responseTimeout} to answer, longer than the client's
     * usual response timeout: a long poll (Telegram's {@code getUpdates} with a {@code timeout}).
     * The default waits the usual time. Cancelling the future ends the request.
     *
     * @since 1.8
     */
    default CompletableFuture<Reply> postJsonAsync(String url, Map<String, String> headers, byte[] json,
            Duration responseTimeout) {
        return postJsonAsync(url, headers, json);
    }

    /**
     * One field of a {@code multipart/form-data} request: a text {@code value}, or a {@code file}
     * sent with its MIME type and file name.
     *
     * @since 1.8
     */
    record FormPart(String name, Optional<String> value, Optional<MediaContent> file) {

        public FormPart {
            java.util.Objects.requireNonNull(name, "name");
            value = value == null ? Optional.empty() : value;
            file = file == null ? Optional.empty() : file;
            if (value.isPresent() == file.isPresent()) {
                throw new IllegalArgumentException("a form part is a value or a file");
            }
        }

        public static FormPart text(String name, String value) {
            return new FormPart(name, Optional.of(value), Optional.empty());
        }

        public static FormPart file(String name, MediaContent file) {
            return new FormPart(name, Optional.empty(), Optional.of(file));
        }
    }

    /**
     * A {@code multipart/form-data} POST (a file upload), the files streamed from their content.
     * The default: the client cannot upload.
     *
     * @since 1.8
     */
    default CompletableFuture<Reply> postMultipartAsync(String url, Map<String, String> headers,
            java.util.List<FormPart> parts) {
        return CompletableFuture.failedFuture(new IOException("this HTTP client cannot upload files"));
    }

    default Reply postMultipart(String url, Map<String, String> headers, java.util.List<FormPart> parts)
            throws IOException {
        return await(postMultipartAsync(url, headers, parts));
    }

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
