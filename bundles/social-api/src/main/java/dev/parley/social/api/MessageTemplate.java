package dev.parley.social.api;

import java.util.Objects;

/**
 * A message template of an account (a WhatsApp template of the account's business account): its
 * {@code name}, {@code language} code ({@code en_US}), how many body parameters ({@code {{1}}},
 * {@code {{2}}}, ...) it takes and, since 1.8, its review {@code status} on the platform ({@link
 * #APPROVED}, or the platform's word for why it cannot be sent yet or any more: {@code PENDING},
 * {@code REJECTED}, {@code PAUSED}, {@code DISABLED}). Only {@link #usable()} templates may be sent;
 * an agent's template send is checked against these before it is stored.
 *
 * @since 1.6
 */
public record MessageTemplate(String name, String language, int parameters, String status) {

    /** The status of a template the platform lets the account send. @since 1.8 */
    public static final String APPROVED = "APPROVED";

    /** An approved template (the 1.6 shape). */
    public MessageTemplate(String name, String language, int parameters) {
        this(name, language, parameters, APPROVED);
    }

    public MessageTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        status = status == null || status.isBlank() ? APPROVED : status.strip().toUpperCase(java.util.Locale.ROOT);
        if (parameters < 0) {
            throw new IllegalArgumentException("a template takes 0 or more parameters");
        }
    }

    /** Whether the platform lets the account send it now. @since 1.8 */
    public boolean usable() {
        return APPROVED.equals(status);
    }

    /** How an agent reads it: {@code order_update (en_US, 2 parameters)}. */
    public String describe() {
        return name + " (" + language + ", " + parameters + (parameters == 1 ? " parameter)" : " parameters)");
    }
}
