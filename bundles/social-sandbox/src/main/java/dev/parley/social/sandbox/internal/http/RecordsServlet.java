package dev.parley.social.sandbox.internal.http;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.parley.social.sandbox.internal.SocialSandbox;
import dev.parley.social.sandbox.internal.wire.Platform;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What tests read back: {@code /sandbox/api/sent} (every write call the simulated APIs received,
 * {@code ?platform=x|meta}), {@code /sandbox/api/deliveries} (webhook outcomes, {@code ?messageId=}),
 * both cleared with DELETE; {@code GET /sandbox/api/accounts}; {@code POST /sandbox/api/reset}
 * forgets everything; {@code POST /sandbox/api/webhook-checks?platform=x|meta} runs the platform's
 * subscription handshake against the connector.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/sandbox/api/sent", "/sandbox/api/deliveries", "/sandbox/api/accounts",
        "/sandbox/api/reset", "/sandbox/api/webhook-checks"})
public final class RecordsServlet extends SandboxServlet {
    private static final long serialVersionUID = 1L;

    private final transient SocialSandbox sandbox;

    @Activate
    public RecordsServlet(@Reference(target = SocialSandbox.ENABLED) SocialSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String resource = req.getServletPath().substring("/sandbox/api/".length());
        String method = req.getMethod();
        switch (resource + " " + method) {
            case "sent GET" -> send(resp, 200, Map.of("sent", sandbox.sent().list(param(req, "platform")
                    .map(p -> platform(p)))));
            case "sent DELETE" -> {
                sandbox.sent().clear();
                resp.setStatus(204);
            }
            case "deliveries GET" -> send(resp, 200, Map.of("deliveries",
                    sandbox.deliveries().list(param(req, "messageId"))));
            case "deliveries DELETE" -> {
                sandbox.deliveries().clear();
                resp.setStatus(204);
            }
            case "accounts GET" -> send(resp, 200, sandbox.accounts());
            case "reset POST" -> {
                sandbox.reset();
                resp.setStatus(204);
            }
            case "webhook-checks POST" -> send(resp, 200, sandbox.checkWebhook(platform(param(req, "platform")
                    .orElseThrow(() -> SandboxProblem.badRequest("platform", "query parameter platform is required")))));
            default -> throw SandboxProblem.notAllowed(method, switch (resource) {
                case "sent", "deliveries" -> "GET, DELETE";
                case "accounts" -> "GET";
                default -> "POST";
            });
        }
    }

    private static Platform platform(String key) {
        return Platform.of(key.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> SandboxProblem.badRequest("platform", "platform must be x, meta or whatsapp, not '" + key + "'"));
    }
}
