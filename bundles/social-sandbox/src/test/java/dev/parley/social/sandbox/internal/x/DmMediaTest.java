package dev.parley.social.sandbox.internal.x;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.delivery.CapturingSink;
import dev.parley.social.sandbox.internal.faults.RateLimits;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.ApiResponse;
import dev.parley.social.sandbox.internal.wire.OAuth1VerifierTestSupport;
import dev.parley.social.sandbox.internal.wire.PlatformIds;

/** An X DM with a picture: ton.twitter.com's URL in the webhook, the bytes only to a request signed as the account. */
class DmMediaTest extends XFixture {

    static final XAccount SIGNED = new XAccount("sandbox-x", "1000000001", "acme", "Acme Support", "sandbox-x-secret",
            "ck", "tok", Optional.of("ts"));
    final CapturingSink signedSink = new CapturingSink();
    final XSimulation sim = new XSimulation(SIGNED, URI.create("http://127.0.0.1:8080/"), json, new PlatformIds(clock),
            clock, new RateLimits(clock, false), signedSink, true);

    private ApiResponse get(String url, String authorization) {
        String path = URI.create(url).getPath().substring("/sandbox/x".length());
        return sim.api().handle(new ApiRequest("GET", path, Map.of(), authorization == null ? Map.of()
                : Map.of("authorization", authorization), new byte[0], url));
    }

    @Test
    void theDmCarriesATonUrlServedOnlyToASignedRequest() throws Exception {
        sim.post(new CustomerPost("x", null, "dm", null, "jane_doe", "Jane Doe", 10, false, "my receipt", null, null,
                null, null, "photo.png", null).validate());
        JsonNode media = json.mapper().readTree(signedSink.webhooks.get(0).body())
                .at("/direct_message_events/0/message_create/message_data/attachment/media");
        String url = media.get("media_url_https").asText();
        assertThat(url).matches("http://127\\.0\\.0\\.1:8080/sandbox/x/1\\.1/ton/data/dm/[0-9]+/[0-9]+/photo\\.png");
        assertThat(media.get("type").asText()).isEqualTo("photo");

        assertThat(get(url, null).status()).isEqualTo(401);
        assertThat(get(url, "Bearer tok").status()).isEqualTo(401);
        assertThat(get(url, OAuth1VerifierTestSupport.header("GET", url, "ck", "cs-wrong", "tok", "ts",
                clock.instant().getEpochSecond())).status()).isEqualTo(401);
        ApiResponse ok = get(url, OAuth1VerifierTestSupport.header("GET", url, "ck", "sandbox-x-secret", "tok", "ts",
                clock.instant().getEpochSecond()));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.headers()).containsEntry("Content-Type", "image/png");
        assertThat(ok.body()[1]).isEqualTo((byte) 'P');
        assertThat(get(url.replace("photo.png", "document.pdf"), OAuth1VerifierTestSupport.header("GET",
                url.replace("photo.png", "document.pdf"), "ck", "sandbox-x-secret", "tok", "ts",
                clock.instant().getEpochSecond())).status()).as("not that DM's file").isEqualTo(404);
    }

    @Test
    void xDmAttachmentsAreSandboxFilesOnly() {
        List<String> refused = new ArrayList<>();
        try {
            new CustomerPost("x", null, "dm", null, "jane_doe", null, null, null, "hi", null, null, null, null,
                    "https://example.com/a.png", null).validate();
        } catch (RuntimeException e) {
            refused.add(e.getMessage());
        }
        assertThat(refused).singleElement().asString().contains("photo.png");
    }
}
