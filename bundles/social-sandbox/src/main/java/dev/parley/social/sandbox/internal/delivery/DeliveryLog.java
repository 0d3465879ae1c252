package dev.parley.social.sandbox.internal.delivery;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import dev.parley.social.sandbox.internal.delivery.WebhookDelivery.State;

/** The most recent webhook deliveries, oldest first, for tests and the sandbox page. */
public final class DeliveryLog {

    static final int CAPACITY = 5_000;

    private final Clock clock;
    private final Deque<WebhookDelivery> entries = new ArrayDeque<>();
    private long sequence;

    public DeliveryLog(Clock clock) {
        this.clock = clock;
    }

    synchronized WebhookDelivery record(Webhook webhook, int copy, State state, Optional<Integer> status,
            Optional<String> error, long millis) {
        WebhookDelivery delivery = new WebhookDelivery(++sequence, webhook.platform().key(), webhook.account(),
                webhook.messageId(), webhook.url().toString(), copy, state, status, error, millis, clock.instant());
        entries.addLast(delivery);
        if (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
        return delivery;
    }

    public synchronized List<WebhookDelivery> list(Optional<String> messageId) {
        return entries.stream().filter(d -> messageId.map(d.messageId()::equals).orElse(true)).toList();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
