package dev.parley.social.sandbox.internal.wire;

import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON as each platform puts it on the wire. X sends plain UTF-8. Meta escapes every non-ASCII
 * character as {@code \\uxxxx} (lowercase hex) (characters outside the BMP as a surrogate pair) and escapes
 * {@code /} as {@code \/}, and signs those bytes, so a receiver that re-serializes before
 * verifying fails exactly as it would against the real platform.
 */
public final class WireJson {

    // without COMBINE_UNICODE_SURROGATES_IN_UTF8 Jackson escapes emoji even in plain UTF-8 output
    private final ObjectMapper plain = JsonMapper.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();
    private final ObjectMapper metaStyle = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();

    public WireJson() {
        metaStyle.getFactory().setCharacterEscapes(new SlashEscapes());
    }

    public ObjectMapper mapper() {
        return plain;
    }

    public ObjectNode object() {
        return plain.createObjectNode();
    }

    public byte[] xBytes(JsonNode payload) {
        return write(plain, payload);
    }

    public byte[] metaBytes(JsonNode payload) {
        return write(metaStyle, payload);
    }

    private static byte[] write(ObjectMapper mapper, Object payload) {
        try {
            return mapper.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's standard escapes plus {@code \/}, as PHP's json_encode (and so the Graph API) writes. */
    private static final class SlashEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] table = standardAsciiEscapesForJSON();
        private final SerializedString slash = new SerializedString("\\/");

        SlashEscapes() {
            table['/'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == '/' ? slash : null;
        }
    }
}
