package dev.parley.social.connector.internal.x;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import dev.parley.social.connector.internal.webhook.Hmac;

/**
 * X Account Activity signatures: {@code sha256=} + base64(HMAC-SHA256(consumer secret, bytes)),
 * over the raw body for {@code x-twitter-webhooks-signature} and over the crc_token for the CRC.
 */
public final class XSignatures {

    public static final String HEADER = "x-twitter-webhooks-signature";
    private static final String PREFIX = "sha256=";

    private XSignatures() {
    }

    public static String sign(String consumerSecret, byte[] body) {
        return PREFIX + Base64.getEncoder().encodeToString(Hmac.sha256(consumerSecret, body));
    }

    /** The CRC answer's {@code response_token} for {@code crcToken}. */
    public static String crcResponseToken(String consumerSecret, String crcToken) {
        return sign(consumerSecret, crcToken.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean verify(String consumerSecret, Optional<String> header, byte[] body) {
        if (header.isEmpty() || !header.get().regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        Optional<byte[]> presented = Hmac.base64(header.get().substring(PREFIX.length()));
        return Hmac.matches(Hmac.sha256(consumerSecret, body), presented);
    }
}
