package dev.parley.social.connector.internal.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import dev.parley.social.connector.internal.http.OnFirstUse;

/**
 * Downloads message media: the connector's second HTTP client, for this one concern (blocking, on
 * the attachment workers' threads, its own small pool), because unlike API calls a download is
 * streamed with a size limit and must only reach the hosts an account allows. Redirects are never
 * followed by the client: each one is a new URL checked against the account's {@link
 * MediaHostPolicy}, at most {@code maxRedirects} of them; every host is resolved through {@link
 * GuardedDnsResolver}.
 */
public final class MediaDownloader implements AutoCloseable {

    /** What a download led to. */
    public sealed interface Outcome {
    }

    /** The bytes were handed to the sink. */
    public record Fetched(Object result) implements Outcome {
    }

    /** Not worth trying again (refused host, 4xx, too large). */
    public record Refused(String reason) implements Outcome {
    }

    /** May work later (network trouble, 5xx, 429). */
    public record Failed(String reason) implements Outcome {
    }

    /** Takes the response body; it may throw to refuse it. */
    @FunctionalInterface
    public interface Sink {
        Object accept(Optional<String> contentType, InputStream body) throws IOException;
    }

    private final OnFirstUse<CloseableHttpClient> client;
    private final int maxRedirects;

    public MediaDownloader(Supplier<Set<String>> trustedHosts, int timeoutMillis, int maxRedirects) {
        // a download in progress at close is retried from its PENDING row
        this.client = new OnFirstUse<>(() -> build(trustedHosts, timeoutMillis), c -> { }, CloseMode.IMMEDIATE);
        this.maxRedirects = maxRedirects;
    }

    private static CloseableHttpClient build(Supplier<Set<String>> trustedHosts, int timeoutMillis) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(trustedHosts))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(timeoutMillis))
                        .setSocketTimeout(Timeout.ofMilliseconds(timeoutMillis)).build())
                .setMaxConnTotal(8).setMaxConnPerRoute(4).build();
        return HttpClients.custom().setConnectionManager(pool).disableRedirectHandling()
                .disableCookieManagement().disableAuthCaching().disableAutomaticRetries()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofMilliseconds(timeoutMillis)).build())
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent("Parley-Media").build();
    }

    /** {@link #fetch(String, MediaHostPolicy, Function, long, Sink)} with the same headers for every URL. */
    public Outcome fetch(String url, MediaHostPolicy policy, Map<String, String> headers, long maxBytes, Sink sink) {
        return fetch(url, policy, u -> headers, maxBytes, sink);
    }

    /**
     * Fetches {@code url} if {@code policy} allows it (and each redirect it allows), refusing a
     * declared length over {@code maxBytes} before reading. {@code headersFor} gives the headers of
     * each URL fetched on the first URL's host (a token, or a signature over that very URL); other
     * hosts get none. Its {@link IllegalStateException} (credentials missing) refuses the download.
     */
    public Outcome fetch(String url, MediaHostPolicy policy, Function<String, Map<String, String>> headersFor,
            long maxBytes, Sink sink) {
        String current = url;
        String firstHost = URI.create(url).getHost();
        for (int hop = 0; hop <= maxRedirects; hop++) {
            Optional<String> refusal = policy.refusal(current);
            if (refusal.isPresent()) {
                return new Refused((hop == 0 ? "" : "redirected to " + current + ": ") + refusal.get());
            }
            HttpGet get = new HttpGet(current);
            URI uri = URI.create(current);
            if (uri.getHost().equalsIgnoreCase(firstHost)) {
                try {
                    headersFor.apply(current).forEach(get::addHeader);
                } catch (IllegalStateException e) {
                    return new Refused(e.getMessage());
                }
            }
            try {
                Object answer = client.get().execute(get, response -> {
                    String location = redirectOrNull(response);
                    return location != null ? new Redirect(location) : body(response, maxBytes, sink);
                });
                if (answer instanceof Redirect redirect) {
                    current = uri.resolve(redirect.location()).toString();
                    continue;
                }
                return (Outcome) answer;
            } catch (GuardedDnsResolver.PrivateAddressException e) {
                return new Refused(e.getMessage());
            } catch (RefusedResponse e) {
                return new Refused(e.getMessage());
            } catch (IOException e) {
                return new Failed("download failed: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()));
            }
        }
        return new Refused("more than " + maxRedirects + " redirects");
    }

    private record Redirect(String location) {
    }

    /** The redirect target, or null for any other answer. */
    private static String redirectOrNull(ClassicHttpResponse response) throws IOException {
        int status = response.getCode();
        if (status >= 300 && status < 400 && status != 304) {
            Header location = response.getFirstHeader("Location");
            if (location == null) {
                throw new RefusedResponse("a redirect without a Location");
            }
            return location.getValue();
        }
        return null;
    }

    private static Outcome body(ClassicHttpResponse response, long maxBytes, Sink sink) throws IOException {
        int status = response.getCode();
        if (status == 429 || status >= 500) {
            return new Failed("the media host answered " + status);
        }
        if (status < 200 || status >= 300) {
            throw new RefusedResponse("the media host answered " + status
                    + (status == 403 || status == 404 || status == 410 ? " (the platform's link may have expired)" : ""));
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            throw new RefusedResponse("the media host sent no content");
        }
        if (entity.getContentLength() > maxBytes) {
            throw new RefusedResponse("the file is " + entity.getContentLength() + " bytes, over the limit of "
                    + maxBytes);
        }
        try (InputStream in = entity.getContent()) {
            return new Fetched(sink.accept(Optional.ofNullable(entity.getContentType()), in));
        }
    }

    /** An answer that retrying will not change. */
    static final class RefusedResponse extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedResponse(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
