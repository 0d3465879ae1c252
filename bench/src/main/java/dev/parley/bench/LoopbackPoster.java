package dev.parley.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection that POSTs and waits for the status, and nothing more. The
 * generator shares the two cores with the server it measures, and the JDK's HttpClient spent about
 * as much CPU per request as the server did; this costs a fraction of that.
 */
final class LoopbackPoster implements AutoCloseable {

    private final URI base;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    LoopbackPoster(URI base) {
        this.base = base;
    }

    /** Sends one POST and returns the response status; reconnects if the server closed the connection. */
    int post(String path, String signatureHeader, String signature, byte[] body) throws IOException {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nContent-Type: application/json\r\n" + signatureHeader + ": " + signature
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int attempt = 1;; attempt++) {
            try {
                connectIfNeeded();
                out.write(head);
                out.write(body);
                out.flush();
                return readResponse();
            } catch (IOException e) {
                close();
                if (attempt == 2) {
                    throw e;
                }
            }
        }
    }

    /** Connects now (a load run opens its connections before its clock starts); post() reconnects when needed. */
    void connectIfNeeded() throws IOException {
        if (socket == null) {
            socket = new Socket(base.getHost(), base.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }
    }

    private int readResponse() throws IOException {
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].strip(), 16); size > 0;
                    size = Long.parseLong(line().split(";")[0].strip(), 16)) {
                in.skipNBytes(size);
                line();
            }
            line();
        } else if (length > 0) {
            in.skipNBytes(length);
        }
        if (close) {
            close();
        }
        return code;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
            socket = null;
        }
    }
}
