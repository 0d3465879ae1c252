package dev.parley.helpdesk.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer of a dry run of the outbound policies ({@link TicketService#checkMessage}): whether
 * the message would be accepted as it stands and, when not, the refusing {@code rule}, the
 * {@code detail} in an agent's words and the {@code remedy}, exactly as a send would be refused
 * with {@link PolicyViolationException}. {@code remaining} is how many more characters the
 * channel takes in this message (negative when it is over), when a policy knows the channel's
 * limit. Nothing is stored or sent by a check. @since 1.5
 */
public record PolicyCheck(boolean allowed, Optional<String> rule, Optional<String> detail, Optional<String> remedy,
        Optional<Integer> remaining) {

    public PolicyCheck {
        rule = rule == null ? Optional.empty() : rule;
        detail = detail == null ? Optional.empty() : detail;
        remedy = remedy == null ? Optional.empty() : remedy;
        remaining = remaining == null ? Optional.empty() : remaining;
        if (allowed == rule.isPresent()) {
            throw new IllegalArgumentException("an allowed check names no rule, a refused one names its rule");
        }
    }

    public static PolicyCheck allowed(Optional<Integer> remaining) {
        return new PolicyCheck(true, Optional.empty(), Optional.empty(), Optional.empty(), remaining);
    }

    public static PolicyCheck refused(PolicyViolationException refusal, Optional<Integer> remaining) {
        Objects.requireNonNull(refusal, "refusal");
        return new PolicyCheck(false, Optional.of(refusal.rule()), Optional.of(refusal.getMessage()),
                Optional.of(refusal.remedy()), remaining);
    }
}
