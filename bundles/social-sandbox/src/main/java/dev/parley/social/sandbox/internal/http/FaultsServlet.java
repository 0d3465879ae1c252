package dev.parley.social.sandbox.internal.http;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.parley.social.sandbox.internal.SocialSandbox;
import dev.parley.social.sandbox.internal.faults.FaultPlan;
import dev.parley.social.sandbox.internal.faults.FaultPlan.ApiFaults;
import dev.parley.social.sandbox.internal.faults.FaultPlan.WebhookFaults;
import dev.parley.social.sandbox.internal.wire.Platform;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /sandbox/api/faults}: GET the plan, POST to set it for one platform (or both when
 * {@code platform} is absent; a section left out keeps its value), DELETE to clear it.
 * {@code /sandbox/api/clock}: GET, POST {@code {"advanceSeconds":N}} to move the sandbox's time
 * forward (messaging windows), DELETE to go back to real time.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/sandbox/api/faults", "/sandbox/api/clock"})
public final class FaultsServlet extends SandboxServlet {
    private static final long serialVersionUID = 1L;

    private final transient SocialSandbox sandbox;

    @Activate
    public FaultsServlet(@Reference(target = SocialSandbox.ENABLED) SocialSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean clock = req.getServletPath().endsWith("/clock");
        switch (req.getMethod()) {
            case "GET" -> send(resp, 200, clock ? clock() : plan());
            case "POST" -> {
                if (clock) {
                    ClockRequest body = read(req, ClockRequest.class);
                    if (body.advanceSeconds() < 0) {
                        throw SandboxProblem.badRequest("advanceSeconds", "advanceSeconds must not be negative");
                    }
                    try {
                        sandbox.clock().advance(Duration.ofSeconds(body.advanceSeconds()));
                    } catch (IllegalArgumentException tooFar) {
                        throw SandboxProblem.badRequest("advanceSeconds", tooFar.getMessage());
                    }
                    send(resp, 200, clock());
                } else {
                    FaultRequest body = read(req, FaultRequest.class);
                    List<Platform> targets = body.platform() == null ? List.of(Platform.values())
                            : List.of(Platform.of(body.platform().toLowerCase(Locale.ROOT)).orElseThrow(() ->
                                    SandboxProblem.badRequest("platform", "platform must be x, meta or whatsapp")));
                    targets.forEach(p -> sandbox.faults().set(p, body.webhook(), body.api()));
                    send(resp, 200, plan());
                }
            }
            case "DELETE" -> {
                if (clock) {
                    sandbox.clock().reset();
                } else {
                    sandbox.faults().reset();
                }
                resp.setStatus(204);
            }
            default -> throw SandboxProblem.notAllowed(req.getMethod(), "GET, POST, DELETE");
        }
    }

    private Map<String, Object> plan() {
        FaultPlan faults = sandbox.faults();
        Map<String, Object> body = new LinkedHashMap<>();
        for (Platform p : Platform.values()) {
            body.put(p.key(), Map.of("webhook", faults.webhookFaults().get(p), "api", faults.apiFaults().get(p)));
        }
        return body;
    }

    private Map<String, Object> clock() {
        return Map.of("now", sandbox.clock().instant().toString(),
                "offsetSeconds", sandbox.clock().offset().toSeconds());
    }

    /** Body of {@code POST /sandbox/api/faults}. */
    record FaultRequest(String platform, WebhookFaults webhook, ApiFaults api) {
    }

    /** Body of {@code POST /sandbox/api/clock}. */
    record ClockRequest(long advanceSeconds) {
    }
}
