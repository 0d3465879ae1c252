package dev.parley.helpdesk.core.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.helpdesk.core.internal.auth.AccessPolicy;
import dev.parley.helpdesk.core.internal.auth.Caller;
import dev.parley.helpdesk.core.internal.auth.Role;
import dev.parley.helpdesk.core.internal.auth.TokenStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class ApiFilterTest {

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final HttpServletResponse response = mock(HttpServletResponse.class);
    private final FilterChain chain = mock(FilterChain.class);

    @Test
    void aRoleBelowTheCallsNeedIsRefusedBeforeTheServletRuns(@TempDir Path home) throws Exception {
        TokenStore store = mock(TokenStore.class);
        when(store.authenticate("prl_widget")).thenReturn(Optional.of(new Caller("wall", Role.WIDGET, List.of(),
                Optional.of(3L))));
        ApiFilter filter = filter(AccessTokens.load(new String[0], home.resolve("admin.token")), store, 1024);

        filter.doFilter(request("GET", "/api/plugins", null, "prl_widget"), answer(), chain);

        verify(chain, never()).doFilter(any(), any());
        verify(response).setStatus(403);
        assertThat(body.toString(StandardCharsets.UTF_8)).contains("\"requiredRole\":\"admin\"");

        HttpServletRequest sla = request("GET", "/api/sla/tickets", "/7", "prl_widget");
        filter.doFilter(sla, answer(), chain);
        verify(chain).doFilter(sla, response);
        verify(sla).setAttribute(ApiFilter.PRINCIPAL, "wall");
        verify(sla).setAttribute(ApiFilter.ROLE, "widget");
    }

    @Test
    void withoutTheTokenStoreDatabaseTokensGet503AndTheAdminFileStillWorks(@TempDir Path home) throws Exception {
        Path file = home.resolve("admin.token");
        ApiFilter filter = filter(AccessTokens.load(new String[0], file), null, 1024);

        filter.doFilter(request("GET", "/api/tickets", null, "prl_whatever"), answer(), chain);
        verify(response).setStatus(503);
        verify(chain, never()).doFilter(any(), any());

        HttpServletRequest asAdmin = request("GET", "/api/plugins", null, Files.readString(file).strip());
        filter.doFilter(asAdmin, answer(), chain);
        verify(chain).doFilter(asAdmin, response);
    }

    @Test
    void grantsComeAsArrayEntriesOrSemicolonSeparatedAndABadOneOpensNothing() {
        List<AccessPolicy.Grant> grants = ApiAccess.grants(new String[] {
            "agent GET,POST /api/tickets/*/notes; widget GET /api/board/**", "boss GET /api/x", "agent GET", null, " "});
        assertThat(grants).extracting(AccessPolicy.Grant::pattern).containsExactly("/api/tickets/*/notes", "/api/board/**");
    }

    @Test
    void anAdmittedBodyIsCheckedForSizeAndTypeAndPassedOnAsTheEdgeBufferedIt(@TempDir Path home) throws Exception {
        Path file = home.resolve("admin.token");
        ApiFilter filter = filter(AccessTokens.load(new String[0], file), null, 16);
        String admin = Files.readString(file).strip();

        HttpServletRequest tooLarge = request("POST", "/api/tickets", null, admin);
        when(tooLarge.getContentLengthLong()).thenReturn(17L);
        when(tooLarge.getContentType()).thenReturn("application/json");
        filter.doFilter(tooLarge, answer(), chain);
        verify(response).setStatus(413);
        verify(tooLarge, never()).getInputStream();

        HttpServletRequest text = request("POST", "/api/tickets", null, admin);
        when(text.getContentLengthLong()).thenReturn(2L);
        when(text.getContentType()).thenReturn("text/plain");
        filter.doFilter(text, answer(), chain);
        verify(response).setStatus(415);
        verify(chain, never()).doFilter(any(), any());

        HttpServletRequest json = request("POST", "/api/tickets", null, admin);
        when(json.getContentLengthLong()).thenReturn(16L);
        when(json.getContentType()).thenReturn("application/json; charset=utf-8");
        filter.doFilter(json, answer(), chain);
        verify(chain).doFilter(json, response); // the very request: no second copy of the body
        verify(json, never()).getInputStream();
    }

    @Test
    void aRequestTheContextAlreadyAdmittedIsNotCheckedTwice(@TempDir Path home) throws Exception {
        Path file = home.resolve("admin.token");
        ApiAccess access = new ApiAccess(new ApiAccess.Settings(AccessTokens.load(new String[0], file),
                new AccessPolicy(List.of()), 1024), () -> null);
        java.util.Map<String, Object> attributes = new java.util.HashMap<>();
        HttpServletRequest request = request("GET", "/api/plugins", null, Files.readString(file).strip());
        org.mockito.Mockito.doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1))).when(request)
                .setAttribute(any(), any());
        when(request.getAttribute(any())).thenAnswer(i -> attributes.get(i.<String>getArgument(0)));

        assertThat(new ApiSecurityContext(access).handleSecurity(request, answer())).isTrue();
        new ApiFilter(access).doFilter(request, answer(), chain);

        verify(chain).doFilter(request, response);
        verify(request, org.mockito.Mockito.times(1)).getHeader("Authorization");
    }

    private static ApiFilter filter(AccessTokens tokens, TokenStore store, int maxBodyBytes) {
        return new ApiFilter(new ApiAccess(new ApiAccess.Settings(tokens, new AccessPolicy(List.of()), maxBodyBytes),
                () -> store));
    }

    private HttpServletRequest request(String method, String servletPath, String pathInfo, String token) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getServletPath()).thenReturn(servletPath);
        when(request.getPathInfo()).thenReturn(pathInfo);
        when(request.getRequestURI()).thenReturn(servletPath + (pathInfo == null ? "" : pathInfo));
        when(request.getHeader("Authorization")).thenReturn("Bearer " + token);
        return request;
    }

    private HttpServletResponse answer() throws Exception {
        when(response.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        });
        return response;
    }
}
