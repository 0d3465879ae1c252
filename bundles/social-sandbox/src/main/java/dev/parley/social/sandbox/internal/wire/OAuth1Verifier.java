package dev.parley.social.sandbox.internal.wire;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an OAuth 1.0a {@code Authorization} header the way X does before it serves a DM's media:
 * the consumer key and token are the account's, the method is HMAC-SHA1, the timestamp is within
 * five minutes, the nonce is not reused, and the signature (RFC 5849 section 3.4: the method, the
 * base URL as addressed, the sorted parameters of the query and the {@code oauth_*} values, keyed
 * with the consumer secret and token secret) matches. Written apart from the connector's signer on
 * purpose, so the two do not share a mistake; both are tested on X's published example.
 */
public final class OAuth1Verifier {

    /** Why a request was refused, in X's words: 32 "Could not authenticate you.", 135 for a timestamp. */
    public record Refusal(int code, String message, String detail) {
    }

    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final int NONCES = 10_000;

    private final Clock clock;
    private final Set<String> seenNonces = new LinkedHashSet<>();

    public OAuth1Verifier(Clock clock) {
        this.clock = clock;
    }

    /** Empty when {@code authorization} is a valid signature of {@code method url} by this key and token. */
    public synchronized Optional<Refusal> check(String method, String url, Optional<String> authorization,
            String consumerKey, String consumerSecret, String token, String tokenSecret) {
        if (authorization.isEmpty() || !authorization.get().strip().regionMatches(true, 0, "OAuth ", 0, 6)) {
            return refuse("no OAuth 1.0a Authorization header");
        }
        Map<String, String> oauth = parameters(authorization.get());
        for (String required : List.of("oauth_consumer_key", "oauth_nonce", "oauth_signature",
                "oauth_signature_method", "oauth_timestamp", "oauth_token")) {
            if (!oauth.containsKey(required)) {
                return refuse(required + " is missing");
            }
        }
        if (!oauth.get("oauth_signature_method").equals("HMAC-SHA1")) {
            return refuse("oauth_signature_method must be HMAC-SHA1");
        }
        if (oauth.containsKey("oauth_version") && !oauth.get("oauth_version").equals("1.0")) {
            return refuse("oauth_version must be 1.0");
        }
        if (!same(oauth.get("oauth_consumer_key"), consumerKey) || !same(oauth.get("oauth_token"), token)) {
            return refuse("unknown consumer key or token");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(oauth.get("oauth_timestamp"));
        } catch (NumberFormatException e) {
            return Optional.of(new Refusal(135, "Timestamp out of bounds.", "oauth_timestamp is not a number"));
        }
        if (Math.abs(clock.instant().getEpochSecond() - timestamp) > SKEW.toSeconds()) {
            return Optional.of(new Refusal(135, "Timestamp out of bounds.", "oauth_timestamp is off by more than 5 min"));
        }
        List<String[]> parameters = new ArrayList<>();
        oauth.forEach((k, v) -> {
            if (!k.equals("oauth_signature") && !k.equals("realm")) {
                parameters.add(new String[] {k, v});
            }
        });
        URI uri = URI.create(url);
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    parameters.add(new String[] {decode(eq < 0 ? pair : pair.substring(0, eq)),
                            eq < 0 ? "" : decode(pair.substring(eq + 1))});
                }
            }
        }
        String expected = sign(baseString(method, uri, parameters), consumerSecret, tokenSecret);
        if (!same(expected, oauth.get("oauth_signature"))) {
            return refuse("the signature does not match the request");
        }
        if (!seenNonces.add(timestamp + ":" + oauth.get("oauth_nonce"))) {
            return refuse("the nonce was used before");
        }
        if (seenNonces.size() > NONCES) {
            seenNonces.remove(seenNonces.iterator().next());
        }
        return Optional.empty();
    }

    /** RFC 5849 3.4.1: METHOD & enc(base URI) & enc(normalized parameters). */
    static String baseString(String method, URI uri, List<String[]> parameters) {
        List<String> pairs = new ArrayList<>();
        for (String[] p : parameters) {
            pairs.add(percent(p[0]) + "=" + percent(p[1]));
        }
        pairs.sort(null); // encoded name=value sorts by name, then value, as 3.4.1.3.2 asks
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        String authority = port < 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443)
                ? host : host + ":" + port;
        String base = scheme + "://" + authority + (uri.getRawPath() == null ? "/" : uri.getRawPath());
        return method.toUpperCase(Locale.ROOT) + "&" + percent(base) + "&" + percent(String.join("&", pairs));
    }

    static String sign(String baseString, String consumerSecret, String tokenSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((percent(consumerSecret) + "&" + percent(tokenSecret))
                    .getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 3986 unreserved characters kept, every other UTF-8 byte as %XX. */
    static String percent(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append(String.format("%%%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** The {@code name="value"} pairs of an OAuth header, values percent-decoded. */
    public static Map<String, String> parameters(String header) {
        Map<String, String> values = new LinkedHashMap<>();
        String list = header.strip();
        if (list.regionMatches(true, 0, "OAuth ", 0, 6)) {
            list = list.substring(6);
        }
        for (String part : list.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = part.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(part.substring(0, eq).strip(), decode(value.replace("+", "%2B")));
        }
        return values;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Refusal> refuse(String detail) {
        return Optional.of(new Refusal(32, "Could not authenticate you.", detail));
    }
}
