package dev.parley.helpdesk.core.internal.plugins;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.http.ApiContext;
import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.helpdesk.core.internal.rest.ApiJson;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/plugins}: list the plugins with version, state and health ({@code GET}), install one
 * ({@code POST {"location"}}), update one of its bundles with automatic rollback ({@code POST
 * /api/plugins/{name}/update {"location","bundle"}}), remove one ({@code DELETE
 * /api/plugins/{name}}). The host's /api filter authenticates and renders errors.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern({"/api/plugins", "/api/plugins/*"})
public final class PluginsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Plugins plugins;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public PluginsServlet(@Reference Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            route(req, resp);
        } catch (PluginLocations.BadLocation e) {
            throw new ProblemException(400, "Bad Request", e.getMessage(), null, Map.of("field", "location"));
        } catch (java.io.FileNotFoundException | java.net.UnknownHostException e) {
            throw new ProblemException(422, "Plugin not changed", "cannot read the plugin from there: " + e.getMessage(),
                    null, Map.of("field", "location"));
        } catch (IOException e) {
            if (resp.isCommitted()) {
                throw e;
            }
            throw new ProblemException(422, "Plugin not changed", "cannot read the plugin: " + e.getMessage(), null,
                    Map.of("field", "location"));
        }
    }

    private void route(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] path = req.getPathInfo() == null ? new String[0]
                : Arrays.stream(req.getPathInfo().split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        String method = req.getMethod();
        if (path.length == 0 && method.equals("GET")) {
            send(resp, 200, Map.of("plugins", plugins.list()));
        } else if (path.length == 0 && method.equals("POST")) {
            outcome(resp, plugins.install(field(body(req), "location")), 201);
        } else if (path.length == 1 && method.equals("GET")) {
            send(resp, 200, plugins.find(path[0]).orElseThrow(() -> notFound(path[0])));
        } else if (path.length == 1 && method.equals("DELETE")) {
            try {
                send(resp, 200, Map.of("message", plugins.uninstall(path[0]).orElseThrow(() -> notFound(path[0]))));
            } catch (BundleException e) {
                throw ProblemException.conflict("cannot uninstall " + path[0] + ": " + e.getMessage());
            }
        } else if (path.length == 2 && path[1].equals("update") && method.equals("POST")) {
            PluginView plugin = plugins.find(path[0]).orElseThrow(() -> notFound(path[0]));
            JsonNode body = body(req);
            String bundle = body.hasNonNull("bundle") ? body.get("bundle").asText() : only(plugin);
            if (plugin.bundles().stream().noneMatch(b -> b.symbolicName().equals(bundle))) {
                throw new ProblemException(400, "Bad Request", "bundle '" + bundle + "' is not part of plugin "
                        + plugin.name(), null, Map.of("field", "bundle"));
            }
            outcome(resp, plugins.update(bundle, field(body, "location")), 200);
        } else {
            throw ProblemException.notFound("no resource at " + req.getMethod() + " " + req.getRequestURI()
                    + "; see GET /api/plugins");
        }
    }

    private void outcome(HttpServletResponse resp, Plugins.Outcome outcome, int okStatus) throws IOException {
        if (!outcome.ok()) {
            throw new ProblemException(422, "Plugin not changed", outcome.message(), null, Map.of());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", outcome.message());
        body.put("plugin", outcome.plugin().orElse(null));
        send(resp, okStatus, body);
    }

    private static String only(PluginView plugin) {
        if (plugin.bundles().size() != 1) {
            throw new ProblemException(400, "Bad Request", "plugin " + plugin.name() + " has " + plugin.bundles().size()
                    + " bundles; name the one to update in 'bundle'", null, Map.of("field", "bundle"));
        }
        return plugin.bundles().get(0).symbolicName();
    }

    private JsonNode body(HttpServletRequest req) throws IOException {
        JsonNode body = json.readTree(req.getInputStream());
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("the body must be a JSON object with a 'location'");
        }
        return body;
    }

    private static String field(JsonNode body, String name) {
        if (!body.hasNonNull(name) || body.get(name).asText().isBlank()) {
            throw new ProblemException(400, "Bad Request", "field '" + name + "' is required (mvn:group/artifact/"
                    + "version, file:… or https://…)", null, Map.of("field", name));
        }
        return body.get(name).asText().strip();
    }

    private static ProblemException notFound(String name) {
        return ProblemException.notFound("no plugin '" + name + "'; GET /api/plugins lists them");
    }

    private void send(HttpServletResponse resp, int status, Object body) throws IOException {
        ApiJson.send(json, resp, status, body);
    }
}
