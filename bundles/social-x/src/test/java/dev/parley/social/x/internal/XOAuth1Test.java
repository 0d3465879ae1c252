package dev.parley.social.x.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;

/**
 * OAuth 1.0a against X's published worked example ("Creating a signature": POST statuses/update
 * with the documented keys, nonce and timestamp), the base string byte for byte and the signature
 * that base string and key give (cross-checked with {@code openssl dgst -sha1 -hmac}); then the DM
 * media signing that uses it.
 */
class XOAuth1Test {

    private static final String CONSUMER_KEY = "xvz1evFS4wEEPTGEFPHBog";
    private static final String CONSUMER_SECRET = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw";
    private static final String TOKEN = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb";
    private static final String TOKEN_SECRET = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE";
    private static final String NONCE = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg";
    private static final long TIMESTAMP = 1318622958L;
    private static final String URL = "https://api.twitter.com/1.1/statuses/update.json?include_entities=true";
    private static final List<XOAuth1.Parameter> BODY = List.of(
            new XOAuth1.Parameter("status", "Hello Ladies + Gentlemen, a signed OAuth request!"));

    @Test
    void baseStringIsXsDocumentedOne() {
        List<XOAuth1.Parameter> all = new java.util.ArrayList<>(List.of(
                new XOAuth1.Parameter("oauth_consumer_key", CONSUMER_KEY), new XOAuth1.Parameter("oauth_nonce", NONCE),
                new XOAuth1.Parameter("oauth_signature_method", "HMAC-SHA1"),
                new XOAuth1.Parameter("oauth_timestamp", Long.toString(TIMESTAMP)),
                new XOAuth1.Parameter("oauth_token", TOKEN), new XOAuth1.Parameter("oauth_version", "1.0"),
                new XOAuth1.Parameter("include_entities", "true")));
        all.addAll(BODY);
        String base = XOAuth1.baseString("POST", "https://api.twitter.com/1.1/statuses/update.json", all);
        assertThat(base).isEqualTo("POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&"
                + "include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26"
                + "oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26"
                + "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26"
                + "oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26"
                + "oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen"
                + "%252C%2520a%2520signed%2520OAuth%2520request%2521");
        assertThat(XOAuth1.signature(base, CONSUMER_SECRET, TOKEN_SECRET)).isEqualTo("hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
    }

    @Test
    void headerCarriesTheSignatureOfTheQueryAndBodyEncoded() {
        String header = XOAuth1.authorization("POST", URL, BODY, CONSUMER_KEY, CONSUMER_SECRET, TOKEN, TOKEN_SECRET,
                NONCE, TIMESTAMP);
        assertThat(header).isEqualTo("OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", "
                + "oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\", "
                + "oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\", oauth_signature_method=\"HMAC-SHA1\", "
                + "oauth_timestamp=\"1318622958\", "
                + "oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", oauth_version=\"1.0\"");
    }

    @Test
    void encodingIsRfc3986OverUtf8() {
        assertThat(XOAuth1.encode("Ladies + Gentlemen")).isEqualTo("Ladies%20%2B%20Gentlemen");
        assertThat(XOAuth1.encode("An encoded string!")).isEqualTo("An%20encoded%20string%21");
        assertThat(XOAuth1.encode("Dogs, Cats & Mice")).isEqualTo("Dogs%2C%20Cats%20%26%20Mice");
        assertThat(XOAuth1.encode("☃")).isEqualTo("%E2%98%83");
        assertThat(XOAuth1.encode("-._~")).isEqualTo("-._~");
        assertThat(XOAuth1.baseUrl(java.net.URI.create("HTTPS://Ton.Twitter.com:443/1.1/ton/x.jpg?a=1")))
                .isEqualTo("https://ton.twitter.com/1.1/ton/x.jpg");
        assertThat(XOAuth1.baseUrl(java.net.URI.create("http://127.0.0.1:8181/sandbox/x/1.1/ton/x.jpg")))
                .isEqualTo("http://127.0.0.1:8181/sandbox/x/1.1/ton/x.jpg");
    }

    private static SocialAccount account(Optional<String> consumerKey, Optional<String> tokenSecret) {
        return new SocialAccount("x1", "x", "4337869213", Optional.empty(), Optional.of(CONSUMER_SECRET),
                Optional.empty(), Optional.empty(), Optional.of(TOKEN), ReceiveMode.WEBHOOK,
                Optional.of("http://127.0.0.1:8181/sandbox/x"), consumerKey, tokenSecret, Map.of());
    }

    private static Map<String, String> fields(String header) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : header.substring("OAuth ".length()).split(", ")) {
            int eq = part.indexOf('=');
            fields.put(part.substring(0, eq), java.net.URLDecoder.decode(part.substring(eq + 2, part.length() - 1),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return fields;
    }

    @Test
    void dmMediaOnTonAreSignedAsTheReceivingUserAndNothingElseIs() {
        XDmMedia media = new XDmMedia(new XOAuth1(Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC)));
        SocialAccount account = account(Optional.of(CONSUMER_KEY), Optional.of(TOKEN_SECRET));
        String url = "https://ton.twitter.com/1.1/ton/data/dm/1034828552951160836/1034828533812486145/oP5p359h.jpg";

        Map<String, String> fields = fields(media.headers(account, url).get("Authorization"));
        assertThat(fields).containsEntry("oauth_consumer_key", CONSUMER_KEY).containsEntry("oauth_token", TOKEN)
                .containsEntry("oauth_signature_method", "HMAC-SHA1").containsEntry("oauth_timestamp", "1318622958")
                .containsEntry("oauth_version", "1.0");
        assertThat(fields.get("oauth_nonce")).hasSize(32).matches("[A-Za-z0-9]+");
        String base = XOAuth1.baseString("GET", url, List.of(
                new XOAuth1.Parameter("oauth_consumer_key", CONSUMER_KEY),
                new XOAuth1.Parameter("oauth_nonce", fields.get("oauth_nonce")),
                new XOAuth1.Parameter("oauth_signature_method", "HMAC-SHA1"),
                new XOAuth1.Parameter("oauth_timestamp", "1318622958"), new XOAuth1.Parameter("oauth_token", TOKEN),
                new XOAuth1.Parameter("oauth_version", "1.0")));
        assertThat(fields.get("oauth_signature")).isEqualTo(XOAuth1.signature(base, CONSUMER_SECRET, TOKEN_SECRET));

        assertThat(media.headers(account, "http://127.0.0.1:8181/sandbox/x/1.1/ton/data/dm/1/2/a.png"))
                .containsKey("Authorization");
        assertThat(media.headers(account, "https://video.twimg.com/dm_video/1034828533812486145/vid/1280x720/"
                + "a.mp4?tag=1")).as("a DM's video").containsKey("Authorization");
        assertThat(media.headers(account, "https://video.twimg.com/dm_gif/1034828533812486145/b.mp4"))
                .as("a DM's GIF").containsKey("Authorization");
        assertThat(media.headers(account, "https://video.twimg.com/ext_tw_video/1/pu/vid/720x720/c.mp4"))
                .as("a tweet's video is public").isEmpty();
        assertThat(media.headers(account, "https://pbs.twimg.com/media/abc.jpg")).isEmpty();
        assertThat(media.headers(account, "http://ton.twitter.com/1.1/ton/data/dm/1/2/a.jpg")).isEmpty();
        assertThat(media.headers(account, "https://evil.example/1.1/ton/data/dm/1/2/a.jpg")).isEmpty();
        assertThat(media.headers(account, "https://ton.twitter.com/1.1/statuses/update.json")).isEmpty();
    }

    @Test
    void anAccountWithoutItsOAuth1KeysSaysWhichAreMissing() {
        XDmMedia media = new XDmMedia(new XOAuth1(Clock.systemUTC()));
        assertThatThrownBy(() -> media.headers(account(Optional.empty(), Optional.empty()),
                "https://ton.twitter.com/1.1/ton/data/dm/1/2/a.jpg"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("consumerKey, accessTokenSecret")
                .hasMessageNotContaining(TOKEN);
    }
}
