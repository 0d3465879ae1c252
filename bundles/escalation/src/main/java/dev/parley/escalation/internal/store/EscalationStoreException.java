package dev.parley.escalation.internal.store;

/** The escalation tables could not be read or written. */
public final class EscalationStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EscalationStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
