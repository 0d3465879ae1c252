package dev.parley.escalation.internal.engine;

import java.util.List;

import dev.parley.escalation.api.RuleAction;

/** A rule that fired on an event: which one (name, version, where it comes from), why, and its actions. */
public record Decision(String rule, String version, String source, String why, List<RuleAction> actions) {

    public Decision {
        actions = List.copyOf(actions);
    }
}
