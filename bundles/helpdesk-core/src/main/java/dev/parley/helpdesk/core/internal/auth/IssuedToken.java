package dev.parley.helpdesk.core.internal.auth;

/** A token just created: the only moment its secret {@code token} exists outside the caller's hands. */
public record IssuedToken(StoredToken stored, String token) {

    @Override
    public String toString() {
        return "IssuedToken[" + stored + ", token=(hidden)]";
    }
}
