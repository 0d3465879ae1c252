package dev.parley.social.sandbox.internal.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The vectors published in PLATFORMS.md. */
class WebhookSignaturesTest {

    @Test
    void xSignatureMatchesPublishedVectors() {
        assertThat(WebhookSignatures.x("test", "test=1&other_test=2".getBytes(UTF_8)))
                .isEqualTo("sha256=25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc=");
        assertThat(WebhookSignatures.x("test", "{\"test_number\":1,\"test_string\":\"two\"}".getBytes(UTF_8)))
                .isEqualTo("sha256=YWHphPn/JFq43jkF0y4/w8R/SelmLjvpunhVFY8JhlI=");
    }

    @Test
    void xCrcResponseTokenMatchesVector() {
        assertThat(WebhookSignatures.xCrcResponseToken("test", "test"))
                .isEqualTo("sha256=iM0hCLU0fZc885zfkFPX3UJwSHbYyam9ji0WglnT3fc=");
    }

    @Test
    void metaSignatureMatchesVector() {
        assertThat(WebhookSignatures.meta("FAKE_SECRET", "{}".getBytes(UTF_8)))
                .isEqualTo("sha256=448df8785dd36742e43fa3cad9de2eca8ceb6391e79c742e33e52c6637f32dac");
    }
}
