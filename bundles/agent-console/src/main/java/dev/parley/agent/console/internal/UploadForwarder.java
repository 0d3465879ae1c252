package dev.parley.agent.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.FileEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends a spooled upload on to the host's API with {@code Expect: 100-continue}, over the console's
 * client ({@link HostApi}): the file's bytes go only after the host said {@code 100 Continue} (it
 * checked the token, role, ticket and declared size), and a refusal comes back with its problem body
 * without them. Written on the calling servlet thread, so a large file occupies no shared thread.
 * (The JDK's HttpClient 17 never delivers the body of a response that refuses an expectation, so it
 * could not relay the host's refusal.)
 */
final class UploadForwarder {

    /** The host's answer: status, headers (lower-case names, first value), body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private static final int MAX_ANSWER_BYTES = 256 * 1024;

    private final HostApi host;

    UploadForwarder(HostApi host) {
        this.host = host;
    }

    /**
     * Posts {@code file} to {@code base + pathAndQuery} with the caller's {@code token} and {@code
     * headers} (its {@code Content-Type} becomes the file's); waits at most {@code timeout} for each
     * read of the answer. Throws {@link IllegalArgumentException} for a target that is not a URI.
     */
    Answer send(URI base, String pathAndQuery, String token, Map<String, String> headers, Path file,
            Duration timeout) throws IOException {
        HttpPost post = new HttpPost(URI.create(base.toString().replaceAll("/+$", "") + pathAndQuery));
        post.setHeader("Authorization", "Bearer " + token);
        ContentType type = ContentType.APPLICATION_OCTET_STREAM;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase("Content-Type")) {
                type = ContentType.parseLenient(h.getValue());
            } else {
                post.setHeader(h.getKey(), h.getValue());
            }
        }
        post.setHeader("Content-Type", type.toString());
        post.setEntity(new FileEntity(file.toFile(), type));
        try (HostApi.Answer answer = host.execute(post, RequestConfig.custom().setExpectContinueEnabled(true)
                .setResponseTimeout(Timeout.of(timeout)).build())) {
            return new Answer(answer.status(), Map.copyOf(answer.headers()), body(answer.body()));
        }
    }

    private static byte[] body(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
        if (bytes.length > MAX_ANSWER_BYTES) {
            throw new IOException("the API's answer is larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        return bytes;
    }
}
