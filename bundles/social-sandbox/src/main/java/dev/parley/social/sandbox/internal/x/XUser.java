package dev.parley.social.sandbox.internal.x;

/**
 * An X user as the sandbox knows it.
 *
 * @param receivesYourDm the user's "receive messages from anyone" setting
 */
public record XUser(String id, String handle, String name, int followers, boolean verified, boolean receivesYourDm) {
}
