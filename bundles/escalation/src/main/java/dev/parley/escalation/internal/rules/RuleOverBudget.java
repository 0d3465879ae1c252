package dev.parley.escalation.internal.rules;

/**
 * Thrown inside a declarative rule's evaluation once its time budget is spent: the rule is skipped
 * for that event and reported, and the engine goes on with the next rule. No stack trace: it is an
 * expected outcome, reported by rule name, not a bug.
 */
public final class RuleOverBudget extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RuleOverBudget(String message) {
        super(message, null, false, false);
    }
}
