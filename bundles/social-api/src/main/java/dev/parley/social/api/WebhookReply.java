package dev.parley.social.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** What to answer a platform's webhook verification call: status, content type and body. */
public record WebhookReply(int status, String contentType, byte[] body) {

    public WebhookReply {
        Objects.requireNonNull(contentType, "contentType");
        body = body == null ? new byte[0] : body;
    }

    public static WebhookReply of(int status, String contentType, String body) {
        return new WebhookReply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
