package dev.parley.social.connector.internal.http;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The one pooled HTTP client (Apache HttpClient 5, embedded) for every outbound platform call,
 * shared by the platform adapters and closed with the component. Callers get status, headers and
 * body; HttpClient types stay inside this class.
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

    private final CloseableHttpClient client;

    @Activate
    public PlatformHttp(HttpConfig config) {
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(config.connectTimeoutMillis()))
                .setSocketTimeout(Timeout.ofMilliseconds(config.responseTimeoutMillis())).build();
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(connections).setMaxConnTotal(config.maxConnections())
                .setMaxConnPerRoute(config.maxConnections()).build();
        this.client = HttpClients.custom().setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofMilliseconds(config.responseTimeoutMillis())).build())
                .evictIdleConnections(Timeout.ofSeconds(30)).disableCookieManagement()
                .setUserAgent("Parley-Social-Connector").build();
    }

    public Reply get(String url, Map<String, String> headers) throws IOException {
        return execute(new HttpGet(url), headers);
    }

    public Reply postJson(String url, Map<String, String> headers, byte[] json) throws IOException {
        HttpPost post = new HttpPost(url);
        post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        return execute(post, headers);
    }

    private Reply execute(HttpUriRequestBase request, Map<String, String> headers) throws IOException {
        headers.forEach(request::addHeader);
        return client.execute(request, response -> {
            Map<String, String> names = new HashMap<>();
            for (Header header : response.getHeaders()) {
                names.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
            }
            byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
            return new Reply(response.getCode(), Map.copyOf(names), body);
        });
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

    @Deactivate
    void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
