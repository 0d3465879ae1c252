package dev.parley.helpdesk.api;

/** Where an inbound attachment's bytes are: still to fetch, kept by the store, or unavailable. */
public enum AttachmentState {
    PENDING, STORED, FAILED
}
