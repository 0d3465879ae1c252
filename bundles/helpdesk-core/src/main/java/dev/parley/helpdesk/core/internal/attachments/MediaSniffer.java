package dev.parley.helpdesk.core.internal.attachments;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides an attachment's MIME type from its first bytes. A server's Content-Type is believed only
 * when the bytes agree with it (an "image/png" that starts like a PDF is a PDF), because the type
 * decides how an agent's browser treats the file: a platform (or whatever answered in its name)
 * cannot make HTML or script pass for a picture. Types without magic numbers (plain text, JSON)
 * are taken as declared only when the bytes look like text; anything unrecognized is {@code
 * application/octet-stream}.
 */
public final class MediaSniffer {

    /** How many leading bytes {@link #mediaType} looks at. */
    public static final int HEAD_BYTES = 64;

    private static final String UNKNOWN = "application/octet-stream";

    private MediaSniffer() {
    }

    /** The MIME type of bytes starting with {@code head}, given the {@code declared} Content-Type (if any). */
    public static String mediaType(byte[] head, Optional<String> declared) {
        Optional<String> sniffed = sniff(head);
        String claim = declared.map(MediaSniffer::essence).orElse("");
        if (sniffed.isPresent()) {
            return sniffed.get();
        }
        if ((claim.equals("text/plain") || claim.equals("text/csv") || claim.equals("application/json"))
                && looksLikeText(head)) {
            return claim;
        }
        return UNKNOWN;
    }

    /**
     * Why a file that claims to be a picture is refused, when its bytes ({@code sniffed} is the type
     * {@link #mediaType} decided) are no picture at all: HTML or SVG sent as "image/png" is not stored
     * under any type. A picture of another format than claimed (a JPEG named .png) is kept as what it is.
     */
    public static Optional<String> falsePicture(Optional<String> declared, String sniffed) {
        String claim = declared.map(MediaSniffer::essence).orElse("");
        if (claim.startsWith("image/") && !sniffed.startsWith("image/")) {
            return Optional.of("the file is declared " + claim + " but its bytes are not a picture Parley recognizes "
                    + "(JPEG, PNG, GIF, WebP, HEIC); SVG is not taken as a picture because it can carry script: "
                    + "send it as application/octet-stream to attach it as a document");
        }
        return Optional.empty();
    }

    /** Whether agents' browsers may show this type inline: raster images only (SVG can carry script). */
    public static boolean inline(String mediaType) {
        return mediaType.startsWith("image/") && !mediaType.equals("image/svg+xml");
    }

    /** The type and subtype of a Content-Type, lower case, without parameters. */
    static String essence(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    static Optional<String> sniff(byte[] h) {
        if (starts(h, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (starts(h, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of("image/png");
        }
        if (ascii(h, 0, "GIF87a") || ascii(h, 0, "GIF89a")) {
            return Optional.of("image/gif");
        }
        if (ascii(h, 0, "RIFF") && ascii(h, 8, "WEBP")) {
            return Optional.of("image/webp");
        }
        if (ascii(h, 0, "RIFF") && ascii(h, 8, "WAVE")) {
            return Optional.of("audio/wav");
        }
        if (ascii(h, 0, "%PDF-")) {
            return Optional.of("application/pdf");
        }
        if (ascii(h, 4, "ftyp")) {
            String brand = h.length >= 12 ? new String(h, 8, 4, StandardCharsets.US_ASCII) : "";
            if (brand.startsWith("M4A")) {
                return Optional.of("audio/mp4");
            }
            if (brand.startsWith("qt")) {
                return Optional.of("video/quicktime");
            }
            if (brand.startsWith("heic") || brand.startsWith("heix") || brand.startsWith("mif1")) {
                return Optional.of("image/heic");
            }
            return Optional.of("video/mp4");
        }
        if (ascii(h, 0, "OggS")) {
            return Optional.of("audio/ogg");
        }
        if (ascii(h, 0, "ID3") || starts(h, 0xFF, 0xFB) || starts(h, 0xFF, 0xF3) || starts(h, 0xFF, 0xF2)) {
            return Optional.of("audio/mpeg");
        }
        if (starts(h, 0x1A, 0x45, 0xDF, 0xA3)) {
            return Optional.of("video/webm");
        }
        if (starts(h, 'P', 'K', 0x03, 0x04)) {
            return Optional.of("application/zip");
        }
        return Optional.empty();
    }

    private static boolean looksLikeText(byte[] head) {
        for (byte b : head) {
            int c = b & 0xFF;
            if (c < 0x09 || (c > 0x0D && c < 0x20 && c != 0x1B)) {
                return false;
            }
        }
        return true;
    }

    private static boolean starts(byte[] h, int... magic) {
        if (h.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((h[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] h, int offset, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        return h.length >= offset + m.length && Arrays.equals(h, offset, offset + m.length, m, 0, m.length);
    }
}
