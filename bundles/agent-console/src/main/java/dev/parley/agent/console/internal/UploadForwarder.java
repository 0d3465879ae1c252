package dev.parley.agent.console.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends a spooled upload to the host's API over one HTTP/1.1 connection with {@code Expect:
 * 100-continue}: the file's bytes go only after the host said {@code 100 Continue} (it checked the
 * token, role, ticket and declared size), and a refusal comes back with its problem body without
 * them. Written on the calling servlet thread, so a large file occupies no shared client thread. (The
 * JDK's HttpClient 17 never delivers the body of a response that refuses an expectation, so it cannot
 * relay the host's refusal.) A host that ignores the expectation gets the body after a short wait, as
 * RFC 9110 asks.
 */
final class UploadForwarder {

    /** The host's answer: status, headers (lower-case names, first value), body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    private static final int MAX_ANSWER_BYTES = 256 * 1024;
    private static final int CONTINUE_WAIT_MILLIS = 5_000;

    private UploadForwarder() {
    }

    static Answer send(URI base, String pathAndQuery, String token, Map<String, String> headers, Path file,
            Duration timeout) throws IOException {
        boolean tls = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
        String host = base.getHost();
        String target = (base.getRawPath() == null ? "" : base.getRawPath()) + pathAndQuery;
        if (target.chars().anyMatch(c -> c <= 0x20 || c >= 0x7F)) {
            throw new IllegalArgumentException("the path or query is not a valid request target");
        }
        long length = Files.size(file);
        try (Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            if (socket instanceof SSLSocket ssl) {
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(parameters);
            }
            StringBuilder head = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host.contains(":") ? "[" + host + "]" : host)
                    .append(base.getPort() > 0 ? ":" + port : "").append("\r\n")
                    .append("Authorization: Bearer ").append(token).append("\r\n")
                    .append("Content-Length: ").append(length).append("\r\n")
                    .append("Expect: 100-continue\r\nConnection: close\r\n");
            headers.forEach((name, value) -> {
                if (value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
                    head.append(name).append(": ").append(value).append("\r\n");
                }
            });
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            socket.setSoTimeout(CONTINUE_WAIT_MILLIS);
            Answer first;
            try {
                first = read(in);
            } catch (SocketTimeoutException ignored) {
                first = null; // no interim answer: send the body anyway
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            if (first != null && first.status() != 100) {
                return first; // refused before the body
            }
            Files.copy(file, out);
            out.flush();
            Answer last;
            do {
                last = read(in);
            } while (last.status() / 100 == 1);
            return last;
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 answer");
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + parts[1]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line; !(line = line(in)).isEmpty();) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1)
                        .strip());
            }
        }
        if (code / 100 == 1) {
            return new Answer(code, headers, new byte[0]);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            for (int size; (size = Integer.parseInt(line(in).replaceAll(";.*", "").strip(), 16)) > 0;) {
                copy(in, body, size);
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailers
            }
        } else if (headers.containsKey("content-length")) {
            copy(in, body, Long.parseLong(headers.get("content-length")));
        } else {
            copy(in, body, MAX_ANSWER_BYTES);
        }
        return new Answer(code, headers, body.toByteArray());
    }

    private static void copy(InputStream in, ByteArrayOutputStream body, long count) throws IOException {
        if (body.size() + count > MAX_ANSWER_BYTES) {
            throw new IOException("the API's answer is larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        byte[] bytes = in.readNBytes((int) count);
        body.write(bytes, 0, bytes.length);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n';) {
            if (c < 0) {
                throw new IOException("the API closed the connection mid-answer");
            }
            if (line.size() > 16 * 1024) {
                throw new IOException("an over-long line in the API's answer");
            }
            line.write(c);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
