package dev.parley.helpdesk.api;

/** An attachment the store will not keep (too large for the file or ticket limit); retrying does not help. */
public final class AttachmentRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AttachmentRejectedException(String message) {
        super(message);
    }
}
