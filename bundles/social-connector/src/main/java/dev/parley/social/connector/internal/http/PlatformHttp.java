package dev.parley.social.connector.internal.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The one HTTP client (Apache HttpClient 5 async, embedded) for every outbound platform call:
 * a small IO reactor and a connection pool shared by the platform adapters, connect and response
 * timeouts from configuration, closed with the component. Calls return futures; the adapters'
 * synchronous SPI methods wait on them from the poller's and the outbox's own threads, never from
 * a webhook request. HttpClient types stay inside this class.
 */
@Component(service = PlatformHttp.class, configurationPid = HttpConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HttpConfig.class)
public class PlatformHttp {

    /** A platform's answer; header names in lower case. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public java.util.Optional<String> header(String name) {
            return java.util.Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private final CloseableHttpAsyncClient client;

    @Activate
    public PlatformHttp(HttpConfig config) {
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(config.connectTimeoutMillis()))
                .setSocketTimeout(Timeout.ofMilliseconds(config.responseTimeoutMillis())).build();
        PoolingAsyncClientConnectionManager pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(connections).setMaxConnTotal(config.maxConnections())
                .setMaxConnPerRoute(config.maxConnections()).build();
        this.client = HttpAsyncClients.custom().setConnectionManager(pool)
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(2).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofMilliseconds(config.responseTimeoutMillis())).build())
                .evictIdleConnections(TimeValue.ofSeconds(30)).disableCookieManagement()
                .setUserAgent("Parley-Social-Connector").build();
        client.start();
    }

    public CompletableFuture<Reply> getAsync(String url, Map<String, String> headers) {
        return execute(SimpleRequestBuilder.get(url), headers);
    }

    public CompletableFuture<Reply> postJsonAsync(String url, Map<String, String> headers, byte[] json) {
        return execute(SimpleRequestBuilder.post(url).setBody(json, ContentType.APPLICATION_JSON), headers);
    }

    public Reply get(String url, Map<String, String> headers) throws IOException {
        return await(getAsync(url, headers));
    }

    public Reply postJson(String url, Map<String, String> headers, byte[] json) throws IOException {
        return await(postJsonAsync(url, headers, json));
    }

    private CompletableFuture<Reply> execute(SimpleRequestBuilder builder, Map<String, String> headers) {
        headers.forEach(builder::addHeader);
        SimpleHttpRequest request = builder.build();
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        client.execute(request, new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                Map<String, String> names = new HashMap<>();
                for (Header header : response.getHeaders()) {
                    names.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
                }
                byte[] body = response.getBodyBytes();
                reply.complete(new Reply(response.getCode(), Map.copyOf(names), body == null ? new byte[0] : body));
            }

            @Override
            public void failed(Exception e) {
                reply.completeExceptionally(e);
            }

            @Override
            public void cancelled() {
                reply.completeExceptionally(new InterruptedIOException("request cancelled"));
            }
        });
        return reply;
    }

    private static Reply await(CompletableFuture<Reply> future) throws IOException {
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

    /**
     * Whether a request that failed with {@code e} may still have reached the platform: not when
     * the connection was never made, but yes once it was (a response timeout, a dropped connection),
     * so a send failing that way is looked up before it is sent again.
     */
    public static boolean mayHaveArrived(IOException e) {
        return !(e instanceof java.net.ConnectException || e instanceof org.apache.hc.client5.http.ConnectTimeoutException
                || e instanceof java.net.UnknownHostException);
    }

    /** A reply's text with its attachments' URLs appended: how the adapters send media they cannot upload. */
    public static String textWithLinks(dev.parley.social.api.OutboundMessage message) {
        StringBuilder text = new StringBuilder(message.text());
        message.attachments().forEach(a -> text.append(text.length() == 0 ? "" : " ").append(a.url()));
        return text.toString();
    }

    @Deactivate
    void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
