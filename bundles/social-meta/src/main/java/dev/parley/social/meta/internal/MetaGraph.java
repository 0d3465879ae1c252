package dev.parley.social.meta.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.kit.Json;

/** What the Graph API lookups share: Meta's reason for a refusal, and ids in a URL path. */
final class MetaGraph {

    private MetaGraph() {
    }

    /** Meta's reason ({@code error.message} and its code), for the message's lookup error; never the token. */
    static String error(PlatformHttp.Reply reply) {
        try {
            JsonNode error = Json.object(reply.body(), "Meta error").path("error");
            return Json.text(error, "message").map(m -> ": " + m + Json.text(error, "code").map(c -> " (code " + c
                    + Json.text(error, "error_subcode").map(s -> "/" + s).orElse("") + ")").orElse("")).orElse("");
        } catch (MalformedEventException e) {
            return "";
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
