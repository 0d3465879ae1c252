package dev.parley.helpdesk.core.internal.attachments;

/** An agent's upload the store will not keep, with the HTTP status that says why (413 too large, 415 wrong type). */
public final class UploadRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public UploadRefusedException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
