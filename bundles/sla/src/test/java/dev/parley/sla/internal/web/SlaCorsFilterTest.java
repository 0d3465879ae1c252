package dev.parley.sla.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.sla.internal.CapturedOutput;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class SlaCorsFilterTest {

    private static final String HELPDESK = "https://helpdesk.example.com";

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final FilterChain chain = mock(FilterChain.class);
    private HttpServletResponse resp;

    @BeforeEach
    void setUp() throws Exception {
        resp = mock(HttpServletResponse.class);
        when(resp.getOutputStream()).thenReturn(new CapturedOutput(body));
    }

    static SlaWebConfig allowing(String... origins) {
        return new SlaWebConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SlaWebConfig.class;
            }

            @Override
            public String[] allowedOrigins() {
                return origins;
            }
        };
    }

    private HttpServletRequest request(String method, String origin, String requestMethod) {
        HttpServletRequest req = mock(HttpServletRequest.class);
        when(req.getMethod()).thenReturn(method);
        when(req.getHeader("Origin")).thenReturn(origin);
        when(req.getHeader("Access-Control-Request-Method")).thenReturn(requestMethod);
        when(req.getRequestURI()).thenReturn("/api/sla/stream");
        return req;
    }

    @Test
    void aPreflightFromAConfiguredOriginIsAnsweredWithoutReachingAuthentication() throws Exception {
        new SlaCorsFilter(allowing(HELPDESK + "/")).doFilter(request("OPTIONS", HELPDESK, "GET"), resp, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(resp).setStatus(204);
        verify(resp).setHeader("Access-Control-Allow-Origin", HELPDESK);
        verify(resp).setHeader("Access-Control-Allow-Headers", "Authorization, Last-Event-ID");
        verify(resp).setHeader("Access-Control-Allow-Methods", "GET");
        verify(resp).addHeader("Vary", "Origin");
    }

    @Test
    void aConfiguredOriginsCallsGoOnWithItsOriginAllowed() throws Exception {
        HttpServletRequest req = request("GET", "HTTPS://Helpdesk.Example.com", null);
        new SlaCorsFilter(allowing(HELPDESK)).doFilter(req, resp, chain);
        verify(chain).doFilter(req, resp);
        verify(resp).setHeader("Access-Control-Allow-Origin", "HTTPS://Helpdesk.Example.com");
    }

    @Test
    void byDefaultNoOriginIsAllowedAndItsPreflightIsAProblem() throws Exception {
        new SlaCorsFilter(allowing()).doFilter(request("OPTIONS", HELPDESK, "GET"), resp, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(resp).setStatus(403);
        verify(resp).setContentType("application/problem+json");
        assertThat(body.toString(StandardCharsets.UTF_8)).contains("\"status\":403", "allowedOrigins",
                "dev.parley.sla.web");

        HttpServletRequest get = request("GET", HELPDESK, null);
        new SlaCorsFilter(allowing()).doFilter(get, resp, chain);
        verify(chain).doFilter(get, resp);
        verify(resp, never()).setHeader(eq("Access-Control-Allow-Origin"), anyString());
    }

    @Test
    void otherOriginsAndMethodsAreRefused() throws Exception {
        SlaCorsFilter filter = new SlaCorsFilter(allowing(HELPDESK));
        filter.doFilter(request("OPTIONS", "https://evil.example", "GET"), resp, chain);
        filter.doFilter(request("OPTIONS", HELPDESK, "DELETE"), resp, chain);
        filter.doFilter(request("OPTIONS", "https://helpdesk.example.com:8443", "GET"), resp, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(resp, never()).setStatus(204);
        verify(resp, never()).setHeader(eq("Access-Control-Allow-Origin"), anyString());
    }

    @Test
    void sameOriginRequestsPassUntouched() throws Exception {
        HttpServletRequest req = request("GET", null, null);
        new SlaCorsFilter(allowing(HELPDESK)).doFilter(req, resp, chain);
        verify(chain).doFilter(req, resp);
        verify(resp, never()).addHeader(anyString(), anyString());
    }

    @Test
    void onlyOriginsAreAccepted() {
        assertThat(SlaCorsFilter.parse(new String[] {"https://a.example:8443/", "http://B.example", "*",
                "https://c.example/path", "ftp://d.example", "", "null"}))
                .containsExactlyInAnyOrder("https://a.example:8443", "http://b.example");
        assertThat(SlaCorsFilter.parse(new String[] {"https://a.example, https://b.example"}))
                .containsExactlyInAnyOrder("https://a.example", "https://b.example");
    }

    @Test
    void pathsOutsideTheWidgetAndTheSlaApiPassUntouched() throws Exception {
        for (String path : new String[] {"/api/plugins", "/api/slax", "/api/sla/../plugins", "/api/%73la/tickets"}) {
            HttpServletRequest req = request("OPTIONS", HELPDESK, "GET");
            when(req.getRequestURI()).thenReturn(path);
            new SlaCorsFilter(allowing(HELPDESK)).doFilter(req, resp, chain);
            verify(chain).doFilter(req, resp);
        }
        verify(resp, never()).setStatus(204);
        verify(resp, never()).addHeader("Vary", "Origin");
    }
}
