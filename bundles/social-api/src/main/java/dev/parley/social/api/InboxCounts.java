package dev.parley.social.api;

/** How many inbox events are in each state. */
public record InboxCounts(long pending, long claimed, long parked, long done) {
}
