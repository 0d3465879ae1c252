package dev.parley.social.sandbox.internal.x;

/** The simulated X account a connector would subscribe: it receives mentions and DMs, and replies. */
public record XAccount(String name, String userId, String handle, String displayName, String consumerSecret) {

    XUser asUser() {
        return new XUser(userId, handle, displayName, 12_345, true, true);
    }
}
