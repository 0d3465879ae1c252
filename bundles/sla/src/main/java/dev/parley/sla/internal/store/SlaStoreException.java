package dev.parley.sla.internal.store;

/** The SLA tables could not be read or written. */
public final class SlaStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SlaStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
