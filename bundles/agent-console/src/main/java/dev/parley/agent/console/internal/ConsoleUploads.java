package dev.parley.agent.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An agent's file on its way through the console's proxy to {@code POST /api/tickets/{id}/attachments}.
 * The HTTP edge does not collect this body in memory (it is too large for that), so the proxy reads
 * it itself, only after the session and its CSRF header were checked (or a bare bearer token was
 * found to be an agent's by {@code GET /api/me}): a declared length is required
 * (411) and bounded (413 before a byte is read), the bytes go to an owner-only temporary file with
 * that bound and a deadline, and the file is sent on with {@code Expect: 100-continue}, so a host
 * that refuses the call (role, size, ticket) answers before any byte leaves. The temporary file is
 * deleted when the call ends ({@link UploadForwarder}). Spooling first means a slow browser holds its
 * own request thread only, never a connection to the host.
 */
final class ConsoleUploads {

    private static final Pattern PATH = Pattern.compile("/tickets/[0-9]{1,18}/attachments/?");

    private ConsoleUploads() {
    }

    /** Whether this proxied call is an upload (path relative to {@code /agent/api}). */
    static boolean isUpload(String method, String pathInfo) {
        return "POST".equals(method) && pathInfo != null && PATH.matcher(pathInfo).matches();
    }

    /** The body in a temporary file, or null when the request was answered with a refusal. */
    static Path spool(HttpServletRequest req, HttpServletResponse resp, long maxBytes, Duration deadline)
            throws IOException {
        long declared = req.getContentLengthLong();
        if (declared < 0) {
            Problems.write(req, resp, 411, "Length Required", "send the file with its Content-Length", Map.of());
            return null;
        }
        if (declared > maxBytes) {
            Problems.write(req, resp, 413, "Content Too Large", "the file is " + declared + " bytes; at most "
                    + maxBytes + " bytes are accepted", Map.of("maxBytes", maxBytes));
            return null;
        }
        Path file = Files.createTempFile("parley-console-upload-", ".part"); // owner-only on POSIX
        boolean kept = false;
        long end = System.nanoTime() + deadline.toNanos();
        try (InputStream in = req.getInputStream(); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0;) {
                total += n;
                if (total > declared || System.nanoTime() - end > 0) {
                    Problems.write(req, resp, total > declared ? 400 : 408, total > declared ? "Bad Request"
                            : "Request Timeout", total > declared ? "the body is longer than its Content-Length"
                                    : "the file did not arrive within " + deadline.toSeconds() + " seconds", Map.of());
                    return null;
                }
                out.write(buffer, 0, n);
            }
            if (total != declared) {
                Problems.write(req, resp, 400, "Bad Request", "the file did not arrive completely", Map.of());
                return null;
            }
            kept = true;
            return file;
        } catch (IOException e) {
            Problems.write(req, resp, 400, "Bad Request", "the file did not arrive completely ("
                    + e.getClass().getSimpleName() + ")", Map.of());
            return null;
        } finally {
            if (!kept) {
                Files.deleteIfExists(file);
            }
        }
    }
}
