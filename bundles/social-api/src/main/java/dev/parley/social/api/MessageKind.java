package dev.parley.social.api;

/**
 * What an inbound platform event is. MESSAGE: a private message (DM, Messenger, Instagram
 * Direct); COMMENT: a public post or comment (an X mention, a Page or Instagram comment); ECHO:
 * the platform echoing back something we sent, never a customer message; UNSUPPORTED: an event
 * type or message kind the connector does not understand, kept with its raw type so it can be
 * shown and parked without blocking what follows.
 */
public enum MessageKind {
    MESSAGE, COMMENT, ECHO, UNSUPPORTED
}
