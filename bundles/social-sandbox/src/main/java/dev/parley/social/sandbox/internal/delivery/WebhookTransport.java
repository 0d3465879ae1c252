package dev.parley.social.sandbox.internal.delivery;

import java.io.IOException;

/** Sends one webhook request and reports the receiver's HTTP status. */
@FunctionalInterface
public interface WebhookTransport {

    int send(Webhook webhook) throws IOException;
}
