package dev.parley.social.connector.internal.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** Against a real local server standing in for the account's API host (the sandbox's role). */
class MediaDownloaderTest {

    private HttpServer server;
    private String base;
    private MediaDownloader downloader;
    private final AtomicInteger privateHits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/photo.png", exchange -> {
            byte[] body = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3};
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/to-metadata", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/to-photo", exchange -> {
            exchange.getResponseHeaders().add("Location", "/photo.png");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        server.createContext("/signed", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (!("signed " + exchange.getRequestURI().getPath()).equals(auth)) {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Location", "/photo.png");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/loop", exchange -> {
            exchange.getResponseHeaders().add("Location", "/loop");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/gone", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/busy", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.createContext("/private", exchange -> {
            privateHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        downloader = new MediaDownloader(() -> Set.of("127.0.0.1"), 5_000, 3);
    }

    @AfterEach
    void stop() {
        downloader.close();
        server.stop(0);
    }

    private MediaHostPolicy policy() {
        return new MediaHostPolicy(List.of("fbcdn.net"), Optional.of(base + "/sandbox/meta"));
    }

    private MediaDownloader.Outcome fetch(String path, long maxBytes) {
        return downloader.fetch(base + path, policy(), Map.of(), maxBytes,
                (type, body) -> type.orElse("?") + " " + body.readAllBytes().length);
    }

    @Test
    void fetchesFromTheAccountsApiHost() {
        assertThat(fetch("/photo.png", 100)).isEqualTo(new MediaDownloader.Fetched("image/png 11"));
    }

    @Test
    void followsARedirectThatStaysAllowed() {
        assertThat(fetch("/to-photo", 100)).isEqualTo(new MediaDownloader.Fetched("image/png 11"));
    }

    @Test
    void aRedirectToADisallowedHostIsRefusedBeforeItIsFollowed() {
        MediaDownloader.Outcome outcome = fetch("/to-metadata", 100);
        assertThat(outcome).isInstanceOf(MediaDownloader.Refused.class);
        assertThat(((MediaDownloader.Refused) outcome).reason()).contains("redirected to http://169.254.169.254");
    }

    @Test
    void endlessRedirectsStop() {
        assertThat(fetch("/loop", 100)).isEqualTo(new MediaDownloader.Refused("more than 3 redirects"));
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedUnread() {
        MediaDownloader.Outcome outcome = fetch("/photo.png", 10);
        assertThat(outcome).isInstanceOf(MediaDownloader.Refused.class);
        assertThat(((MediaDownloader.Refused) outcome).reason()).contains("over the limit of 10");
    }

    @Test
    void clientErrorsAreFinalServerErrorsAreRetried() {
        assertThat(fetch("/gone", 100)).isInstanceOf(MediaDownloader.Refused.class);
        assertThat(fetch("/busy", 100)).isEqualTo(new MediaDownloader.Failed("the media host answered 503"));
    }

    @Test
    void aLoopbackAddressOnAnotherNameIsNeverConnected() {
        // "localhost" is listed as a media domain here, but it is not an API host: it resolves to loopback
        MediaHostPolicy careless = new MediaHostPolicy(List.of("localhost"), Optional.empty());
        MediaDownloader.Outcome outcome = downloader.fetch("https://localhost:" + server.getAddress().getPort()
                + "/private", careless, Map.of(), 100, (type, body) -> "read");
        assertThat(outcome).isInstanceOf(MediaDownloader.Refused.class);
        assertThat(((MediaDownloader.Refused) outcome).reason()).contains("non-public address");
        assertThat(privateHits).hasValue(0);
    }

    @Test
    void headersAreMadeForEachUrlFetchedOnTheFirstHost() {
        List<String> asked = new java.util.ArrayList<>();
        MediaDownloader.Outcome outcome = downloader.fetch(base + "/signed", policy(), url -> {
            asked.add(url);
            return Map.of("Authorization", "signed " + java.net.URI.create(url).getPath());
        }, 100, (type, body) -> type.orElse("?") + " " + body.readAllBytes().length);
        assertThat(outcome).isEqualTo(new MediaDownloader.Fetched("image/png 11"));
        assertThat(asked).containsExactly(base + "/signed", base + "/photo.png");
    }

    @Test
    void missingCredentialsRefuseTheDownloadWithTheirReason() {
        MediaDownloader.Outcome outcome = downloader.fetch(base + "/signed", policy(), url -> {
            throw new IllegalStateException("account x1 has no consumerKey");
        }, 100, (type, body) -> "read");
        assertThat(outcome).isEqualTo(new MediaDownloader.Refused("account x1 has no consumerKey"));
    }
}
