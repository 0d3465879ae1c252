package dev.parley.helpdesk.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The author of a message: a customer (then {@code customerId} is set), an agent (by name), a bot
 * (an automated rule) or the system.
 */
public record Author(AuthorKind kind, String name, Optional<Long> customerId) {

    public Author {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        customerId = customerId == null ? Optional.empty() : customerId;
    }

    public static Author customer(Customer customer) {
        return new Author(AuthorKind.CUSTOMER, customer.displayName(), Optional.of(customer.id()));
    }

    public static Author agent(String name) {
        return new Author(AuthorKind.AGENT, name, Optional.empty());
    }

    public static Author bot(String name) {
        return new Author(AuthorKind.BOT, name, Optional.empty());
    }

    public static Author system() {
        return new Author(AuthorKind.SYSTEM, "system", Optional.empty());
    }
}
