package dev.parley.social.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.PlatformHttp;
import dev.parley.social.api.SendResult;

/** What a reply's POST comes to: the platform's answer, or, without one, whether it may have arrived. */
class AsyncSendsTest {

    /** Answers every POST with {@code answer}; a timeout may have arrived, a refused connection cannot have. */
    private record OneAnswer(CompletableFuture<PlatformHttp.Reply> answer) implements PlatformHttp {
        @Override
        public CompletableFuture<Reply> getAsync(String url, Map<String, String> headers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Reply> postJsonAsync(String url, Map<String, String> headers, byte[] json) {
            return answer;
        }

        @Override
        public boolean mayHaveArrived(IOException e) {
            return e instanceof SocketTimeoutException;
        }
    }

    private static SendResult send(CompletableFuture<PlatformHttp.Reply> answer) {
        return AsyncSends.await(AsyncSends.postJson(new OneAnswer(answer), "X", "https://api.x.test/2/tweets",
                Map.of(), "{}".getBytes(StandardCharsets.UTF_8),
                reply -> SendResult.sent(new String(reply.body(), StandardCharsets.UTF_8))), "X");
    }

    @Test
    void anAnswerIsReadByThePlatform() {
        assertThat(send(CompletableFuture.completedFuture(new PlatformHttp.Reply(201, Map.of(),
                "1850".getBytes(StandardCharsets.UTF_8))))).isEqualTo(SendResult.sent("1850"));
    }

    @Test
    void noAnswerIsUnknownWhenTheRequestMayHaveArrivedAndARetryWhenItCannotHave() {
        SendResult timedOut = send(CompletableFuture.failedFuture(new SocketTimeoutException("Read timed out")));
        assertThat(timedOut.status()).isEqualTo(SendResult.Status.UNKNOWN);
        assertThat(timedOut.detail()).contains("no answer from X: Read timed out");
        SendResult refused = send(CompletableFuture.failedFuture(new ConnectException("Connection refused")));
        assertThat(refused.status()).isEqualTo(SendResult.Status.RETRY);
        assertThat(refused.detail()).contains("X could not be reached: Connection refused");
    }
}
