package dev.parley.social.api;

/**
 * Where an inbox event is: PENDING until a processor claims it (also while waiting for a retry),
 * CLAIMED while one works on it (a claim expires after its lease, so a processor that vanished
 * loses nothing), DONE once handled, PARKED when it failed for good or is unsupported, until
 * an administrator replays it.
 */
public enum InboxState {
    PENDING, CLAIMED, DONE, PARKED
}
