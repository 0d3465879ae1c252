package dev.parley.social.sandbox.internal.delivery;

import java.net.URI;
import java.util.Map;

import dev.parley.social.sandbox.internal.wire.Platform;

/**
 * One signed webhook request, ready to send: the exact body bytes and the headers carrying their
 * signature. {@code messageId} is the platform id of what it reports, for the delivery log.
 */
public record Webhook(Platform platform, String account, String messageId, URI url, byte[] body,
        Map<String, String> headers) {

    public Webhook {
        headers = Map.copyOf(headers);
    }
}
