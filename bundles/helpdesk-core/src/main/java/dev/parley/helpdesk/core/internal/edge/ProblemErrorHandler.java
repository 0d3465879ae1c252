package dev.parley.helpdesk.core.internal.edge;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own answers (a request it refuses before any servlet sees it: 400 bad message, 414, 431,
 * 413) as problem+json instead of its HTML page, whatever the client's Accept header says. Jetty's
 * reason is not echoed: it can quote what the client sent.
 */
final class ProblemErrorHandler extends ErrorHandler {

    /** Jetty writes an error body only for GET, POST and HEAD by default; a PATCH or DELETE deserves one too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        // no instance: for a request Jetty could not parse, the path it reports is a placeholder
        byte[] body = ProblemBody.of(code, ProblemBody.title(code), ProblemBody.detail(code), null);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemBody.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
