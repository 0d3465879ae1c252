package dev.parley.social.meta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import dev.parley.social.kit.Hmac;


/** The documented example values of ../shared/PLATFORMS.md, exactly. */
class MetaSignaturesTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void metaSignatureMatchesVector() {
        assertThat(MetaSignatures.sign("FAKE_SECRET", bytes("{}")))
                .isEqualTo("sha256=448df8785dd36742e43fa3cad9de2eca8ceb6391e79c742e33e52c6637f32dac");
    }

    @Test
    void metaVerifyChecksSha256AndFallsBackToLegacySha1() {
        byte[] body = bytes("{}");
        String good = "sha256=448df8785dd36742e43fa3cad9de2eca8ceb6391e79c742e33e52c6637f32dac";
        assertThat(MetaSignatures.verify("FAKE_SECRET", Optional.of(good), Optional.empty(), body)).isTrue();
        assertThat(MetaSignatures.verify("FAKE_SECRET", Optional.of(good.toUpperCase().replace("SHA256", "sha256")),
                Optional.empty(), body)).isTrue();
        assertThat(MetaSignatures.verify("WRONG", Optional.of(good), Optional.empty(), body)).isFalse();
        assertThat(MetaSignatures.verify("FAKE_SECRET", Optional.of("sha256=zz"), Optional.empty(), body)).isFalse();
        assertThat(MetaSignatures.verify("FAKE_SECRET", Optional.empty(), Optional.empty(), body)).isFalse();
        String sha1 = "sha1=" + java.util.HexFormat.of().formatHex(Hmac.sign("HmacSHA1", "FAKE_SECRET", body));
        assertThat(MetaSignatures.verify("FAKE_SECRET", Optional.empty(), Optional.of(sha1), body)).isTrue();
        // a wrong sha256 is not rescued by a right sha1
        assertThat(MetaSignatures.verify("FAKE_SECRET", Optional.of("sha256=00"), Optional.of(sha1), body)).isFalse();
    }
}
