package dev.parley.social.x.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import dev.parley.social.kit.Json;
import dev.parley.social.kit.Hmac;


/**
 * X Account Activity signatures: {@code sha256=} + base64(HMAC-SHA256(consumer secret, bytes)),
 * over the raw body for {@code x-twitter-webhooks-signature} and over the crc_token for the CRC.
 */
public final class XSignatures {

    public static final String HEADER = "x-twitter-webhooks-signature";
    private static final String PREFIX = "sha256=";
    static final int CRC_TOKEN_MAX_LENGTH = 256;
    private static final Pattern CRC_TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]+");

    private XSignatures() {
    }

    public static String sign(String consumerSecret, byte[] body) {
        return PREFIX + Base64.getEncoder().encodeToString(Hmac.sha256(consumerSecret, body));
    }

    /** The CRC answer's {@code response_token} for {@code crcToken}. */
    public static String crcResponseToken(String consumerSecret, String crcToken) {
        return sign(consumerSecret, crcToken.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Why {@code crcToken} must not be signed, or empty when it looks like one X sends. The CRC
     * answer is the same HMAC as a webhook signature, so signing an arbitrary token would sign
     * any body an attacker chose; X's tokens are short base64-like strings, which no JSON
     * delivery can be.
     */
    public static Optional<String> crcTokenRefusal(String crcToken) {
        if (crcToken.isEmpty() || crcToken.length() > CRC_TOKEN_MAX_LENGTH) {
            return Optional.of("a crc_token has 1 to " + CRC_TOKEN_MAX_LENGTH + " characters");
        }
        if (!CRC_TOKEN.matcher(crcToken).matches()) {
            return Optional.of("a crc_token has only the characters A-Z a-z 0-9 . _ ~ + / = -");
        }
        if (Json.isValidJson(crcToken)) {
            return Optional.of("a crc_token is never a JSON value");
        }
        return Optional.empty();
    }

    public static boolean verify(String consumerSecret, Optional<String> header, byte[] body) {
        if (header.isEmpty() || !header.get().regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        Optional<byte[]> presented = Hmac.base64(header.get().substring(PREFIX.length()));
        return Hmac.matches(Hmac.sha256(consumerSecret, body), presented);
    }
}
