package dev.parley.helpdesk.core.internal.attachments;

import java.util.regex.Pattern;

/**
 * The requests whose body is an agent's file, streamed to the attachment store rather than collected
 * in memory by the HTTP edge (which caps every other body at a few MiB): {@code POST
 * /api/tickets/{id}/attachments}, and the same call through the agent console's proxy ({@code
 * /agent/api/...}). The endpoints themselves check the caller before they read a byte, and read
 * with their own size limit and deadline. The edge answers every upload with {@code Connection:
 * close}, so a refusal that leaves the body unread never hands a client a connection Jetty closes.
 */
public final class UploadPaths {

    private static final Pattern UPLOAD = Pattern.compile("(/agent)?/api/tickets/[0-9]{1,18}/attachments/?");

    private UploadPaths() {
    }

    /** Whether {@code method} on {@code path} (the request URI's path, not decoded) uploads a file. */
    public static boolean streamed(String method, String path) {
        return "POST".equals(method) && path != null && UPLOAD.matcher(path).matches();
    }
}
