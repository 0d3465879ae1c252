package dev.parley.helpdesk.api;

/** Who wrote a message. */
public enum AuthorKind {
    CUSTOMER, AGENT, BOT, SYSTEM
}
