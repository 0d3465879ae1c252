package dev.parley.helpdesk.core.internal.rest;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import dev.parley.helpdesk.api.PolicyViolationException;
import dev.parley.helpdesk.api.StaleTicketException;
import dev.parley.helpdesk.api.TicketNotFoundException;
import dev.parley.helpdesk.api.http.ProblemException;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Translates what a servlet threw into an RFC 9457 problem. Client mistakes become 4xx with a
 * detail naming the field; anything else is a 500 whose detail carries a reference to the log
 * line, never a stack trace.
 */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private final ObjectMapper mapper;

    Problems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ProblemException translate(Throwable error, String requestLine) {
        if (error instanceof ProblemException problem) {
            return problem;
        }
        if (error instanceof UnrecognizedPropertyException e) {
            String field = path(e);
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return fieldProblem(field, "unknown field '" + field + "'" + (known.isEmpty() ? "" : "; known fields: " + known));
        }
        if (error instanceof InvalidFormatException e) {
            String field = path(e);
            Class<?> target = e.getTargetType();
            String expected = target != null && target.isEnum()
                    ? "one of " + Arrays.toString(target.getEnumConstants())
                    : "a " + (target == null ? "different" : target.getSimpleName()) + " value";
            return fieldProblem(field, "field '" + field + "' has an invalid value " + quote(e.getValue())
                    + "; expected " + expected);
        }
        if (error instanceof MismatchedInputException e) {
            if (e.getPath().isEmpty()) {
                return ProblemException.badRequest("the request body must be a JSON object"
                        + (e.getOriginalMessage().contains("No content") ? "; it was empty" : ""));
            }
            String field = path(e);
            String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
            return fieldProblem(field, "field '" + field + "' has the wrong type; expected " + expected);
        }
        if (error instanceof JsonMappingException e && e.getCause() instanceof IllegalArgumentException cause) {
            return fieldProblem(path(e), cause.getMessage());
        }
        if (error instanceof JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return ProblemException.badRequest("malformed JSON" + where + ": " + e.getOriginalMessage());
        }
        if (error instanceof HttpException e && e.getCode() >= 400 && e.getCode() < 500) {
            // Jetty refusing what the client sent (a malformed %-escape in a form or query, say)
            return new ProblemException(e.getCode(), "Bad Request", "the request is malformed: "
                    + (e.getReason() == null ? "it could not be parsed" : e.getReason()));
        }
        if (error instanceof IOException e) {
            // the client went away or stopped sending mid-body: its problem, one line, no stack (that is at DEBUG)
            LOG.warn("Request {} aborted by the client: {}", requestLine, e.toString());
            LOG.debug("Request {} abort", requestLine, e);
            return new ProblemException(400, "Bad Request", "the request body could not be read completely");
        }
        if (error instanceof TicketNotFoundException e) {
            return ProblemException.notFound(e.getMessage());
        }
        if (error instanceof PolicyViolationException e) {
            return new ProblemException(422, "Refused by the channel's messaging policy", e.getMessage(),
                    "https://parley.dev/problems/policy/" + e.rule(), Map.of("rule", e.rule(), "remedy", e.remedy()));
        }
        if (error instanceof StaleTicketException e) {
            return new ProblemException(409, "Conflict", e.getMessage() + "; read the ticket again and retry", null,
                    Map.of("currentVersion", e.currentVersion()));
        }
        if (error instanceof IllegalStateException e) {
            return ProblemException.conflict(e.getMessage());
        }
        if (error instanceof IllegalArgumentException e) {
            return ProblemException.badRequest(e.getMessage());
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("Unexpected error on {} (reference {})", requestLine, reference, error);
        return new ProblemException(500, "Internal Server Error",
                "the server failed to handle this request; the log has the details under reference " + reference,
                null, Map.of("reference", reference));
    }

    void write(HttpServletResponse response, ProblemException problem, String instance) throws IOException {
        if (response.isCommitted()) {
            LOG.warn("Cannot report {} {} for {}: the response was already sent", problem.status(), problem.detail(),
                    instance);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put("instance", instance);
        problem.extensions().forEach(body::putIfAbsent);
        response.resetBuffer();
        response.setStatus(problem.status());
        response.setContentType(MEDIA_TYPE);
        if (problem.status() == 405 && problem.extensions().get("allow") instanceof String allow) {
            response.setHeader("Allow", allow);
        }
        response.setCharacterEncoding("UTF-8");
        mapper.writeValue(response.getOutputStream(), body);
    }

    private static ProblemException fieldProblem(String field, String detail) {
        return new ProblemException(400, "Bad Request", detail, null, Map.of("field", field));
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(body)" : sb.toString();
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "an object";
    }

    private static String quote(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
