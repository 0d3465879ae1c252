package dev.parley.social.api;

import java.util.Objects;

/**
 * A message template an account may send outside the reply window (a WhatsApp template approved
 * for the account): its {@code name}, {@code language} code ({@code en_US}) and how many body
 * parameters ({@code {{1}}}, {@code {{2}}}, ...) it takes. An agent's template send is checked
 * against these before it is stored.
 *
 * @since 1.6
 */
public record MessageTemplate(String name, String language, int parameters) {

    public MessageTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        if (parameters < 0) {
            throw new IllegalArgumentException("a template takes 0 or more parameters");
        }
    }

    /** How an agent reads it: {@code order_update (en_US, 2 parameters)}. */
    public String describe() {
        return name + " (" + language + ", " + parameters + (parameters == 1 ? " parameter)" : " parameters)");
    }
}
