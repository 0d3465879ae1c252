package dev.parley.sla.api;

/**
 * What a ticket's clock measures. FIRST_REPLY runs from the ticket's creation to the team's first
 * reply the customer can see; NEXT_REPLY from each customer message that follows a reply to the
 * next reply; RESOLUTION from creation to SOLVED. Internal notes never stop a clock.
 */
public enum SlaTarget {
    FIRST_REPLY, NEXT_REPLY, RESOLUTION
}
