package dev.parley.helpdesk.api;

/** A ticket's urgency, lowest first. */
public enum Priority {
    LOW, NORMAL, HIGH, URGENT
}
