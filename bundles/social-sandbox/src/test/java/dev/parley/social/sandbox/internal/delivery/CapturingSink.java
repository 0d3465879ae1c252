package dev.parley.social.sandbox.internal.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the webhooks a simulation hands over instead of sending them. */
public final class CapturingSink implements WebhookSink {

    public final List<Webhook> webhooks = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<List<WebhookDelivery>> deliver(Webhook webhook) {
        webhooks.add(webhook);
        return CompletableFuture.completedFuture(List.of(new WebhookDelivery(webhooks.size(), webhook.platform().key(),
                webhook.account(), webhook.messageId(), webhook.url().toString(), 1, WebhookDelivery.State.DELIVERED,
                Optional.of(200), Optional.empty(), 0, Instant.EPOCH)));
    }

    public Webhook last() {
        return webhooks.get(webhooks.size() - 1);
    }
}
