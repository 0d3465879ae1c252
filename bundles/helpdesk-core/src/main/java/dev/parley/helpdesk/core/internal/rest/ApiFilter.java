package dev.parley.helpdesk.core.internal.rest;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import dev.parley.helpdesk.api.http.ApiContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The {@code /api/*} filter, in the {@code parley.api} context and in the default one. It renders
 * whatever a servlet throws as problem+json. In the default context, where a plugin's servlet that
 * does not select {@link ApiContext} lands (and the API's own 404), it is also the guard: it runs
 * {@link ApiAccess} there, which the {@code parley.api} context already ran as its
 * {@code handleSecurity}. The authenticated principal (the token's name) is the request attribute
 * {@link #PRINCIPAL}, its role {@link #ROLE}.
 */
// async-capable so that streaming servlets under /api (Server-Sent Events) can go asynchronous behind it
@Component(service = Filter.class, property = {"osgi.http.whiteboard.filter.asyncSupported=true",
    "osgi.http.whiteboard.context.select=(|(osgi.http.whiteboard.context.name=default)"
            + ApiContext.SELECT + ")"})
@HttpWhiteboardFilterPattern("/api/*")
public final class ApiFilter implements Filter {

    public static final String PRINCIPAL = ApiAccess.PRINCIPAL;
    /** Request attribute: the caller's {@link dev.parley.helpdesk.core.internal.auth.Role} id. */
    public static final String ROLE = ApiAccess.ROLE;

    private final ApiAccess access;
    private final Problems problems = new Problems(ApiJson.newMapper());

    @Activate
    public ApiFilter(@Reference ApiAccess access) {
        this.access = access;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (!access.admitted(request) && !access.admit(request, response)) {
            return;
        }
        String instance = request.getRequestURI();
        try {
            chain.doFilter(request, response);
        } catch (ServletException e) {
            Throwable cause = e.getRootCause() != null ? e.getRootCause() : e;
            problems.write(response, problems.translate(cause, request.getMethod() + " " + instance), instance);
        } catch (RuntimeException | IOException e) {
            problems.write(response, problems.translate(e, request.getMethod() + " " + instance), instance);
        }
    }
}
