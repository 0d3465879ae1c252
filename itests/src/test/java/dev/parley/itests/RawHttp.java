package dev.parley.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 on a bare socket, for what a well-behaved client cannot send: bodies that stall, request
 * lines with malformed escapes, oversized headers, and a chosen loopback source address
 * (127.0.0.x) so a test can play several clients.
 */
final class RawHttp {

    /** A parsed answer: status, the Content-Type header (lower case, "" when absent) and the body. */
    record Answer(int status, String contentType, String body) {
    }

    private RawHttp() {
    }

    /** A connected socket from {@code sourceAddress} (any 127.x.y.z works on Linux loopback). */
    static Socket connect(String sourceAddress, int port) throws IOException {
        Socket socket = new Socket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    /** Sends the headers of a POST promising {@code contentLength} bytes and nothing more: a stalled upload. */
    static Socket stalledPost(String sourceAddress, int port, String path, int contentLength, String extraHeaders)
            throws IOException {
        Socket socket = connect(sourceAddress, port);
        socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n" + extraHeaders + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    /** One exchange on a fresh connection: sends {@code request} as is and reads the answer (Connection: close). */
    static Answer exchange(String sourceAddress, int port, String request) throws IOException {
        return exchange(sourceAddress, port, request.getBytes(StandardCharsets.UTF_8));
    }

    static Answer exchange(String sourceAddress, int port, byte[] request) throws IOException {
        try (Socket socket = connect(sourceAddress, port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    /** Whether the server has answered on this socket yet, without waiting more than a few milliseconds. */
    static boolean answered(Socket socket) throws IOException {
        socket.setSoTimeout(5);
        try {
            socket.getInputStream().read(); // a byte of an answer, or the end of the stream: either way not waiting
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server: it did not keep the request waiting either
        }
    }

    /**
     * The status the server answered on this socket, 0 when it closed it without an answer, or -1 when
     * it has not answered yet (waiting at most a few milliseconds to tell).
     */
    static int statusSoFar(Socket socket) throws IOException {
        socket.setSoTimeout(5);
        try {
            return read(socket.getInputStream()).status();
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The answer on a socket whose request has been sent; waits up to {@code timeoutMillis} for it. */
    static Answer answer(Socket socket, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        return read(socket.getInputStream());
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before the answer's headers ended: " + head);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String type = "";
        int length = -1;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                type = lower.substring(13).strip();
            } else if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).strip());
            }
        }
        byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        return new Answer(status, type, new String(body, StandardCharsets.UTF_8));
    }
}
