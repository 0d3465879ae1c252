package dev.parley.helpdesk.api;

import java.util.Objects;

/**
 * An outbound message refused by a channel's {@link OutboundPolicy}. {@code rule} is a stable
 * identifier of the rule that refused (for tests, metrics and documentation), the message says
 * what is wrong in words an agent understands, and {@code remedy} what to do instead. The host's
 * REST API answers it with 422 and both fields.
 */
public class PolicyViolationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String rule;
    private final String remedy;

    public PolicyViolationException(String rule, String detail, String remedy) {
        super(Objects.requireNonNull(detail, "detail"));
        this.rule = Objects.requireNonNull(rule, "rule");
        this.remedy = Objects.requireNonNull(remedy, "remedy");
    }

    public String rule() {
        return rule;
    }

    public String remedy() {
        return remedy;
    }
}
