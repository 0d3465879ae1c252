package dev.parley.social.sandbox.internal.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.parley.social.sandbox.internal.SocialSandbox;
import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.customer.PostedMessage;
import dev.parley.social.sandbox.internal.delivery.WebhookDelivery;
import dev.parley.social.sandbox.internal.wire.Platform;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /sandbox/api/customer-posts}: a fake customer writes; the sandbox delivers the signed
 * webhook and answers 202 at once, or with {@code ?wait=true} 200 once the connector answered.
 * {@code POST /sandbox/api/burst}: N generated customer messages as fast as possible, for benchmarks.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/sandbox/api/customer-posts", "/sandbox/api/burst"})
public final class CustomerPostsServlet extends SandboxServlet {
    private static final long serialVersionUID = 1L;
    static final long WAIT_SECONDS = 30;
    static final int MAX_BURST = 100_000;

    private final transient SocialSandbox sandbox;

    @Activate
    public CustomerPostsServlet(@Reference(target = SocialSandbox.ENABLED) SocialSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!req.getMethod().equals("POST")) {
            throw SandboxProblem.notAllowed(req.getMethod(), "POST");
        }
        boolean wait = param(req, "wait").map(Boolean::parseBoolean).orElse(false);
        if (req.getServletPath().endsWith("/burst")) {
            burst(read(req, BurstRequest.class), wait, resp);
            return;
        }
        CustomerPost post = read(req, CustomerPost.class);
        PostedMessage posted = sandbox.post(post);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("platform", post.platform().toLowerCase(Locale.ROOT));
        body.put("kind", post.kind());
        body.put("id", posted.id());
        body.put("conversationId", posted.conversationId());
        String deliveriesUrl = "/sandbox/api/deliveries?messageId=" + posted.id();
        body.put("deliveriesUrl", deliveriesUrl);
        resp.setHeader("Location", deliveriesUrl);
        if (!wait) {
            body.put("deliveries", List.of());
            send(resp, 202, body);
            return;
        }
        body.put("deliveries", await(posted.deliveries()));
        send(resp, 200, body);
    }

    private void burst(BurstRequest request, boolean wait, HttpServletResponse resp) throws IOException {
        Platform platform = Platform.of(String.valueOf(request.platform()).toLowerCase(Locale.ROOT))
                .orElseThrow(() -> SandboxProblem.badRequest("platform", "platform must be x or meta"));
        if (request.count() < 1 || request.count() > MAX_BURST) {
            throw SandboxProblem.badRequest("count", "count must be between 1 and " + MAX_BURST);
        }
        long start = System.nanoTime();
        var sends = sandbox.burst(platform, request.count());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("platform", platform.key());
        body.put("count", request.count());
        if (!wait) {
            send(resp, 202, body);
            return;
        }
        List<WebhookDelivery> done = await(sends);
        long[] millis = done.stream().mapToLong(WebhookDelivery::millis).sorted().toArray();
        body.put("delivered", done.stream().filter(d -> d.state() == WebhookDelivery.State.DELIVERED).count());
        body.put("failed", done.stream().filter(d -> d.state() != WebhookDelivery.State.DELIVERED).count());
        body.put("elapsedMillis", (System.nanoTime() - start) / 1_000_000);
        body.put("p50Millis", millis[(int) Math.floor((millis.length - 1) * 0.50)]);
        body.put("p99Millis", millis[(int) Math.floor((millis.length - 1) * 0.99)]);
        send(resp, 200, body);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new SandboxProblem(504, "Gateway Timeout", "the webhook was not delivered within " + WAIT_SECONDS
                    + " s; see /sandbox/api/deliveries", java.util.Optional.empty());
        } catch (ExecutionException e) {
            throw new IllegalStateException("webhook delivery failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxProblem(503, "Service Unavailable", "interrupted while waiting for the webhook",
                    java.util.Optional.empty());
        }
    }

    /** Body of {@code POST /sandbox/api/burst}. */
    record BurstRequest(String platform, int count) {
    }
}
