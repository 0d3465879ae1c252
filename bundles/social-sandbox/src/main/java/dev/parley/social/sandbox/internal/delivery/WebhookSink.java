package dev.parley.social.sandbox.internal.delivery;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where the simulated platforms hand their webhooks; completes with every copy's outcome. */
@FunctionalInterface
public interface WebhookSink {

    CompletableFuture<List<WebhookDelivery>> deliver(Webhook webhook);
}
