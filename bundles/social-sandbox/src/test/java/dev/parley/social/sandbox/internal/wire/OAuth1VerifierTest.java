package dev.parley.social.sandbox.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The sandbox's stand-in for X's OAuth 1.0a check, on X's published example and on what X refuses. */
class OAuth1VerifierTest {

    @Test
    void xsPublishedExampleGivesItsBaseStringAndSignature() {
        List<String[]> parameters = List.of(new String[] {"status", "Hello Ladies + Gentlemen, a signed OAuth request!"},
                new String[] {"include_entities", "true"}, new String[] {"oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"},
                new String[] {"oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"},
                new String[] {"oauth_signature_method", "HMAC-SHA1"}, new String[] {"oauth_timestamp", "1318622958"},
                new String[] {"oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"},
                new String[] {"oauth_version", "1.0"});
        String base = OAuth1Verifier.baseString("POST", URI.create("https://api.twitter.com/1.1/statuses/update.json"),
                parameters);
        assertThat(base).startsWith("POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&"
                + "include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26")
                .endsWith("%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth"
                        + "%2520request%2521");
        assertThat(OAuth1Verifier.sign(base, "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
                "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")).isEqualTo("hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
    }

    private static final String URL = "http://127.0.0.1:8181/sandbox/x/1.1/ton/data/dm/1/2/photo.png";
    private static final long NOW = 1_800_000_000L;

    private static String header(String url, String nonce, long timestamp, String tokenSecret) {
        List<String[]> parameters = new ArrayList<>(List.of(new String[] {"oauth_consumer_key", "ck"},
                new String[] {"oauth_nonce", nonce}, new String[] {"oauth_signature_method", "HMAC-SHA1"},
                new String[] {"oauth_timestamp", Long.toString(timestamp)}, new String[] {"oauth_token", "tok"},
                new String[] {"oauth_version", "1.0"}));
        String signature = OAuth1Verifier.sign(OAuth1Verifier.baseString("GET", URI.create(url), parameters), "cs",
                tokenSecret);
        return "OAuth oauth_consumer_key=\"ck\", oauth_nonce=\"" + nonce + "\", oauth_signature=\""
                + OAuth1Verifier.percent(signature) + "\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\""
                + timestamp + "\", oauth_token=\"tok\", oauth_version=\"1.0\"";
    }

    private final OAuth1Verifier verifier = new OAuth1Verifier(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    private Optional<OAuth1Verifier.Refusal> check(String url, String header) {
        return verifier.check("GET", url, Optional.ofNullable(header), "ck", "cs", "tok", "ts");
    }

    @Test
    void aCorrectlySignedGetPassesOnceAndEverythingElseIsCode32Or135() {
        assertThat(check(URL, header(URL, "n1", NOW, "ts"))).isEmpty();
        assertThat(check(URL, header(URL, "n1", NOW, "ts"))).get().extracting(OAuth1Verifier.Refusal::detail)
                .isEqualTo("the nonce was used before");
        assertThat(check(URL, header(URL, "n2", NOW, "wrong-secret"))).get()
                .extracting(OAuth1Verifier.Refusal::code).isEqualTo(32);
        assertThat(check(URL.replace("photo.png", "document.pdf"), header(URL, "n3", NOW, "ts"))).get()
                .extracting(OAuth1Verifier.Refusal::detail).isEqualTo("the signature does not match the request");
        assertThat(check(URL, header(URL, "n4", NOW - 301, "ts"))).get()
                .extracting(OAuth1Verifier.Refusal::code).isEqualTo(135);
        assertThat(check(URL, null)).get().extracting(OAuth1Verifier.Refusal::code).isEqualTo(32);
        assertThat(check(URL, "Bearer tok")).isPresent();
    }
}
