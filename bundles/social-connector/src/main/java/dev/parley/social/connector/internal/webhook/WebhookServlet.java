package dev.parley.social.connector.internal.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.social.api.DeliveryPart;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.SocialInbox;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.WebhookReply;
import dev.parley.social.api.WebhookRequest;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.AccountHealth;
import dev.parley.social.connector.internal.account.ConfiguredAccount;
import dev.parley.social.kit.tickets.StoreErrors;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET|POST /webhooks/<platform>/<account>}, unauthenticated (the platform's signature is
 * the authentication). GET answers the platform's verification; POST checks the signature over
 * the raw bytes with the secret of the account in the URL (the app it was posted to), routes each
 * event to the configured account its platform id names (several Pages or users of one app share
 * one URL; only accounts with the same secrets qualify; events for unconfigured accounts are
 * counted in {@link dev.parley.social.connector.internal.account.UnroutedEvents} and acknowledged),
 * normalizes the events and commits them to the inbox in the shared database (with the
 * deliveries arriving at the same moment), and only then answers 200, so an acknowledged event is never lost. Refusals: 401 bad signature (nothing stored), 400 not the
 * platform's JSON, 404 unknown account or platform plugin not installed, 413 body too large, 503 store unavailable (the platform
 * redelivers). The thread never waits on a platform or on ticket processing.
 */
