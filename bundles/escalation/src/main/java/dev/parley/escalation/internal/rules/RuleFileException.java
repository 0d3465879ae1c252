package dev.parley.escalation.internal.rules;

/** A rule file that cannot be used: where in the JSON ({@code $.rules[2].when.all[0].keywords}) and why. */
public final class RuleFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    public RuleFileException(String path, String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
