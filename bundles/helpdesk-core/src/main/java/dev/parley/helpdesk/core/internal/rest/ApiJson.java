package dev.parley.helpdesk.core.internal.rest;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The REST API's JSON conventions: strict on input (unknown fields, duplicate keys, trailing data,
 * numbers for enums, floats for integers and strings with a lone UTF-16 surrogate are refused),
 * ISO-8601 times and nulls for absent values on output.
 */
public final class ApiJson {

    private ApiJson() {
    }

    /** Answers {@code body} as JSON with {@code status}. */
    public static void send(ObjectMapper json, HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        json.writeValue(resp.getOutputStream(), body);
    }

    public static ObjectMapper newMapper() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule())
                .registerModule(new SimpleModule("parley-strings").addDeserializer(String.class, new WellFormedStrings()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // {"text":"a","text":"b"} means two things to two parsers; a request says one thing
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper;
    }

    /**
     * Strings as Jackson reads them, refusing a lone surrogate ({@code "\ud800"}): it cannot be
     * written as UTF-8, so a stored one would break every later read of the ticket.
     */
    static final class WellFormedStrings extends StdScalarDeserializer<String> {
        private static final long serialVersionUID = 1L;

        WellFormedStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            if (value != null) {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        i++;
                    } else if (Character.isSurrogate(c)) {
                        // Jackson reports this with the field's path; the value itself is not echoed (it cannot be)
                        throw new IllegalArgumentException("a string has a lone UTF-16 surrogate at character " + i
                                + "; send well-formed Unicode");
                    }
                }
            }
            return value;
        }
    }
}
