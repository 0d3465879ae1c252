package dev.parley.social.sandbox.internal.wire;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The platforms' webhook signatures, computed over the exact bytes sent: X puts base64 of the
 * HMAC-SHA256 in {@code x-twitter-webhooks-signature}, Meta lowercase hex in {@code X-Hub-Signature-256}.
 */
public final class WebhookSignatures {

    public static final String X_HEADER = "x-twitter-webhooks-signature";
    public static final String META_HEADER = "X-Hub-Signature-256";

    private WebhookSignatures() {
    }

    public static String x(String consumerSecret, byte[] body) {
        return "sha256=" + Base64.getEncoder().encodeToString(hmac(consumerSecret, body));
    }

    /** The {@code response_token} X expects back from a CRC check. */
    public static String xCrcResponseToken(String consumerSecret, String crcToken) {
        return x(consumerSecret, crcToken.getBytes(StandardCharsets.UTF_8));
    }

    public static String meta(String appSecret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(appSecret, body));
    }

    private static byte[] hmac(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // every Java SE runtime has HmacSHA256; a non-empty key is always valid
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
