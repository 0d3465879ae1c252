package dev.parley.helpdesk.api;

import java.util.List;
import java.util.Objects;

/** A person the team talks to, with every channel identity known to belong to them. */
public record Customer(long id, String displayName, List<ChannelIdentity> identities) {

    public Customer {
        Objects.requireNonNull(displayName, "displayName");
        identities = List.copyOf(identities);
    }
}
