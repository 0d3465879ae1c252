package dev.parley.helpdesk.core.internal.attachments;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * The name an agent's file is kept and shown under. It came from a browser (anyone with a token can
 * send any bytes), and it ends up in a {@code Content-Disposition} header, a platform's multipart
 * form and the agents' pages: only its last path segment is kept (no {@code ../}, no drive or
 * folder), without control characters (no header or line injection), bidirectional overrides (no
 * {@code gpj.exe} that reads as {@code exe.jpg}), quotes, backslashes or characters Windows refuses in
 * names; at most {@link #MAX_LENGTH} characters, the extension kept; never empty, {@code .} or {@code ..}.
 */
public final class FileNames {

    public static final int MAX_LENGTH = 200;
    private static final String FALLBACK = "file";

    private FileNames() {
    }

    public static String sanitize(String raw) {
        if (raw == null) {
            return FALLBACK;
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        StringBuilder kept = new StringBuilder(name.length());
        name.codePoints().filter(FileNames::allowed).forEach(kept::appendCodePoint);
        name = kept.toString().strip();
        // leading dots hide a file (or make it . or ..); trailing dots and spaces vanish on Windows
        name = name.replaceAll("^[.\\s]+", "").replaceAll("[.\\s]+$", "");
        if (name.isEmpty()) {
            return FALLBACK;
        }
        return shorten(name);
    }

    private static boolean allowed(int c) {
        return !Character.isISOControl(c) && c != 0x2028 && c != 0x2029 // line and paragraph separators
                && !(c >= 0x202A && c <= 0x202E) && !(c >= 0x2066 && c <= 0x2069) && c != 0x200E && c != 0x200F
                && c != 0xFEFF && "\"\\/:*?<>|;%".indexOf(c) < 0
                && Character.getType(c) != Character.UNASSIGNED && Character.getType(c) != Character.PRIVATE_USE
                && Character.getType(c) != Character.SURROGATE;
    }

    private static String shorten(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String stem = extension.isEmpty() ? name : name.substring(0, dot);
        int keep = MAX_LENGTH - extension.length();
        return stem.substring(0, stem.offsetByCodePoints(0, keep)) + extension;
    }

    /** A {@code Content-Disposition} value: an ASCII {@code filename} and the exact one as RFC 8187 {@code filename*}. */
    public static String disposition(String type, String name) {
        String safe = sanitize(name);
        StringBuilder ascii = new StringBuilder();
        safe.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7F ? (char) c : '_'));
        StringBuilder encoded = new StringBuilder();
        for (byte b : safe.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
