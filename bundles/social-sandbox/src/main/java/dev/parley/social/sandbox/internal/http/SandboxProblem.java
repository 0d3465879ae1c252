package dev.parley.social.sandbox.internal.http;

import java.util.Optional;

/** An RFC 9457 problem a sandbox control endpoint answers with. */
final class SandboxProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final transient Optional<String> field;

    SandboxProblem(int status, String title, String detail, Optional<String> field) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    static SandboxProblem badRequest(String field, String detail) {
        return new SandboxProblem(400, "Bad Request", detail, Optional.ofNullable(field));
    }

    static SandboxProblem notFound(String detail) {
        return new SandboxProblem(404, "Not Found", detail, Optional.empty());
    }

    static SandboxProblem notAllowed(String method, String allowed) {
        return new SandboxProblem(405, "Method Not Allowed", method + " is not supported here; use " + allowed,
                Optional.empty());
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }

    Optional<String> field() {
        return field;
    }
}
