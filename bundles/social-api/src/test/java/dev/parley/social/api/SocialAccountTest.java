package dev.parley.social.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class SocialAccountTest {

    @Test
    void toStringNeverShowsSecrets() {
        SocialAccount account = new SocialAccount("acme", "x", "1", Optional.of("acme"), Optional.of("consumer-s3cret"),
                Optional.of("app-s3cret"), Optional.of("verify-s3cret"), Optional.of("token-s3cret"), ReceiveMode.WEBHOOK,
                Optional.of("http://127.0.0.1:8080/sandbox/x/"));
        assertThat(account.toString()).doesNotContain("s3cret").contains("acme", "secrets=***");
    }

    @Test
    void blankValuesAreAbsentAndTheBaseUrlLosesItsTrailingSlash() {
        SocialAccount account = new SocialAccount("acme", "x", "1", Optional.of(" "), null, Optional.of(""), null, null,
                ReceiveMode.POLL, Optional.of("http://127.0.0.1:8080/sandbox/x/"));
        assertThat(account.handle()).isEmpty();
        assertThat(account.appSecret()).isEmpty();
        assertThat(account.apiBaseUrl("https://api.x.com")).isEqualTo("http://127.0.0.1:8080/sandbox/x");
        assertThat(new SocialAccount("a", "x", "1", null, null, null, null, null, ReceiveMode.WEBHOOK, null)
                .apiBaseUrl("https://api.x.com")).isEqualTo("https://api.x.com");
    }
}
