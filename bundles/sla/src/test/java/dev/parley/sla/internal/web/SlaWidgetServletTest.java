package dev.parley.sla.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.sla.internal.CapturedOutput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class SlaWidgetServletTest {

    /** The real files, from the module's resources as the bundle holds them. */
    private final SlaWidgetServlet servlet = new SlaWidgetServlet(
            name -> Optional.ofNullable(getClass().getClassLoader().getResource("web/" + name)));

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private HttpServletResponse get(String pathInfo) throws Exception {
        HttpServletRequest req = mock(HttpServletRequest.class);
        when(req.getContextPath()).thenReturn("");
        when(req.getServletPath()).thenReturn("/sla");
        when(req.getPathInfo()).thenReturn(pathInfo);
        HttpServletResponse resp = mock(HttpServletResponse.class);
        when(resp.getOutputStream()).thenReturn(new CapturedOutput(body));
        servlet.doGet(req, resp);
        return resp;
    }

    @Test
    void theDashboardIsServedAtTheFolderWithAStrictScriptPolicy() throws Exception {
        HttpServletResponse resp = get("/");
        verify(resp).setContentType("text/html; charset=utf-8");
        verify(resp).setHeader("Content-Security-Policy", SlaWidgetServlet.CSP);
        assertThat(SlaWidgetServlet.CSP).contains("script-src 'self'").doesNotContain("unsafe-eval");
        assertThat(body.toString(StandardCharsets.UTF_8)).contains("parley-sla.js", "dashboard.js");
    }

    @Test
    void theComponentsScriptOpensToNoOriginByItself() throws Exception {
        HttpServletResponse resp = get("/parley-sla.js");
        verify(resp).setContentType("text/javascript; charset=utf-8");
        // only SlaCorsFilter, for configured origins, lets another origin load it
        verify(resp, never()).setHeader(eq("Access-Control-Allow-Origin"), anyString());
        assertThat(body.toString(StandardCharsets.UTF_8)).contains("customElements.define");
    }

    @Test
    void everyListedFileExistsAndNothingElseIsServed() throws Exception {
        for (String name : SlaWidgetServlet.FILES.keySet()) {
            URL file = getClass().getClassLoader().getResource("web/" + name);
            assertThat(file).as(name).isNotNull();
        }
        verify(get("/../bnd.bnd")).sendError(404);
        verify(get("/secret.txt")).sendError(404);
    }

    @Test
    void theFolderWithoutSlashRedirects() throws Exception {
        verify(get(null)).sendRedirect("/sla/");
    }

    @Test
    void customerTextNeverGoesThroughHtmlParsing() throws Exception {
        // a review guard: the components build DOM nodes; any of these would parse customer text as markup
        for (String name : SlaWidgetServlet.FILES.keySet()) {
            body.reset();
            get("/" + name);
            assertThat(body.toString(StandardCharsets.UTF_8)).as(name)
                    .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
        }
    }
}
