package dev.parley.social.sandbox.internal.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.social.sandbox.internal.api.ApiGateway;
import dev.parley.social.sandbox.internal.api.PlatformApi;
import dev.parley.social.sandbox.internal.api.SentLog;
import dev.parley.social.sandbox.internal.api.SentRequest;
import dev.parley.social.sandbox.internal.customer.InvalidFieldException;
import dev.parley.social.sandbox.internal.faults.FaultPlan.ApiFaults;
import dev.parley.social.sandbox.internal.faults.FaultPlan.ApiOutcome;
import dev.parley.social.sandbox.internal.faults.FaultPlan.WebhookFaults;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.ApiResponse;
import dev.parley.social.sandbox.internal.wire.Platform;
import dev.parley.social.sandbox.internal.wire.WireJson;

class FaultPlanTest {

    private final FaultPlan plan = new FaultPlan();

    @Test
    void countedApiFaultsAreUsedUpRateLimitsFirstAndOnlyOnTheirPlatform() {
        plan.set(Platform.X, null, new ApiFaults(250, 2, 1, 30, true));

        assertThat(plan.nextApi(Platform.META).outcome()).isEqualTo(ApiOutcome.NORMAL);
        FaultPlan.ApiPlan first = plan.nextApi(Platform.X);
        assertThat(first.outcome()).isEqualTo(ApiOutcome.RATE_LIMITED);
        assertThat(first.retryAfterSeconds()).isEqualTo(30);
        assertThat(first.legacyRateLimitBody()).isTrue();
        assertThat(first.delayMs()).isEqualTo(250);
        assertThat(plan.nextApi(Platform.X).outcome()).isEqualTo(ApiOutcome.SERVER_ERROR);
        assertThat(plan.nextApi(Platform.X).outcome()).isEqualTo(ApiOutcome.SERVER_ERROR);
        assertThat(plan.nextApi(Platform.X).outcome()).isEqualTo(ApiOutcome.NORMAL);
        assertThat(plan.nextApi(Platform.X).delayMs()).as("delay stays until reset").isEqualTo(250);

        plan.reset();
        assertThat(plan.nextApi(Platform.X).delayMs()).isZero();
    }

    @Test
    void droppedWebhooksAreCountedAndOtherWebhookFaultsStay() {
        plan.set(Platform.META, new WebhookFaults(0, true, false, 1), null);
        assertThat(plan.nextWebhook(Platform.META).drop()).isTrue();
        FaultPlan.WebhookPlan next = plan.nextWebhook(Platform.META);
        assertThat(next.drop()).isFalse();
        assertThat(next.duplicate()).isTrue();
        assertThat(plan.nextWebhook(Platform.X).duplicate()).isFalse();
    }

    @Test
    void negativeValuesNameTheirField() {
        assertThatThrownBy(() -> new ApiFaults(0, -1, 0, 1, false)).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo("api.fail5xx"));
        assertThatThrownBy(() -> new WebhookFaults(-5, false, false, 0))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("webhook.delayMs"));
    }

    @Test
    void theGatewayAnswersFaultsAndRecordsEveryWriteWithItsOutcome() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-31T12:00:00Z"), ZoneOffset.UTC);
        SentLog sent = new SentLog(clock);
        ApiGateway gateway = new ApiGateway(plan, sent, new WireJson());
        PlatformApi api = new PlatformApi() {
            @Override
            public ApiResponse handle(ApiRequest request) {
                return ApiResponse.json(201, "{}".getBytes()).withCreatedId("42");
            }

            @Override
            public ApiResponse serverError() {
                return ApiResponse.json(503, "{}".getBytes());
            }

            @Override
            public ApiResponse rateLimited(int retryAfterSeconds, boolean legacyBody) {
                return ApiResponse.json(429, "{}".getBytes());
            }
        };
        plan.set(Platform.X, null, new ApiFaults(0, 1, 0, 1, false));
        ApiRequest post = ApiRequest.of("POST", "/2/tweets", Map.of("access_token", List.of("secret")),
                Map.of("authorization", "Bearer t"), "{\"text\":\"hi\"}");

        assertThat(gateway.answer(Platform.X, api, post).response().status()).isEqualTo(503);
        assertThat(gateway.answer(Platform.X, api, post).response().status()).isEqualTo(201);
        gateway.answer(Platform.X, api, ApiRequest.of("GET", "/2/dm_events", Map.of(), Map.of(), ""));

        List<SentRequest> records = sent.list(Optional.of(Platform.X));
        assertThat(records).extracting(SentRequest::status).containsExactly(503, 201);
        assertThat(records.get(1).returnedId()).contains("42");
        assertThat(records.get(1).body().get("text").asText()).isEqualTo("hi");
        assertThat(records.get(1).query()).containsEntry("access_token", List.of("(redacted)"));
        assertThat(records.get(1).authenticated()).isTrue();
        assertThat(sent.list(Optional.of(Platform.META))).isEmpty();
    }

    @Test
    void theSandboxClockOnlyMovesForward() {
        SandboxClock clock = new SandboxClock(Clock.fixed(Instant.parse("2026-01-31T12:00:00Z"), ZoneOffset.UTC));
        clock.advance(Duration.ofHours(25));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-02-01T13:00:00Z"));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        clock.reset();
        assertThat(clock.offset()).isZero();
    }

    @Test
    void enforcedRateLimitsCountDownAndRefuseOverTheQuota() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-31T12:00:00Z"), ZoneOffset.UTC);
        RateLimits enforced = new RateLimits(clock, true);
        for (int i = 0; i < 15; i++) {
            assertThat(enforced.consume("dm", 15, Duration.ofMinutes(15)).exceeded()).isFalse();
        }
        RateLimits.Quota over = enforced.consume("dm", 15, Duration.ofMinutes(15));
        assertThat(over.exceeded()).isTrue();
        assertThat(over.xHeaders()).containsEntry("x-rate-limit-remaining", "0")
                .containsEntry("x-rate-limit-reset", Long.toString(clock.instant().plusSeconds(900).getEpochSecond()));
        RateLimits relaxed = new RateLimits(clock, false);
        for (int i = 0; i < 100; i++) {
            relaxed.consume("dm", 15, Duration.ofMinutes(15));
        }
        assertThat(relaxed.consume("dm", 15, Duration.ofMinutes(15)).remaining()).isEqualTo(15);
    }
}
