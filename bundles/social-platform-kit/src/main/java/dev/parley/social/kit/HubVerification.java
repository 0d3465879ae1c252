package dev.parley.social.kit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.parley.social.api.WebhookReply;
import dev.parley.social.api.WebhookRequest;

/**
 * Meta's webhook verification request (Messenger, Instagram, WhatsApp Cloud API): {@code GET
 * ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…} answered with the challenge when the
 * token is the account's. Meta's challenge is a number; anything else is refused, so a caller
 * cannot make Parley serve text of its choosing from its own origin.
 */
public final class HubVerification {

    static final int CHALLENGE_MAX_DIGITS = 32;
    private static final Pattern CHALLENGE = Pattern.compile("[0-9]{1," + CHALLENGE_MAX_DIGITS + "}");

    private HubVerification() {
    }

    public static WebhookReply challenge(Optional<String> verifyToken, WebhookRequest request) {
        Optional<String> mode = request.queryParameter("hub.mode");
        Optional<String> token = request.queryParameter("hub.verify_token");
        Optional<String> challenge = request.queryParameter("hub.challenge");
        if (mode.isEmpty() || challenge.isEmpty()) {
            return WebhookReply.of(400, "text/plain", "a verification needs hub.mode, hub.verify_token and hub.challenge");
        }
        if (!CHALLENGE.matcher(challenge.get()).matches()) {
            return WebhookReply.of(400, "text/plain", "hub.challenge is 1 to " + CHALLENGE_MAX_DIGITS + " digits");
        }
        boolean tokenMatches = verifyToken.isPresent() && token.isPresent()
                && MessageDigest.isEqual(verifyToken.get().getBytes(StandardCharsets.UTF_8),
                        token.get().getBytes(StandardCharsets.UTF_8));
        if (!mode.get().equals("subscribe") || !tokenMatches) {
            return WebhookReply.of(403, "text/plain", "verification refused");
        }
        return WebhookReply.of(200, "text/plain", challenge.get());
    }
}
