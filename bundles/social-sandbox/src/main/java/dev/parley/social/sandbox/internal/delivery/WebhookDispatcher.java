package dev.parley.social.sandbox.internal.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.social.sandbox.internal.delivery.WebhookDelivery.State;
import dev.parley.social.sandbox.internal.faults.FaultPlan;
import dev.parley.social.sandbox.internal.faults.FaultPlan.WebhookPlan;

/**
 * Sends webhooks off the caller's thread, one at a time per account so they arrive in the order
 * they happened, unless a fault says otherwise: delayed, dropped, duplicated (the same bytes
 * twice) or out of order (each webhook held back until the next one has gone, or
 * {@link #HOLD_MILLIS} passed).
 */
public final class WebhookDispatcher implements WebhookSink {

    static final long HOLD_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookTransport transport;
    private final ScheduledExecutorService executor;
    private final FaultPlan faults;
    private final DeliveryLog log;
    private final Map<String, Lane> lanes = new HashMap<>();

    public WebhookDispatcher(WebhookTransport transport, ScheduledExecutorService executor, FaultPlan faults,
            DeliveryLog log) {
        this.transport = transport;
        this.executor = executor;
        this.faults = faults;
        this.log = log;
    }

    @Override
    public synchronized CompletableFuture<List<WebhookDelivery>> deliver(Webhook webhook) {
        WebhookPlan plan = faults.nextWebhook(webhook.platform());
        if (plan.drop()) {
            LOG.info("Dropped {} webhook {} for {} (fault)", webhook.platform().key(), webhook.messageId(),
                    webhook.account());
            return CompletableFuture.completedFuture(List.of(log.record(webhook, 1, State.DROPPED, Optional.empty(),
                    Optional.of("dropped by fault"), 0)));
        }
        Lane lane = lanes.computeIfAbsent(webhook.platform().key() + "/" + webhook.account(), k -> new Lane());
        Pending pending = new Pending(webhook, plan.duplicate() ? 2 : 1, plan.delayMs());
        if (plan.outOfOrder() && lane.held == null) {
            lane.held = pending;
            schedule(() -> release(lane, pending), HOLD_MILLIS, pending);
            return pending.result;
        }
        enqueue(lane, pending);
        if (lane.held != null) {
            Pending held = lane.held;
            lane.held = null;
            enqueue(lane, held);
        }
        return pending.result;
    }

    /** Sends at once on any free thread, outside the per-account order and faults: for load tests. */
    public CompletableFuture<WebhookDelivery> deliverUnordered(Webhook webhook) {
        return sendLater(webhook, 1, 0);
    }

    private synchronized void release(Lane lane, Pending pending) {
        if (lane.held == pending) {
            lane.held = null;
            enqueue(lane, pending);
        }
    }

    private void enqueue(Lane lane, Pending pending) {
        List<CompletableFuture<WebhookDelivery>> copies = new ArrayList<>();
        for (int copy = 1; copy <= pending.copies; copy++) {
            int number = copy;
            CompletableFuture<WebhookDelivery> sent = lane.tail.handle((r, e) -> null)
                    .thenCompose(ignored -> sendLater(pending.webhook, number, pending.delayMs));
            lane.tail = sent;
            copies.add(sent);
        }
        CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new))
                .thenRun(() -> pending.result.complete(copies.stream().map(CompletableFuture::join).toList()));
    }

    private CompletableFuture<WebhookDelivery> sendLater(Webhook webhook, int copy, long delayMs) {
        CompletableFuture<WebhookDelivery> done = new CompletableFuture<>();
        Runnable send = () -> done.complete(sendNow(webhook, copy));
        try {
            if (delayMs > 0) {
                executor.schedule(send, delayMs, TimeUnit.MILLISECONDS);
            } else {
                executor.execute(send);
            }
        } catch (RejectedExecutionException e) {
            done.complete(log.record(webhook, copy, State.FAILED, Optional.empty(), Optional.of("sandbox stopped"), 0));
        }
        return done;
    }

    private void schedule(Runnable task, long delayMs, Pending pending) {
        try {
            executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.result.complete(List.of(log.record(pending.webhook, 1, State.FAILED, Optional.empty(),
                    Optional.of("sandbox stopped"), 0)));
        }
    }

    private WebhookDelivery sendNow(Webhook webhook, int copy) {
        long start = System.nanoTime();
        try {
            int status = transport.send(webhook);
            long millis = (System.nanoTime() - start) / 1_000_000;
            boolean ok = status >= 200 && status < 300;
            if (ok) {
                LOG.debug("Delivered {} webhook {} copy {} to {}: {} in {} ms", webhook.platform().key(),
                        webhook.messageId(), copy, webhook.url(), status, millis);
            } else {
                LOG.warn("Webhook {} copy {} to {} answered {}", webhook.messageId(), copy, webhook.url(), status);
            }
            return log.record(webhook, copy, ok ? State.DELIVERED : State.FAILED, Optional.of(status),
                    Optional.empty(), millis);
        } catch (IOException | RuntimeException e) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            LOG.warn("Webhook {} copy {} to {} failed: {}", webhook.messageId(), copy, webhook.url(), e.toString());
            return log.record(webhook, copy, State.FAILED, Optional.empty(), Optional.of(e.toString()), millis);
        }
    }

    /** One account's deliveries, chained so each starts after the previous ended. */
    private static final class Lane {
        private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
        private Pending held;
    }

    private record Pending(Webhook webhook, int copies, long delayMs, CompletableFuture<List<WebhookDelivery>> result) {
        Pending(Webhook webhook, int copies, long delayMs) {
            this(webhook, copies, delayMs, new CompletableFuture<>());
        }
    }
}
