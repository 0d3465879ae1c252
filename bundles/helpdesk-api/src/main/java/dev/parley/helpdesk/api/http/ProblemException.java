package dev.parley.helpdesk.api.http;

import java.util.Map;

/**
 * Thrown from a servlet under {@code /api} to answer with an RFC 9457 problem: the host renders
 * {@code status}, {@code title}, {@code detail}, {@code type} and the extension members as
 * {@code application/problem+json}. The detail must say what was wrong and what to do instead.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final String type;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String title, String detail, String type, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.title = title;
        this.type = type == null ? "about:blank" : type;
        this.extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null, null);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public String type() {
        return type;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
