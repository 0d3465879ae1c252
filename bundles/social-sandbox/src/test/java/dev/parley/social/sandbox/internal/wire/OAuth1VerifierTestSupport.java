package dev.parley.social.sandbox.internal.wire;

import java.net.URI;
import java.util.List;

/** Builds a signed OAuth 1.0a header for tests of what the sandbox serves. */
public final class OAuth1VerifierTestSupport {

    private static int nonces;

    private OAuth1VerifierTestSupport() {
    }

    public static synchronized String header(String method, String url, String consumerKey, String consumerSecret,
            String token, String tokenSecret, long timestamp) {
        String nonce = "nonce" + (++nonces);
        List<String[]> parameters = List.of(new String[] {"oauth_consumer_key", consumerKey},
                new String[] {"oauth_nonce", nonce}, new String[] {"oauth_signature_method", "HMAC-SHA1"},
                new String[] {"oauth_timestamp", Long.toString(timestamp)}, new String[] {"oauth_token", token},
                new String[] {"oauth_version", "1.0"});
        String signature = OAuth1Verifier.sign(OAuth1Verifier.baseString(method, URI.create(url), parameters),
                consumerSecret, tokenSecret);
        return "OAuth oauth_consumer_key=\"" + consumerKey + "\", oauth_nonce=\"" + nonce + "\", oauth_signature=\""
                + OAuth1Verifier.percent(signature) + "\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\""
                + timestamp + "\", oauth_token=\"" + OAuth1Verifier.percent(token) + "\", oauth_version=\"1.0\"";
    }
}
