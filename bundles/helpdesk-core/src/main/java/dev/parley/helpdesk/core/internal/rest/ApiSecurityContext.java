package dev.parley.helpdesk.core.internal.rest;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

import dev.parley.helpdesk.api.http.ApiContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The {@link ApiContext} ({@code parley.api}) that every {@code /api} servlet joins. Its
 * {@code handleSecurity} runs {@link ApiAccess} before any filter or servlet of the context, and
 * the context exists only while {@link ApiAccess} does: the whiteboard does not serve a servlet
 * whose context is missing, so at start, and while the access settings are away, an {@code /api}
 * servlet answers nobody, rather than answering before the {@code /api} filter is registered.
 * It sits at {@code /} beside the default context and is consulted first; a path none of its
 * servlets serves falls through to the default context (the API's 404, plugins' servlets that do
 * not select it), where the {@link ApiFilter} guards.
 */
@Component(service = ServletContextHelper.class)
@HttpWhiteboardContext(name = ApiContext.NAME, path = "/")
public final class ApiSecurityContext extends ServletContextHelper {

    private final ApiAccess access;

    @Activate
    public ApiSecurityContext(@Reference ApiAccess access) {
        this.access = access;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return access.admit(request, response);
    }
}
