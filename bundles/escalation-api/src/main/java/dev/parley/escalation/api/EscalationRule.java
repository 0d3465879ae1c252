package dev.parley.escalation.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One escalation rule, registered as an OSGi service (whiteboard). The engine evaluates every
 * enabled rule for each triggering event (an inbound customer message, an SLA warning or breach) in
 * order of {@code service.ranking} (highest first), ties broken by {@code service.id} (oldest
 * first), and applies the actions of those that fire, once per event. {@link #evaluate} must be
 * pure and quick: it only reads the context and returns data. A rule that throws or runs over the
 * engine's time budget is logged, counted and skipped; the others still run.
 */
@ConsumerType
public interface EscalationRule {

    /** A unique, stable name, shown in the audit, {@code /api/escalation/rules} and the shell. */
    String name();

    /** The rule's version, recorded in the audit with every firing. */
    default String version() {
        return "1";
    }

    /** What the rule decides for this context: {@link RuleOutcome#none()} when it does not apply. */
    RuleOutcome evaluate(RuleContext context);
}
