package dev.parley.social.kit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC signatures as the platforms compute them, and their constant-time comparison. */
public final class Hmac {

    private Hmac() {
    }

    public static byte[] sign(String algorithm, String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
    }

    public static byte[] sha256(String secret, byte[] message) {
        return sign("HmacSHA256", secret, message);
    }

    /**
     * Whether {@code expected} equals {@code presented}, in time independent of where they differ
     * (MessageDigest.isEqual), so an attacker cannot guess a signature byte by byte.
     */
    public static boolean matches(byte[] expected, Optional<byte[]> presented) {
        return presented.isPresent() && MessageDigest.isEqual(expected, presented.get());
    }

    /** The bytes of a lower- or upper-case hex string; empty if it is not hex. */
    public static Optional<byte[]> hex(String value) {
        try {
            return Optional.of(HexFormat.of().parseHex(value.strip().toLowerCase()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The bytes of a base64 string; empty if it is not base64. */
    public static Optional<byte[]> base64(String value) {
        try {
            return Optional.of(java.util.Base64.getDecoder().decode(value.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
