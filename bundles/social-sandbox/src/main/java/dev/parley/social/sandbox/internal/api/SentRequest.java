package dev.parley.social.sandbox.internal.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A write call a connector made to a simulated platform, as received: tests assert the exact
 * payload and count duplicates with these. {@code body} is the parsed JSON (a string node when the
 * body was not JSON); access tokens are never recorded.
 *
 * @param authenticated whether the call carried a credential
 * @param actingAs the simulated account (X user id, Page id) whose access token the call carried,
 *        empty when it carried none of theirs (then it acts as the app's first account)
 * @param status what the sandbox answered, faults included
 */
public record SentRequest(long sequence, String platform, String method, String path,
        Map<String, List<String>> query, JsonNode body, boolean authenticated, int status,
        Optional<String> returnedId, Instant at, Optional<String> actingAs) {
}
