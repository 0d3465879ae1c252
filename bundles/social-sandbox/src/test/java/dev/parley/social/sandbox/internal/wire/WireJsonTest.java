package dev.parley.social.sandbox.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class WireJsonTest {

    private final WireJson json = new WireJson();

    @Test
    void metaEscapesNonAsciiAsUnicodeEscapesAndEmojiAsSurrogatePairs() throws Exception {
        ObjectNode payload = json.object().put("text", "Grüße 😀 café").put("url", "https://x.test/a");
        String wire = new String(json.metaBytes(payload), StandardCharsets.US_ASCII);

        assertThat(wire).isEqualTo("{\"text\":\"Gr\\u00fc\\u00dfe \\ud83d\\ude00 caf\\u00e9\",\"url\":\"https:\\/\\/x.test\\/a\"}");
        assertThat(wire).matches("[\\x20-\\x7e]+");
        JsonNode back = json.mapper().readTree(wire);
        assertThat(back.get("text").asText()).isEqualTo("Grüße 😀 café");
        assertThat(back.get("url").asText()).isEqualTo("https://x.test/a");
    }

    @Test
    void xSendsPlainUtf8() {
        ObjectNode payload = json.object().put("text", "Grüße 😀");
        assertThat(new String(json.xBytes(payload), StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"Grüße 😀\"}");
    }
}
