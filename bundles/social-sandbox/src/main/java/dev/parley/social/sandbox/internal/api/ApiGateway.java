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
        if (plan.outcome() == FaultPlan.ApiOutcome.NORMAL) {
            java.util.Optional<PlatformApi.Hold> hold = api.hold(request);
            if (hold.isPresent()) {
                if (!request.method().equals("GET")) {
                    sent.record(platform, request, parse(request), ApiResponse.json(200, new byte[0]), actingAs);
                }
                return new Answer(null, plan.delayMs(), hold, () -> api.handle(request));
            }
        }
        ApiResponse response = switch (plan.outcome()) {
            case RATE_LIMITED -> api.rateLimited(plan.retryAfterSeconds(), plan.legacyRateLimitBody());
            case SERVER_ERROR -> api.serverError();
            case NORMAL -> api.handle(request);
        };
        if (!request.method().equals("GET")) {
            sent.record(platform, request, parse(request), response, actingAs);
        }
        return new Answer(response, plan.delayMs(), java.util.Optional.empty(), () -> response);
    }

    private JsonNode parse(ApiRequest request) {
        if (dev.parley.social.sandbox.internal.wire.Multipart.is(request)) {
            // an upload: its text fields as they are, each file as its name, type, size and SHA-256
            com.fasterxml.jackson.databind.node.ObjectNode form = json.object();
            for (var part : dev.parley.social.sandbox.internal.wire.Multipart.parse(request)) {
                if (part.filename().isPresent()) {
                    form.putObject(part.name()).put("filename", part.filename().get())
                            .put("contentType", part.contentType().orElse("")).put("size", part.bytes().length)
                            .put("sha256", sha256(part.bytes()));
                } else {
                    form.put(part.name(), part.text());
                }
            }
            return form;
        }
        String text = request.bodyText();
        try {
            return text.isBlank() ? TextNode.valueOf("") : json.mapper().readTree(text);
        } catch (IOException e) {
            return TextNode.valueOf(text);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The response to write, after {@code delayMs}. */
    public record Answer(ApiResponse response, long delayMs, java.util.Optional<PlatformApi.Hold> hold,
            java.util.function.Supplier<ApiResponse> later) {
    }
}
