package dev.parley.social.kit;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import dev.parley.social.api.PlatformHttp;
import dev.parley.social.api.SendResult;

/**
 * A reply's POST over the connector's async client and what a missing answer means: a request
 * that may have reached the platform is UNKNOWN (the connector looks it up before sending again),
 * one that cannot have is retried. {@code platform} names the platform in the reasons.
 */
public final class AsyncSends {

    private AsyncSends() {
    }

    /** Posts {@code json}; the platform's answer becomes a result through {@code result}. */
    public static CompletableFuture<SendResult> postJson(PlatformHttp http, String platform, String url,
            Map<String, String> headers, byte[] json, Function<PlatformHttp.Reply, SendResult> result) {
        CompletableFuture<PlatformHttp.Reply> call;
        try {
            call = http.postJsonAsync(url, headers, json);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(SendResult.retry(platform + " could not be called: " + e,
                    Optional.empty()));
        }
        return call.handle((reply, failure) -> {
            if (failure == null) {
                return result.apply(reply);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                    : failure;
            if (cause instanceof IOException e) {
                return http.mayHaveArrived(e) ? SendResult.unknown("no answer from " + platform + ": " + e.getMessage())
                        : SendResult.retry(platform + " could not be reached: " + e.getMessage(), Optional.empty());
            }
            return SendResult.unknown("no answer from " + platform + ": " + cause);
        });
    }

    /** Waits for {@code send}, for the SPI's synchronous {@code send}. */
    public static SendResult await(CompletionStage<SendResult> send, String platform) {
        CompletableFuture<SendResult> result = send.toCompletableFuture();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            return SendResult.unknown("interrupted while waiting for " + platform);
        } catch (ExecutionException e) {
            return SendResult.unknown(platform + "'s answer could not be read: " + e.getCause());
        }
    }
}
