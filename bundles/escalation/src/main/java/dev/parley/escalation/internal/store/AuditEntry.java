package dev.parley.escalation.internal.store;

import java.time.Instant;
import java.util.List;

/** One rule that fired on one triggering event, with what became of each of its actions. */
public record AuditEntry(long ticketId, String trigger, String rule, String version, String source, String why,
        List<ActionRecord> actions, Instant at) {

    /** An action and its fate: APPLIED, SKIPPED (guardrail or no-op), REFUSED (by a policy), FAILED, or WOULD_APPLY (explain). */
    public record ActionRecord(String action, String detail, String status, String note) {
    }

    public AuditEntry {
        actions = List.copyOf(actions);
    }
}
