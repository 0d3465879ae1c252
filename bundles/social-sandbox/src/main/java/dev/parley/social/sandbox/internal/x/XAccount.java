package dev.parley.social.sandbox.internal.x;

import java.util.Optional;

/**
 * The simulated X account a connector would subscribe: it receives mentions and DMs, and replies.
 * {@code consumerSecret} signs webhooks; the OAuth 1.0a credentials ({@code consumerKey} with the
 * consumer secret, {@code accessToken} with {@code accessTokenSecret}) are what a request for this
 * user's DM media must be signed with; without a token secret its DM media are served to no one.
 */
public record XAccount(String name, String userId, String handle, String displayName, String consumerSecret,
        String consumerKey, String accessToken, Optional<String> accessTokenSecret) {

    public XAccount {
        accessTokenSecret = accessTokenSecret == null ? Optional.empty() : accessTokenSecret.filter(s -> !s.isBlank());
    }

    /** An account without OAuth 1.0a credentials (no DM media served). */
    public XAccount(String name, String userId, String handle, String displayName, String consumerSecret) {
        this(name, userId, handle, displayName, consumerSecret, "", "", Optional.empty());
    }

    XUser asUser() {
        return new XUser(userId, handle, displayName, 12_345, true, true);
    }
}
