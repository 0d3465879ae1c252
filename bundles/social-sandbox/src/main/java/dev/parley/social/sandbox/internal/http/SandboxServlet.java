package dev.parley.social.sandbox.internal.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.parley.social.sandbox.internal.customer.InvalidFieldException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Base of the /sandbox/api control endpoints: strict JSON in, JSON out, and every failure as an
 * {@code application/problem+json} body whose {@code field} names the offending input.
 */
abstract class SandboxServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SandboxServlet.class);

    final transient ObjectMapper mapper = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    @Override
    protected final void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            handle(req, resp);
        } catch (RuntimeException | IOException e) {
            problem(resp, translate(e, req), req.getRequestURI());
        }
    }

    abstract void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException;

    <T> T read(HttpServletRequest req, Class<T> type) throws IOException {
        T value = mapper.readValue(req.getInputStream(), type);
        if (value == null) {
            throw SandboxProblem.badRequest(null, "the request body must be a JSON object");
        }
        return value;
    }

    void send(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        mapper.writeValue(resp.getOutputStream(), body);
    }

    static Optional<String> param(HttpServletRequest req, String name) {
        return Optional.ofNullable(req.getParameter(name)).filter(v -> !v.isBlank());
    }

    private static SandboxProblem translate(Exception error, HttpServletRequest req) {
        Throwable cause = error instanceof JsonMappingException && error.getCause() instanceof InvalidFieldException
                ? error.getCause() : error;
        if (cause instanceof SandboxProblem problem) {
            return problem;
        }
        if (cause instanceof InvalidFieldException e) {
            return SandboxProblem.badRequest(e.field(), e.getMessage());
        }
        if (cause instanceof UnrecognizedPropertyException e) {
            return SandboxProblem.badRequest(path(e), "unknown field '" + path(e) + "'");
        }
        if (cause instanceof MismatchedInputException e) {
            return e.getPath().isEmpty()
                    ? SandboxProblem.badRequest(null, "the request body must be a JSON object")
                    : SandboxProblem.badRequest(path(e), "field '" + path(e) + "' has the wrong type");
        }
        if (cause instanceof JsonProcessingException e) {
            return SandboxProblem.badRequest(null, "malformed JSON: " + e.getOriginalMessage());
        }
        if (cause instanceof IllegalArgumentException e) {
            return SandboxProblem.badRequest(null, e.getMessage());
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("Sandbox failed on {} {} (reference {})", req.getMethod(), req.getRequestURI(), reference, error);
        return new SandboxProblem(500, "Internal Server Error", "the sandbox failed; the log has reference " + reference,
                Optional.empty());
    }

    private void problem(HttpServletResponse resp, SandboxProblem problem, String instance) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        body.put("instance", instance);
        problem.field().ifPresent(f -> body.put("field", f));
        resp.resetBuffer();
        resp.setStatus(problem.status());
        resp.setContentType("application/problem+json");
        resp.setCharacterEncoding("UTF-8");
        mapper.writeValue(resp.getOutputStream(), body);
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() > 0 ? "." : "").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(body)" : sb.toString();
    }
}
