package dev.parley.social.sandbox.internal.customer;

/** A request field the sandbox cannot accept; the REST edge turns it into a 400 naming the field. */
public final class InvalidFieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidFieldException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
