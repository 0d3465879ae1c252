package dev.parley.helpdesk.core.internal.edge;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/** Writes an edge refusal through the Servlet API. */
final class EdgeResponses {

    static final String REQUEST_ID_HEADER = "X-Request-Id";

    private EdgeResponses() {
    }

    static void problem(HttpServletResponse response, int status, String detail, String instance, String requestId)
            throws IOException {
        byte[] body = ProblemBody.of(status, ProblemBody.title(status), detail, instance);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(ProblemBody.MEDIA_TYPE);
        response.setContentLength(body.length);
        if (requestId != null) {
            response.setHeader(REQUEST_ID_HEADER, requestId);
        }
        response.getOutputStream().write(body);
    }
}
