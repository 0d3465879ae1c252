package dev.parley.escalation.internal.engine;

import java.util.Optional;

import dev.parley.escalation.api.SlaSnapshot;
import dev.parley.escalation.api.TriggerKind;

/**
 * One event the rules run for: a customer's message ({@code messageId}) or an SLA warning or breach
 * ({@code slaTarget}, when the event named one). {@code key} makes it apply at most once.
 */
record Trigger(TriggerKind kind, long ticketId, Optional<Long> messageId, String key, Optional<SlaSnapshot> slaTarget) {

    static Trigger message(long ticketId, long messageId) {
        return new Trigger(TriggerKind.MESSAGE, ticketId, Optional.of(messageId), "message:" + messageId,
                Optional.empty());
    }
}
