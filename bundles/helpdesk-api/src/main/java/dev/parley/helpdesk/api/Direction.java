package dev.parley.helpdesk.api;

/** INBOUND: from the customer to us; OUTBOUND: from us (agent, bot or system) to the customer. */
public enum Direction {
    INBOUND, OUTBOUND
}