@Component(service = Servlet.class, configurationPid = WebhookConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletPattern("/webhooks/*")
@Designate(ocd = WebhookConfig.class)
public final class WebhookServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServlet.class);

    private final transient AccountDirectory directory;
    private final transient SocialInbox inbox;
    private final transient Clock clock;
    private final int maxBodyBytes;

    @Activate
    public WebhookServlet(@Reference AccountDirectory directory, @Reference SocialInbox inbox, WebhookConfig config) {
        this(directory, inbox, config.maxBodyBytes(), Clock.systemUTC());
    }

    public WebhookServlet(AccountDirectory directory, SocialInbox inbox, int maxBodyBytes, Clock clock) {
        this.directory = directory;
        this.inbox = inbox;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String instance = req.getRequestURI();
        String[] path = req.getPathInfo() == null ? new String[0]
                : Arrays.stream(req.getPathInfo().split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        if (path.length != 2) {
            WebhookProblems.write(resp, 404, "Not Found", "webhook URLs are /webhooks/<platform>/<account>", instance);
            return;
        }
        Optional<ConfiguredAccount> account = directory.account(path[1]).filter(a -> a.account().platform().equals(path[0]));
        if (account.isEmpty()) {
            WebhookProblems.write(resp, 404, "Not Found", "no " + path[0] + " account named '" + path[1]
                    + "' is configured", instance);
            return;
        }
        Optional<SocialPlatform> platform = directory.platform(path[0]);
        if (platform.isEmpty()) {
            // its plugin is removed (or being updated): nothing here can verify the delivery, so it is not ours to take
            WebhookProblems.write(resp, 404, "Not Found", "the " + path[0] + " platform plugin is not installed "
                    + "or not running; nothing was stored", instance);
            return;
        }
        try {
            dispatch(req, resp, account.get(), platform.get(), instance);
        } catch (MalformedQueryException e) {
            WebhookProblems.write(resp, 400, "Bad Request", e.getMessage(), instance);
        }
    }

    private void dispatch(HttpServletRequest req, HttpServletResponse resp, ConfiguredAccount account,
            SocialPlatform platform, String instance) throws IOException {
        switch (req.getMethod()) {
            case "GET" -> challenge(req, resp, account, platform, instance);
            case "POST" -> receive(req, resp, account, platform, instance);
            default -> {
                resp.setHeader("Allow", "GET, POST");
                WebhookProblems.write(resp, 405, "Method Not Allowed", req.getMethod() + " is not supported; "
                        + "platforms verify with GET and deliver with POST", instance);
            }
        }
    }

    private void challenge(HttpServletRequest req, HttpServletResponse resp, ConfiguredAccount account,
            SocialPlatform platform, String instance) throws IOException {
        WebhookRequest verification = request(req, new byte[0]); // a malformed query is refused as such, above
        WebhookReply reply;
        try {
            reply = platform.challenge(account.account(), verification);
        } catch (RuntimeException e) {
            LOG.debug("Webhook verification for {} could not be read", account.name(), e);
            WebhookProblems.write(resp, 400, "Bad Request", "the verification request is not in the shape the "
                    + "platform sends", instance);
            return;
        }
        if (reply.status() >= 400) {
            LOG.debug("Webhook verification for {} refused: {}", account.name(), reply.status());
            WebhookProblems.write(resp, reply.status(), reply.status() == 403 ? "Forbidden" : "Bad Request",
                    reply.bodyText(), instance);
            return;
        }
        resp.setStatus(reply.status());
        resp.setContentType(reply.contentType());
        resp.setContentLength(reply.body().length);
        resp.getOutputStream().write(reply.body());
    }

    private void receive(HttpServletRequest req, HttpServletResponse resp, ConfiguredAccount account,
            SocialPlatform platform, String instance) throws IOException {
        AccountHealth health = directory.health(account.name());
        Optional<byte[]> body = readBody(req);
        if (body.isEmpty()) {
            WebhookProblems.write(resp, 413, "Content Too Large", "webhook bodies are limited to " + maxBodyBytes
                    + " bytes", instance);
            return;
        }
        WebhookRequest request = request(req, body.get());
        if (!platform.verify(account.account(), request)) {
            health.signatureRefused(clock.instant());
            LOG.debug("Webhook for {} refused: bad or missing signature", account.name());
            WebhookProblems.write(resp, 401, "Unauthorized", "the webhook signature is missing or does not match "
                    + "the body; nothing was stored", instance);
            return;
        }
        List<InboundMessage> messages = new ArrayList<>();
        Map<String, Integer> unrouted = new LinkedHashMap<>();
        try {
            for (DeliveryPart part : platform.split(account.account(), body.get())) {
                Optional<ConfiguredAccount> target = directory.route(account, part.accountId());
                // an unknown account's events are parsed too: a malformed delivery is refused whole, and counted
                List<InboundMessage> parsed = platform.parse(target.orElse(account).account(), part.body());
                if (target.isPresent()) {
                    messages.addAll(parsed);
                } else if (!parsed.isEmpty()) {
                    unrouted.merge(part.accountId(), parsed.size(), Integer::sum);
                }
            }
        } catch (MalformedEventException e) {
            health.malformed(clock.instant(), e.getMessage());
            WebhookProblems.write(resp, 400, "Bad Request", e.getMessage(), instance);
            return;
        } catch (RuntimeException e) {
            // a platform's parser that trips over a signed but unexpected payload: still the sender's data, a 400
            // the exception's message may quote the payload (NumberFormatException: For input string "..."):
            // only its type and where it was thrown are shown, the whole of it at DEBUG
            String where = e.getClass().getName() + (e.getStackTrace().length == 0 ? ""
                    : " at " + e.getStackTrace()[0].getClassName() + ":" + e.getStackTrace()[0].getLineNumber());
            health.malformed(clock.instant(), where);
            LOG.warn("Webhook for {}: the {} parser could not read a signed delivery: {}", account.name(),
                    account.account().platform(), where);
            LOG.debug("Webhook for {}: parser failure", account.name(), e);
            WebhookProblems.write(resp, 400, "Bad Request", "the delivery is not in the shape the platform sends; "
                    + "nothing was stored", instance);
            return;
        }
        try {
            inbox.accept(messages);
        } catch (RuntimeException e) {
            String reason = StoreErrors.loggable(e);
            health.storeFailed(clock.instant(), reason);
            LOG.error("Webhook for {}: storing {} events failed ({}); answering 503 so the platform redelivers",
                    account.name(), messages.size(), reason);
            LOG.debug("Webhook for {}: store failure", account.name(), e);
            WebhookProblems.write(resp, 503, "Service Unavailable", "the events could not be stored; "
                    + "deliver them again later", instance);
            return;
        }
        // acknowledged like the others: the platform would otherwise redeliver them for days
        unrouted.forEach((id, count) -> directory.unrouted().seen(account.account().platform(), id, account.name(), count,
                clock.instant()));
        LOG.debug("Webhook for {}: {} events accepted, {} for unconfigured accounts", account.name(), messages.size(),
                unrouted.size());
        byte[] answer = ("{\"received\":" + messages.size() + (unrouted.isEmpty() ? "" : ",\"unrouted\":"
                + unrouted.values().stream().mapToInt(Integer::intValue).sum()) + "}").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setContentLength(answer.length);
        resp.getOutputStream().write(answer);
    }

    /** The body, or empty when it is larger than allowed (by its declared length or by what arrives). */
    private Optional<byte[]> readBody(HttpServletRequest req) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > maxBodyBytes) {
            return Optional.empty();
        }
        try (InputStream in = req.getInputStream()) {
            if (declared >= 0) {
                // exactly that many bytes: readNBytes(max) would fill 16 KB chunks and copy them for every webhook
                byte[] body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                return Optional.of(read == body.length ? body : Arrays.copyOf(body, read));
            }
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            return body.length > maxBodyBytes ? Optional.empty() : Optional.of(body);
        }
    }

    private static WebhookRequest request(HttpServletRequest req, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.putIfAbsent(name, req.getHeader(name));
        }
        return new WebhookRequest(req.getMethod(), query(req.getQueryString()), headers, body);
    }

    /** Query parameters from the query string only: getParameter() would consume a form-encoded body. */
    static Map<String, String> query(String queryString) {
        Map<String, String> params = new HashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return params;
        }
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedQueryException("the query string has a malformed %-escape");
        }
    }

    /** A query string that cannot be decoded: the caller's mistake, answered 400. */
    static final class MalformedQueryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedQueryException(String message) {
            super(message, null, false, false);
        }
    }
}
