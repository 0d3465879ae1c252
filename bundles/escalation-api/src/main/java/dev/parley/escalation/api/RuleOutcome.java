package dev.parley.escalation.api;

import java.util.List;
import java.util.Objects;

/**
 * A rule's decision: whether it fired, why (one sentence for the audit and the explain call, e.g.
 * "strongly negative (-0.82) from an author with 120,000 followers") and the actions to apply, in
 * order. A rule that does not apply returns {@link #none()}.
 */
public record RuleOutcome(boolean fired, String why, List<RuleAction> actions) {

    private static final RuleOutcome NONE = new RuleOutcome(false, "", List.of());

    public RuleOutcome {
        Objects.requireNonNull(why, "why");
        actions = List.copyOf(actions);
    }

    public static RuleOutcome none() {
        return NONE;
    }

    public static RuleOutcome fire(String why, RuleAction... actions) {
        return new RuleOutcome(true, why, List.of(actions));
    }

    public static RuleOutcome fire(String why, List<RuleAction> actions) {
        return new RuleOutcome(true, why, actions);
    }

    /** Whether this outcome asks the engine to evaluate no further rules for this event. */
    public boolean stops() {
        return fired && actions.stream().anyMatch(RuleAction.Stop.class::isInstance);
    }
}
