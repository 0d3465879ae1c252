package dev.parley.agent.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadForwarderTest {

    @TempDir
    Path folder;

    /** A host that answers the headers with {@code answer} and reports how many body bytes it then got. */
    private static CompletableFuture<Integer> host(ServerSocket server, String interim, String answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                List<String> headers = new ArrayList<>();
                for (String line; !(line = in.readLine()).isEmpty();) {
                    headers.add(line);
                }
                assertThat(headers).contains("Expect: 100-continue", "Content-Type: image/png");
                OutputStream out = s.getOutputStream();
                int got = 0;
                if (interim != null) {
                    out.write(interim.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    for (int i = 0; i < 5; i++) {
                        in.read();
                        got++;
                    }
                }
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return got;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aRefusalComesBackWithItsBodyAndNoByteOfTheFileIsSent() throws Exception {
        Path file = Files.write(folder.resolve("f"), "hello".getBytes(StandardCharsets.UTF_8));
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<Integer> got = host(server, null, "HTTP/1.1 413 Content Too Large\r\nContent-Type: "
                    + "application/problem+json\r\nContent-Length: 14\r\nConnection: close\r\n\r\n{\"status\":413}");
            UploadForwarder.Answer answer;
            HostApi host = new HostApi(HostApiTest.defaults());
            try {
                answer = new UploadForwarder(host).send(URI.create("http://127.0.0.1:" + server.getLocalPort()),
                        "/api/tickets/1/attachments?name=f", "t", Map.of("Content-Type", "image/png"), file,
                        Duration.ofSeconds(5));
            } finally {
                host.deactivate();
            }
            assertThat(answer.status()).isEqualTo(413);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":413}");
            assertThat(answer.headers()).containsEntry("content-type", "application/problem+json");
            assertThat(got.get()).isZero();
        }
    }

    @Test
    void afterContinueTheFileGoesAndAChunkedAnswerIsRead() throws Exception {
        Path file = Files.write(folder.resolve("f"), "hello".getBytes(StandardCharsets.UTF_8));
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<Integer> got = host(server, "HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 201 Created\r\n"
                    + "Location: /api/attachments/7\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n2\r\n7}\r\n0\r\n\r\n");
            UploadForwarder.Answer answer;
            HostApi host = new HostApi(HostApiTest.defaults());
            try {
                answer = new UploadForwarder(host).send(URI.create("http://127.0.0.1:" + server.getLocalPort()),
                        "/api/tickets/1/attachments", "t", Map.of("Content-Type", "image/png"), file,
                        Duration.ofSeconds(5));
            } finally {
                host.deactivate();
            }
            assertThat(answer.status()).isEqualTo(201);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":7}");
            assertThat(answer.headers()).containsEntry("location", "/api/attachments/7");
            assertThat(got.get()).isEqualTo(5);
        }
    }

    @Test
    void aClosedConsoleClientRefusesToSend() throws Exception {
        Path file = Files.write(folder.resolve("f"), "hello".getBytes(StandardCharsets.UTF_8));
        HostApi host = new HostApi(HostApiTest.defaults());
        host.deactivate();
        assertThat(host.started()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new UploadForwarder(host).send(
                URI.create("http://127.0.0.1:1"), "/api/tickets/1/attachments", "t", Map.of(), file, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
    }
}
