package dev.parley.escalation.internal.rules;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.parley.escalation.api.RuleAction;
import dev.parley.escalation.api.RuleOutcome;
import dev.parley.escalation.api.TriggerKind;

/**
 * One rule from a JSON file or the shipped defaults: on which triggers, when, then which actions,
 * and why (the explanation recorded in the audit; the condition's own description when absent).
 */
public record DeclarativeRule(String name, String version, int ranking, boolean enabled, Set<TriggerKind> on,
        Condition when, List<RuleAction> then, String why, String source) {

    public DeclarativeRule {
        Objects.requireNonNull(name, "name");
        on = Set.copyOf(on);
        then = List.copyOf(then);
    }

    public RuleOutcome evaluate(Facts facts) {
        if (!on.contains(facts.context().trigger()) || !when.test(facts)) {
            return RuleOutcome.none();
        }
        return RuleOutcome.fire(why.isEmpty() ? when.description() : why + " (" + when.description() + ")", then);
    }
}
