package dev.parley.social.api;

import java.util.List;
import java.util.Objects;

/**
 * A template send: the {@link MessageTemplate} chosen by {@code name} and {@code language}, with
 * the values of its body parameters in order.
 *
 * @since 1.6
 */
public record TemplateMessage(String name, String language, List<String> parameters) {

    public TemplateMessage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }
}
