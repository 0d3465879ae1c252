package dev.parley.escalation.internal.rules;

import java.util.Set;
import java.util.function.Predicate;

/** A compiled declarative condition: what it tests and how it reads in an explanation. */
public record Condition(String description, Predicate<Facts> test, Set<String> anchors) {

    /**
     * {@code anchors}: words of which the message must contain at least one for the condition to
     * hold (empty: no such requirement). The rule index uses them to skip rules that cannot match.
     */
    public Condition {
        anchors = Set.copyOf(anchors);
    }

    public Condition(String description, Predicate<Facts> test) {
        this(description, test, Set.of());
    }

    public boolean test(Facts facts) {
        return test.test(facts);
    }
}
