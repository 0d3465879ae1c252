package dev.parley.agent.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.FileEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends a spooled upload on to the host's API with {@code Expect: 100-continue} (Apache HttpClient
 * 5): the file's bytes go only after the host said {@code 100 Continue} (it checked the token, role,
 * ticket and declared size), and a refusal comes back with its problem body without them. Written on
 * the calling servlet thread, so a large file occupies no shared client thread. (The JDK's HttpClient
 * 17 never delivers the body of a response that refuses an expectation, so it cannot relay the
 * host's refusal.) The client is built at the first upload, not at boot (it sets up TLS).
 */
final class UploadForwarder implements AutoCloseable {

    /** The host's answer: status, headers (lower-case names, first value), body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    private static final int MAX_ANSWER_BYTES = 256 * 1024;

    private CloseableHttpClient http;
    private boolean closed;

    private synchronized CloseableHttpClient http() {
        if (closed) {
            throw new IllegalStateException("the upload client is closed");
        }
        if (http == null) {
            http = HttpClients.custom()
                    .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                            .setDefaultConnectionConfig(ConnectionConfig.custom()
                                    .setConnectTimeout(Timeout.ofSeconds(5)).build())
                            .build())
                    .disableAutomaticRetries() // an upload is sent once; the agent retries
                    .disableRedirectHandling()
                    .disableCookieManagement()
                    .disableContentCompression()
                    .build();
        }
        return http;
    }

    /** Whether an upload has been sent (and so the client built). */
    synchronized boolean started() {
        return http != null;
    }

    /**
     * Posts {@code file} to {@code base + pathAndQuery} with the caller's {@code token} and {@code
     * headers} (its {@code Content-Type} becomes the file's); waits at most {@code timeout} for each
     * read of the answer. Throws {@link IllegalArgumentException} for a target that is not a URI.
     */
    Answer send(URI base, String pathAndQuery, String token, Map<String, String> headers, Path file,
            Duration timeout) throws IOException {
        HttpPost post = new HttpPost(URI.create(base.toString().replaceAll("/+$", "") + pathAndQuery));
        post.setConfig(RequestConfig.custom().setExpectContinueEnabled(true)
                .setResponseTimeout(Timeout.of(timeout)).build());
        post.setHeader("Authorization", "Bearer " + token);
        ContentType type = ContentType.APPLICATION_OCTET_STREAM;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase("Content-Type")) {
                type = ContentType.parseLenient(h.getValue());
            } else {
                post.setHeader(h.getKey(), h.getValue());
            }
        }
        post.setHeader("Content-Type", type.toString());
        post.setEntity(new FileEntity(file.toFile(), type));
        return http().execute(post, response -> {
            Map<String, String> answered = new LinkedHashMap<>();
            for (Header h : response.getHeaders()) {
                answered.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
            }
            return new Answer(response.getCode(), answered, body(response.getEntity()));
        });
    }

    private static byte[] body(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new IOException("the API's answer is larger than " + MAX_ANSWER_BYTES + " bytes");
            }
            return bytes;
        }
    }

    @Override
    public void close() throws IOException {
        CloseableHttpClient built;
        synchronized (this) {
            closed = true;
            built = http;
        }
        if (built != null) {
            built.close();
        }
    }
}
