package dev.parley.social.api;

/**
 * A webhook body or API response that is not the JSON the platform documents (answered 400 at
 * a webhook). The message says what was wrong, never the body itself.
 */
public class MalformedEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
