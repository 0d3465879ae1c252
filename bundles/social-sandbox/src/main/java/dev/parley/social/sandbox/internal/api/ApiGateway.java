package dev.parley.social.sandbox.internal.api;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.parley.social.sandbox.internal.faults.FaultPlan;
import dev.parley.social.sandbox.internal.faults.FaultPlan.ApiPlan;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.ApiResponse;
import dev.parley.social.sandbox.internal.wire.Platform;
import dev.parley.social.sandbox.internal.wire.WireJson;

/**
 * The front door of the simulated APIs: applies the planned faults, lets the platform answer,
 * and records every write call with what it was answered.
 */
public final class ApiGateway {

    private final FaultPlan faults;
    private final SentLog sent;
    private final WireJson json;

    public ApiGateway(FaultPlan faults, SentLog sent, WireJson json) {
        this.faults = faults;
        this.sent = sent;
        this.json = json;
    }

    public Answer answer(Platform platform, PlatformApi api, ApiRequest request) {
        return answer(platform, api, request, Optional.empty());
    }

    /** {@code actingAs}: the simulated account whose token the request carried, recorded with what it sent. */
    public Answer answer(Platform platform, PlatformApi api, ApiRequest request, Optional<String> actingAs) {
        ApiPlan plan = faults.nextApi(platform);
        ApiResponse response = switch (plan.outcome()) {
            case RATE_LIMITED -> api.rateLimited(plan.retryAfterSeconds(), plan.legacyRateLimitBody());
            case SERVER_ERROR -> api.serverError();
            case NORMAL -> api.handle(request);
        };
        if (!request.method().equals("GET")) {
            sent.record(platform, request, parse(request), response, actingAs);
        }
        return new Answer(response, plan.delayMs());
    }

    private JsonNode parse(ApiRequest request) {
        String text = request.bodyText();
        try {
            return text.isBlank() ? TextNode.valueOf("") : json.mapper().readTree(text);
        } catch (IOException e) {
            return TextNode.valueOf(text);
        }
    }

    /** The response to write, after {@code delayMs}. */
    public record Answer(ApiResponse response, long delayMs) {
    }
}
