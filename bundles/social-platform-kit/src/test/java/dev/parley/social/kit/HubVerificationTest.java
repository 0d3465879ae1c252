package dev.parley.social.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.WebhookReply;
import dev.parley.social.api.WebhookRequest;

class HubVerificationTest {

    private static WebhookReply verify(String challenge, String token) {
        return HubVerification.challenge(Optional.of("verify-me"), new WebhookRequest("GET",
                Map.of("hub.mode", "subscribe", "hub.verify_token", token, "hub.challenge", challenge), Map.of(),
                new byte[0]));
    }

    @Test
    void theAccountsTokenGetsItsNumericChallengeBack() {
        WebhookReply reply = verify("1158201444", "verify-me");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.bodyText()).isEqualTo("1158201444");
    }

    @Test
    void anythingButDigitsOrAnotherTokenIsRefusedWithoutEcho() {
        assertThat(verify("<script>alert(1)</script>", "verify-me").status()).isEqualTo(400);
        assertThat(verify("abc_DEF-1", "verify-me").status()).as("letters are no Meta challenge").isEqualTo(400);
        assertThat(verify("1".repeat(33), "verify-me").status()).isEqualTo(400);
        WebhookReply wrong = verify("42", "guess");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.bodyText()).doesNotContain("42");
    }
}
