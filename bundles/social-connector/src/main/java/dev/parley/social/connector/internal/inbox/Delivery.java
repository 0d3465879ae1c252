package dev.parley.social.connector.internal.inbox;

import java.util.List;

import dev.parley.social.api.InboundMessage;

/**
 * One webhook's or poll's messages, each with the JSON the inbox stores for it. Serialized once,
 * on the thread that received them, for the inbox row.
 */
record Delivery(List<InboundMessage> messages, List<String> payloads) {

    Delivery {
        messages = List.copyOf(messages);
        payloads = List.copyOf(payloads);
        if (messages.size() != payloads.size()) {
            throw new IllegalArgumentException("one payload per message");
        }
    }

    static Delivery of(List<InboundMessage> messages) {
        return new Delivery(messages, messages.stream().map(InboundJson::write).toList());
    }
}
