package dev.parley.social.meta.internal;

import java.util.HexFormat;
import java.util.Optional;
import dev.parley.social.kit.Hmac;


/**
 * Meta webhook signatures: {@code X-Hub-Signature-256: sha256=} + hex(HMAC-SHA256(app secret, raw
 * body)), or the legacy {@code X-Hub-Signature: sha1=...} when only that one is sent. Always over
 * the bytes as received: Meta escapes non-ASCII as {@code \\uXXXX} and signs exactly that.
 */
public final class MetaSignatures {

    public static final String HEADER_SHA256 = "x-hub-signature-256";
    public static final String HEADER_SHA1 = "x-hub-signature";

    private MetaSignatures() {
    }

    public static String sign(String appSecret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(Hmac.sha256(appSecret, body));
    }

    public static boolean verify(String appSecret, Optional<String> sha256Header, Optional<String> sha1Header,
            byte[] body) {
        if (sha256Header.isPresent()) {
            return check(sha256Header.get(), "sha256=", Hmac.sha256(appSecret, body));
        }
        return sha1Header.isPresent() && check(sha1Header.get(), "sha1=", Hmac.sign("HmacSHA1", appSecret, body));
    }

    private static boolean check(String header, String prefix, byte[] expected) {
        if (!header.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return false;
        }
        return Hmac.matches(expected, Hmac.hex(header.substring(prefix.length())));
    }
}
