package dev.parley.helpdesk.api;

/**
 * Who can see a message. PUBLIC is visible to anyone on the channel (a reply under a post),
 * PRIVATE only to the customer (a DM), INTERNAL_NOTE only to the team.
 */
public enum Visibility {
    PUBLIC, PRIVATE, INTERNAL_NOTE
}
