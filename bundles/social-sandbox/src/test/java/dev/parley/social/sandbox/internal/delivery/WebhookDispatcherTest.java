package dev.parley.social.sandbox.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.parley.social.sandbox.internal.delivery.WebhookDelivery.State;
import dev.parley.social.sandbox.internal.faults.FaultPlan;
import dev.parley.social.sandbox.internal.faults.FaultPlan.WebhookFaults;
import dev.parley.social.sandbox.internal.wire.Platform;

class WebhookDispatcherTest {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(4);
    private final FaultPlan faults = new FaultPlan();
    private final DeliveryLog log = new DeliveryLog(Clock.systemUTC());
    private final WebhookDispatcher dispatcher = new WebhookDispatcher(webhook -> {
        received.add(webhook.messageId());
        return webhook.messageId().startsWith("bad") ? 500 : 200;
    }, executor, faults, log);

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    static Webhook webhook(String id) {
        return new Webhook(Platform.X, "sandbox-x", id, URI.create("http://127.0.0.1:1/webhooks/x/sandbox-x"),
                id.getBytes(), Map.of());
    }

    @Test
    void oneAccountsWebhooksArriveInOrderAndReportTheReceiversStatus() {
        List<WebhookDelivery> last = null;
        for (int i = 0; i < 50; i++) {
            last = dispatcher.deliver(webhook((i == 10 ? "bad" : "m") + i)).join();
        }
        assertThat(last).singleElement().satisfies(d -> {
            assertThat(d.state()).isEqualTo(State.DELIVERED);
            assertThat(d.status()).contains(200);
        });
        assertThat(received).hasSize(50).startsWith("m0", "m1").contains("bad10");
        assertThat(received.indexOf("m9")).isLessThan(received.indexOf("bad10"));
        assertThat(log.list(java.util.Optional.of("bad10"))).singleElement()
                .satisfies(d -> assertThat(d.state()).isEqualTo(State.FAILED));
    }

    @Test
    void duplicateSendsTheSameWebhookTwice() {
        faults.set(Platform.X, new WebhookFaults(0, true, false, 0), null);
        List<WebhookDelivery> copies = dispatcher.deliver(webhook("m1")).join();
        assertThat(copies).extracting(WebhookDelivery::copy).containsExactly(1, 2);
        assertThat(received).containsExactly("m1", "m1");
    }

    @Test
    void droppedWebhooksAreNeverSent() {
        faults.set(Platform.X, new WebhookFaults(0, false, false, 1), null);
        assertThat(dispatcher.deliver(webhook("m1")).join()).singleElement()
                .satisfies(d -> assertThat(d.state()).isEqualTo(State.DROPPED));
        dispatcher.deliver(webhook("m2")).join();
        assertThat(received).containsExactly("m2");
    }

    @Test
    void outOfOrderSwapsEachPair() {
        faults.set(Platform.X, new WebhookFaults(0, false, true, 0), null);
        var first = dispatcher.deliver(webhook("m1"));
        var second = dispatcher.deliver(webhook("m2"));
        var third = dispatcher.deliver(webhook("m3"));
        var fourth = dispatcher.deliver(webhook("m4"));
        fourth.join();
        first.join();
        second.join();
        third.join();
        assertThat(received).containsExactly("m2", "m1", "m4", "m3");
    }

    @Test
    void aHeldWebhookGoesOutAloneAfterTheHoldTime() {
        faults.set(Platform.X, new WebhookFaults(0, false, true, 0), null);
        long start = System.nanoTime();
        dispatcher.deliver(webhook("lonely")).join();
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(WebhookDispatcher.HOLD_MILLIS - 50);
        assertThat(received).containsExactly("lonely");
    }

    @Test
    void delayedWebhooksWaitBeforeSending() {
        faults.set(Platform.X, new WebhookFaults(300, false, false, 0), null);
        long start = System.nanoTime();
        dispatcher.deliver(webhook("slow")).join();
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(290);
    }
}
