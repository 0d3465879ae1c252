package dev.parley.social.sandbox.internal.customer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.parley.social.sandbox.internal.delivery.WebhookDelivery;

/**
 * What a customer post became: its platform id (tweet, DM event, message or comment id), the
 * conversation it belongs to, and the delivery of its webhook, complete once every copy is sent.
 */
public record PostedMessage(String id, String conversationId, CompletableFuture<List<WebhookDelivery>> deliveries) {
}
