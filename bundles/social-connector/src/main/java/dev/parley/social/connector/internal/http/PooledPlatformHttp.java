package dev.parley.social.connector.internal.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.entity.mime.AbstractContentBody;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.nio.entity.PathEntityProducer;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import dev.parley.social.api.MediaContent;
import dev.parley.social.api.PlatformHttp;

/**
 * The one HTTP client (Apache HttpClient 5 async, from the http-client bundle) for every outbound
 * platform call: a small IO reactor and a connection pool shared by the platform adapters, connect
 * and response timeouts from configuration, built at the first request and closed with the
 * component, offered to the platform bundles as the social-api {@link PlatformHttp} service.
 * HttpClient types stay inside this class (the platform bundles never see them).
 */
@Component(service = PlatformHttp.class, immediate = true, configurationPid = HttpConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HttpConfig.class)
public final class PooledPlatformHttp implements PlatformHttp {

    private final OnFirstUse<CloseableHttpAsyncClient> client;

    @Activate
    public PooledPlatformHttp(HttpConfig config) {
        this.client = new OnFirstUse<>(() -> build(config), CloseableHttpAsyncClient::start, CloseMode.GRACEFUL);
    }

    private static CloseableHttpAsyncClient build(HttpConfig config) {
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(config.connectTimeoutMillis()))
                .setSocketTimeout(Timeout.ofMilliseconds(config.responseTimeoutMillis())).build();
        PoolingAsyncClientConnectionManager pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(connections).setMaxConnTotal(config.maxConnections())
                .setMaxConnPerRoute(config.maxConnections()).build();
        return HttpAsyncClients.custom().setConnectionManager(pool)
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(2).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofMilliseconds(config.responseTimeoutMillis())).build())
                .evictIdleConnections(TimeValue.ofSeconds(30)).disableCookieManagement()
                // the outbox owns retries (backoff, rate limits, a lookup before posting again): the client
                // re-sending a POST on a 503 by itself could post a reply twice and hides the answer from it
                .disableAutomaticRetries()
                .setUserAgent("Parley-Social-Connector").build();
    }

    /** Whether a request has been made (and so the client built). */
    boolean started() {
        return client.built();
    }

    @Override
    public CompletableFuture<Reply> getAsync(String url, Map<String, String> headers) {
        return execute(SimpleRequestBuilder.get(url), headers);
    }

    /** A long poll: this request alone waits up to {@code responseTimeout} for its answer. */
    @Override
    public CompletableFuture<Reply> postJsonAsync(String url, Map<String, String> headers, byte[] json,
            Duration responseTimeout) {
        return execute(SimpleRequestBuilder.post(url).setBody(json, ContentType.APPLICATION_JSON)
                .setRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofMilliseconds(responseTimeout.toMillis())).build()), headers);
    }

    /**
     * An upload: the multipart body is written to a temporary file first (the files streamed from
     * their content, never held in memory whole), then sent from that file, which is deleted when
     * the request ends.
     */
    @Override
    public CompletableFuture<Reply> postMultipartAsync(String url, Map<String, String> headers, List<FormPart> parts) {
        Path body;
        ContentType type;
        PathEntityProducer producer;
        try {
            MultipartEntityBuilder form = MultipartEntityBuilder.create().setMode(HttpMultipartMode.EXTENDED);
            for (FormPart part : parts) {
                if (part.value().isPresent()) {
                    form.addTextBody(part.name(), part.value().get(), ContentType.TEXT_PLAIN.withCharset(
                            java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    MediaContent file = part.file().orElseThrow();
                    form.addPart(part.name(), new StreamedFile(file));
                }
            }
            HttpEntity entity = form.build();
            type = ContentType.parse(entity.getContentType());
            body = Files.createTempFile("parley-upload-", ".multipart");
            try (OutputStream out = Files.newOutputStream(body)) {
                entity.writeTo(out);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(body);
                throw e;
            }
            producer = new PathEntityProducer(body, type, false);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        AsyncRequestBuilder request = AsyncRequestBuilder.post(url).setEntity(producer);
        headers.forEach(request::addHeader);
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        cancelWith(reply, client.get().execute(request.build(), SimpleResponseConsumer.create(), callback(reply)));
        return reply.whenComplete((r, e) -> {
            try {
                Files.deleteIfExists(body);
            } catch (IOException ignored) {
                // a temporary file; the JVM's temp directory keeps it until cleaned
            }
        });
    }

    /** A file part read from its content when the body is written, with its type and name. */
    private static final class StreamedFile extends AbstractContentBody {
        private final MediaContent file;

        StreamedFile(MediaContent file) {
            super(ContentType.parse(file.mediaType()));
            this.file = file;
        }

        @Override
        public String getFilename() {
            return file.fileName().orElse("file");
        }

        @Override
        public long getContentLength() {
            return file.size();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = file.open()) {
                in.transferTo(out);
            }
        }
    }

    @Override
    public CompletableFuture<Reply> postJsonAsync(String url, Map<String, String> headers, byte[] json) {
        return execute(SimpleRequestBuilder.post(url).setBody(json, ContentType.APPLICATION_JSON), headers);
    }

    private CompletableFuture<Reply> execute(SimpleRequestBuilder builder, Map<String, String> headers) {
        headers.forEach(builder::addHeader);
        SimpleHttpRequest request = builder.build();
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        cancelWith(reply, client.get().execute(request, callback(reply)));
        return reply;
    }

    /** Cancelling the caller's future (a poll stopped with its component) ends the request itself. */
    private static void cancelWith(CompletableFuture<Reply> reply, java.util.concurrent.Future<?> request) {
        reply.whenComplete((r, e) -> {
            if (reply.isCancelled()) {
                request.cancel(true);
            }
        });
    }

    private static FutureCallback<SimpleHttpResponse> callback(CompletableFuture<Reply> reply) {
        return new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                Map<String, String> names = new HashMap<>();
                for (Header header : response.getHeaders()) {
                    names.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
                }
                byte[] body = response.getBodyBytes();
                reply.complete(new Reply(response.getCode(), names, body));
            }

            @Override
            public void failed(Exception e) {
                reply.completeExceptionally(e);
            }

            @Override
            public void cancelled() {
                reply.completeExceptionally(new InterruptedIOException("request cancelled"));
            }
        };
    }

    @Override
    public boolean mayHaveArrived(IOException e) {
        return !(e instanceof java.net.ConnectException || e instanceof org.apache.hc.client5.http.ConnectTimeoutException
                || e instanceof java.net.UnknownHostException);
    }

    @Deactivate
    void close() {
        client.close();
    }
}
