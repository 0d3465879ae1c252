package dev.parley.helpdesk.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One identity of a customer on one channel: an X user id with its handle, a Messenger PSID, an
 * e-mail address. {@code (channel, externalId)} is unique across all customers.
 */
public record ChannelIdentity(String channel, String externalId, Optional<String> handle) {

    public ChannelIdentity {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(externalId, "externalId");
        handle = handle == null ? Optional.empty() : handle;
    }

    public static ChannelIdentity of(String channel, String externalId) {
        return new ChannelIdentity(channel, externalId, Optional.empty());
    }
}
