package dev.parley.itests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/** The social sandbox's test endpoints: post as a fake customer, inject API faults, read what the connector sent. */
final class SandboxClient {

    private final ApiClient http;

    SandboxClient(ApiClient http) {
        this.http = http;
    }

    /** Posts as a customer and waits until the connector acknowledged the webhook; returns the platform id. */
    String post(String platform, String kind, String authorId, String handle, String text, boolean receivesYourDm) {
        return post(platform, kind, authorId, handle, text, null, receivesYourDm);
    }

    String post(String platform, String kind, String authorId, String handle, String text, String inReplyTo,
            boolean receivesYourDm) {
        String body = "{\"platform\":\"" + platform + "\",\"kind\":\"" + kind + "\",\"authorId\":\"" + authorId
                + "\",\"authorHandle\":\"" + handle + "\",\"text\":\"" + text + "\",\"receivesYourDm\":" + receivesYourDm
                + (inReplyTo == null ? "" : ",\"inReplyTo\":\"" + inReplyTo + "\"") + "}";
        ApiClient.Reply reply = http.post("/sandbox/api/customer-posts?wait=true", body);
        if (reply.status() != 200) {
            throw new AssertionError("sandbox post failed: " + reply.status() + " " + reply.body());
        }
        return reply.json().get("id").asText();
    }

    /** Posts as a customer writing to {@code to}, one of several accounts (X users, Pages) of the app. */
    String postTo(String platform, String to, String kind, String authorId, String handle, String text) {
        String body = "{\"platform\":\"" + platform + "\",\"to\":\"" + to + "\",\"kind\":\"" + kind
                + "\",\"authorId\":\"" + authorId + "\",\"authorHandle\":\"" + handle + "\",\"text\":\"" + text + "\"}";
        ApiClient.Reply reply = http.post("/sandbox/api/customer-posts?wait=true", body);
        if (reply.status() != 200) {
            throw new AssertionError("sandbox post failed: " + reply.status() + " " + reply.body());
        }
        return reply.json().get("id").asText();
    }

    void faults(String platform, String apiFaultsJson) {
        ApiClient.Reply reply = http.post("/sandbox/api/faults", "{\"platform\":\"" + platform + "\",\"api\":"
                + apiFaultsJson + "}");
        if (reply.status() != 200) {
            throw new AssertionError("sandbox faults refused: " + reply.status() + " " + reply.body());
        }
    }

    void clearFaults() {
        http.delete("/sandbox/api/faults");
    }

    /** Write calls the connector made to a platform, oldest first. */
    List<JsonNode> sent(String platform) {
        List<JsonNode> all = new ArrayList<>();
        http.get("/sandbox/api/sent?platform=" + platform).json().get("sent").forEach(all::add);
        return all;
    }

    List<JsonNode> sent(String platform, Predicate<JsonNode> which) {
        return sent(platform).stream().filter(which).toList();
    }

    static Predicate<JsonNode> withText(String text) {
        return call -> text.equals(call.path("body").path("text").asText(null))
                || text.equals(call.path("body").path("message").path("text").asText(null))
                || text.equals(call.path("body").path("message").asText(null));
    }

    /** Waits for a message's delivery state through the REST API and returns the message. */
    static JsonNode awaitDelivery(ApiClient api, long ticketId, long messageId, String state, Duration timeout) {
        return Await.until("message " + messageId + " " + state, timeout, () -> {
            JsonNode m = api.get("/api/tickets/" + ticketId + "/messages/" + messageId).json();
            return m != null && state.equals(m.path("delivery").asText()) ? m : null;
        });
    }
}
