package dev.parley.sla.api;

/**
 * Where a target stands. ON_TRACK and WARNING are running clocks (WARNING once the configured share
 * of the time has elapsed, 75% by default); BREACHED is past due, running or stopped late; MET was
 * stopped in time; PAUSED waits on the customer (the ticket is PENDING).
 */
public enum SlaState {
    ON_TRACK, WARNING, BREACHED, MET, PAUSED
}
