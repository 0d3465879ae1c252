package dev.parley.social.connector.internal.account;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.parley.social.api.RateLimit;

/**
 * Live counters of one account since the connector started: refused webhooks, failures, and the
 * poller's state. Kept by name, so they survive a configuration change of the account. Messages
 * in {@link #lastError()} never contain secrets or message text.
 */
public final class AccountHealth {

    /** What the poller is doing for this account. */
    public enum PollingState {
        OFF, WAITING, POLLING, RATE_LIMITED, FAILING
    }

    /** A failure with when it happened. */
    public record Failure(Instant at, String message) {
    }

    private final AtomicLong signatureFailures = new AtomicLong();
    private final AtomicLong malformedBodies = new AtomicLong();
    private final AtomicLong pollFailures = new AtomicLong();
    private final AtomicLong storeFailures = new AtomicLong();
    private final AtomicReference<Failure> lastError = new AtomicReference<>();
    private final AtomicReference<PollingState> polling = new AtomicReference<>(PollingState.OFF);
    private final AtomicReference<Instant> lastPollAt = new AtomicReference<>();
    private final AtomicReference<Instant> nextPollAt = new AtomicReference<>();
    private final AtomicReference<RateLimit> rateLimit = new AtomicReference<>();
    private final SendHealth sending = new SendHealth();

    /** The outbound counters and DEGRADED state. */
    public SendHealth sending() {
        return sending;
    }

    public void signatureRefused(Instant at) {
        signatureFailures.incrementAndGet();
        lastError.set(new Failure(at, "webhook refused: bad or missing signature"));
    }

    public void malformed(Instant at, String detail) {
        malformedBodies.incrementAndGet();
        lastError.set(new Failure(at, "webhook refused: " + detail));
    }

    public void storeFailed(Instant at, String detail) {
        storeFailures.incrementAndGet();
        lastError.set(new Failure(at, "could not store events: " + detail));
    }

    public void pollFailed(Instant at, String detail, Instant next) {
        pollFailures.incrementAndGet();
        lastError.set(new Failure(at, "poll failed: " + detail));
        polling.set(PollingState.FAILING);
        nextPollAt.set(next);
    }

    public void polling(Instant at) {
        polling.set(PollingState.POLLING);
        lastPollAt.set(at);
    }

    public void polled(Instant next, boolean rateLimited, Optional<RateLimit> limit) {
        polling.set(rateLimited ? PollingState.RATE_LIMITED : PollingState.WAITING);
        nextPollAt.set(next);
        limit.ifPresent(rateLimit::set);
    }

    public void pollingOff() {
        polling.set(PollingState.OFF);
        nextPollAt.set(null);
    }

    public long signatureFailures() {
        return signatureFailures.get();
    }

    public long malformedBodies() {
        return malformedBodies.get();
    }

    public long pollFailures() {
        return pollFailures.get();
    }

    public long storeFailures() {
        return storeFailures.get();
    }

    public long errors() {
        return signatureFailures.get() + malformedBodies.get() + pollFailures.get() + storeFailures.get();
    }

    public Optional<Failure> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    public PollingState pollingState() {
        return polling.get();
    }

    public Optional<Instant> lastPollAt() {
        return Optional.ofNullable(lastPollAt.get());
    }

    public Optional<Instant> nextPollAt() {
        return Optional.ofNullable(nextPollAt.get());
    }

    public Optional<RateLimit> rateLimit() {
        return Optional.ofNullable(rateLimit.get());
    }
}
