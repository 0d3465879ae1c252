package dev.parley.social.sandbox.internal.customer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Files a sandbox customer can attach, with real bytes, served at {@code /sandbox/media/<name>}
 * the way a platform's CDN serves them: {@code photo.png} (a small PNG), {@code document.pdf} (a
 * tiny PDF) and {@code disguised.png}, HTML that its server calls {@code image/png}, to show that
 * the helpdesk believes the bytes, not the label.
 */
public final class SandboxMedia {

    public static final Set<String> NAMES = Set.of("photo.png", "document.pdf", "disguised.png");

    /** A 1x1 PNG. */
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    /** A served file: its bytes and the Content-Type its server claims. */
    public record File(byte[] bytes, String contentType) {
    }

    private SandboxMedia() {
    }

    public static Optional<File> file(String name) {
        return switch (name) {
            case "photo.png" -> Optional.of(new File(PNG.clone(), "image/png"));
            case "document.pdf" -> Optional.of(new File(pdf(), "application/pdf"));
            case "disguised.png" -> Optional.of(new File(
                    "<html><script>alert('not a picture')</script></html>".getBytes(StandardCharsets.UTF_8), "image/png"));
            default -> Optional.empty();
        };
    }

    private static byte[] pdf() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                + "trailer<</Root 1 0 R>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
