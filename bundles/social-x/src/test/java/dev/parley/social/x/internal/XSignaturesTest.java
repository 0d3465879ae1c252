package dev.parley.social.x.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;


/** The documented example values of ../shared/PLATFORMS.md, exactly. */
class XSignaturesTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void xSignatureMatchesPublishedVectors() {
        assertThat(XSignatures.sign("test", bytes("test=1&other_test=2")))
                .isEqualTo("sha256=25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc=");
        assertThat(XSignatures.sign("test", bytes("{\"test_number\":1,\"test_string\":\"two\"}")))
                .isEqualTo("sha256=YWHphPn/JFq43jkF0y4/w8R/SelmLjvpunhVFY8JhlI=");
    }

    @Test
    void xCrcResponseTokenMatchesVector() {
        assertThat(XSignatures.crcResponseToken("test", "test"))
                .isEqualTo("sha256=iM0hCLU0fZc885zfkFPX3UJwSHbYyam9ji0WglnT3fc=");
    }

    @Test
    void xVerifyAcceptsTheVectorAndRefusesAnythingElse() {
        byte[] body = bytes("test=1&other_test=2");
        assertThat(XSignatures.verify("test", Optional.of("sha256=25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc="), body))
                .isTrue();
        assertThat(XSignatures.verify("other", Optional.of("sha256=25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc="), body))
                .isFalse();
        assertThat(XSignatures.verify("test", Optional.of("sha256=25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc="),
                bytes("test=1&other_test=3"))).isFalse();
        assertThat(XSignatures.verify("test", Optional.empty(), body)).isFalse();
        assertThat(XSignatures.verify("test", Optional.of("sha256=not base64!"), body)).isFalse();
        assertThat(XSignatures.verify("test", Optional.of("25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc="), body)).isFalse();
    }
}
