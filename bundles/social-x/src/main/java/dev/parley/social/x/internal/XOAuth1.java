package dev.parley.social.x.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 1.0a user-context signing (RFC 5849, HMAC-SHA1) as X documents it in "Creating a
 * signature": the base string is the method, the base URL (scheme and host lower case, the port
 * only when it is not the scheme's default, no query) and the sorted, percent-encoded parameters of
 * the query string, the body (form bodies only) and the {@code oauth_*} values; the key is the
 * encoded consumer secret and token secret joined by {@code &}. X needs it to serve DM media from
 * ton.twitter.com.
 */
final class XOAuth1 {

    /** One request parameter, raw (not encoded). */
    record Parameter(String name, String value) {
    }

    private static final char[] NONCE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .toCharArray();

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    XOAuth1(Clock clock) {
        this.clock = clock;
    }

    /** The {@code Authorization} header value for a GET of {@code url} with a fresh nonce and timestamp. */
    String authorizationForGet(String url, String consumerKey, String consumerSecret, String token, String tokenSecret) {
        return authorization("GET", url, List.of(), consumerKey, consumerSecret, token, tokenSecret, nonce(),
                clock.instant().getEpochSecond());
    }

    /** The {@code Authorization} header for {@code method} on {@code url} (its query signed) plus form {@code body} parameters. */
    static String authorization(String method, String url, List<Parameter> body, String consumerKey,
            String consumerSecret, String token, String tokenSecret, String nonce, long timestamp) {
        List<Parameter> oauth = List.of(new Parameter("oauth_consumer_key", consumerKey),
                new Parameter("oauth_nonce", nonce), new Parameter("oauth_signature_method", "HMAC-SHA1"),
                new Parameter("oauth_timestamp", Long.toString(timestamp)), new Parameter("oauth_token", token),
                new Parameter("oauth_version", "1.0"));
        List<Parameter> all = new ArrayList<>(oauth);
        all.addAll(queryOf(URI.create(url)));
        all.addAll(body);
        String signature = signature(baseString(method, url, all), consumerSecret, tokenSecret);
        List<Parameter> header = new ArrayList<>(oauth);
        header.add(new Parameter("oauth_signature", signature));
        header.sort(Comparator.comparing(Parameter::name));
        return "OAuth " + header.stream().map(p -> encode(p.name()) + "=\"" + encode(p.value()) + "\"")
                .collect(Collectors.joining(", "));
    }

    /** X's signature base string: METHOD&encoded base URL&encoded sorted parameter string. */
    static String baseString(String method, String url, List<Parameter> parameters) {
        String parameterString = parameters.stream().map(p -> new Parameter(encode(p.name()), encode(p.value())))
                .sorted(Comparator.comparing(Parameter::name).thenComparing(Parameter::value))
                .map(p -> p.name() + "=" + p.value()).collect(Collectors.joining("&"));
        return method.toUpperCase(Locale.ROOT) + "&" + encode(baseUrl(URI.create(url))) + "&" + encode(parameterString);
    }

    static String signature(String baseString, String consumerSecret, String tokenSecret) {
        String key = encode(consumerSecret) + "&" + encode(tokenSecret);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /** RFC 3986 percent-encoding of UTF-8 bytes: everything but ALPHA / DIGIT / - . _ ~ is %XX (upper case). */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static String baseUrl(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
    }

    /** The query's parameters, decoded (a '+' is a space in a query, as X's clients send it). */
    static List<Parameter> queryOf(URI uri) {
        List<Parameter> parameters = new ArrayList<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            parameters.add(new Parameter(decode(eq < 0 ? pair : pair.substring(0, eq)),
                    eq < 0 ? "" : decode(pair.substring(eq + 1))));
        }
        return parameters;
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private String nonce() {
        char[] nonce = new char[32];
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = NONCE_CHARS[random.nextInt(NONCE_CHARS.length)];
        }
        return new String(nonce);
    }
}
