package dev.parley.social.sandbox.internal.delivery;

import java.io.IOException;
import java.util.Map;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Webhook requests over one pooled Apache HttpClient 5, owned by the sandbox component and closed
 * with it. No retries, redirects or cookies: a platform sends each webhook once.
 */
public final class HttpWebhookTransport implements WebhookTransport, AutoCloseable {

    private final CloseableHttpClient client;

    public HttpWebhookTransport(int maxConnections, int timeoutMillis) {
        Timeout timeout = Timeout.ofMilliseconds(timeoutMillis);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout).setResponseTimeout(timeout).build())
                .setUserAgent("Parley-Social-Sandbox/1.0")
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    @Override
    public int send(Webhook webhook) throws IOException {
        HttpPost post = new HttpPost(webhook.url());
        webhook.headers().forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(webhook.body(), ContentType.APPLICATION_JSON));
        return client.execute(post, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }

    /** A GET for the platforms' subscription handshakes: the status and the body as text. */
    public Answer get(java.net.URI uri, Map<String, String> headers) throws IOException {
        HttpGet get = new HttpGet(uri);
        headers.forEach(get::setHeader);
        return client.execute(get, response -> new Answer(response.getCode(),
                response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity())));
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    /** An HTTP answer. */
    public record Answer(int status, String body) {
    }
}
