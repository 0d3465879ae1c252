package dev.parley.social.sandbox.internal.faults;

import java.util.EnumMap;
import java.util.Map;

import dev.parley.social.sandbox.internal.customer.InvalidFieldException;
import dev.parley.social.sandbox.internal.wire.Platform;

/**
 * Faults requested by a test, per platform: how the next webhooks are delivered and how the next
 * API calls are answered. Counted faults ("the next N") are used up one call at a time; when
 * both are pending, 429s come before 5xx.
 */
public final class FaultPlan {

    private final Map<Platform, WebhookFaults> webhooks = new EnumMap<>(Platform.class);
    private final Map<Platform, ApiFaults> apis = new EnumMap<>(Platform.class);

    public FaultPlan() {
        reset();
    }

    public synchronized void set(Platform platform, WebhookFaults webhook, ApiFaults api) {
        if (webhook != null) {
            webhooks.put(platform, webhook);
        }
        if (api != null) {
            apis.put(platform, api);
        }
    }

    public synchronized void reset() {
        for (Platform p : Platform.values()) {
            webhooks.put(p, WebhookFaults.NONE);
            apis.put(p, ApiFaults.NONE);
        }
    }

    public synchronized Map<Platform, WebhookFaults> webhookFaults() {
        return Map.copyOf(webhooks);
    }

    public synchronized Map<Platform, ApiFaults> apiFaults() {
        return Map.copyOf(apis);
    }

    /** How to deliver the next webhook of {@code platform}; uses up one drop. */
    public synchronized WebhookPlan nextWebhook(Platform platform) {
        WebhookFaults f = webhooks.get(platform);
        boolean drop = f.drop() > 0;
        if (drop) {
            webhooks.put(platform, new WebhookFaults(f.delayMs(), f.duplicate(), f.outOfOrder(), f.drop() - 1));
        }
        return new WebhookPlan(f.delayMs(), drop, f.duplicate(), f.outOfOrder());
    }

    /** How to answer the next API call on {@code platform}; uses up one counted fault. */
    public synchronized ApiPlan nextApi(Platform platform) {
        ApiFaults f = apis.get(platform);
        if (f.rateLimit429() > 0) {
            apis.put(platform, new ApiFaults(f.delayMs(), f.fail5xx(), f.rateLimit429() - 1, f.retryAfterSeconds(),
                    f.legacyRateLimitBody()));
            return new ApiPlan(f.delayMs(), ApiOutcome.RATE_LIMITED, f.retryAfterSeconds(), f.legacyRateLimitBody());
        }
        if (f.fail5xx() > 0) {
            apis.put(platform, new ApiFaults(f.delayMs(), f.fail5xx() - 1, 0, f.retryAfterSeconds(),
                    f.legacyRateLimitBody()));
            return new ApiPlan(f.delayMs(), ApiOutcome.SERVER_ERROR, 0, false);
        }
        return new ApiPlan(f.delayMs(), ApiOutcome.NORMAL, 0, false);
    }

    /**
     * Webhook delivery faults.
     *
     * @param delayMs wait before each delivery
     * @param duplicate send every webhook twice, byte for byte
     * @param outOfOrder hold each webhook until the next one is sent (pairs swap)
     * @param drop never send the next N webhooks (polling must find them)
     */
    public record WebhookFaults(long delayMs, boolean duplicate, boolean outOfOrder, int drop) {
        public static final WebhookFaults NONE = new WebhookFaults(0, false, false, 0);

        public WebhookFaults {
            nonNegative("webhook.delayMs", delayMs);
            nonNegative("webhook.drop", drop);
        }
    }

    /**
     * Platform API faults.
     *
     * @param delayMs hold each response this long (after the call took effect, as a slow platform does)
     * @param fail5xx answer the next N calls with the platform's 5xx
     * @param rateLimit429 answer the next N calls with the platform's 429
     * @param retryAfterSeconds when the 429's quota resets (X {@code x-rate-limit-reset}, Meta {@code Retry-After})
     * @param legacyRateLimitBody X only: the {@code {"errors":[{"code":88}]}} body instead of the v2 problem
     */
    public record ApiFaults(long delayMs, int fail5xx, int rateLimit429, int retryAfterSeconds,
            boolean legacyRateLimitBody) {
        public static final ApiFaults NONE = new ApiFaults(0, 0, 0, 1, false);

        public ApiFaults {
            nonNegative("api.delayMs", delayMs);
            nonNegative("api.fail5xx", fail5xx);
            nonNegative("api.rateLimit429", rateLimit429);
            nonNegative("api.retryAfterSeconds", retryAfterSeconds);
            if (retryAfterSeconds == 0) {
                retryAfterSeconds = 1;
            }
        }
    }

    /** What happens to one webhook. */
    public record WebhookPlan(long delayMs, boolean drop, boolean duplicate, boolean outOfOrder) {
    }

    /** What happens to one API call. */
    public record ApiPlan(long delayMs, ApiOutcome outcome, int retryAfterSeconds, boolean legacyRateLimitBody) {
    }

    /** The answer an API call gets. */
    public enum ApiOutcome {
        NORMAL, RATE_LIMITED, SERVER_ERROR
    }

    private static void nonNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidFieldException(field, field + " must not be negative");
        }
        if (field.endsWith("delayMs") && value > 300_000) {
            throw new InvalidFieldException(field, field + " must be at most 300000 (5 minutes)");
        }
    }
}
