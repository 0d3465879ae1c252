package dev.parley.social.connector.internal.rest;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.parley.helpdesk.api.http.ApiContext;
import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.AccountHealth;
import dev.parley.social.connector.internal.account.ConfiguredAccount;
import dev.parley.social.connector.internal.account.SendHealth;
import dev.parley.social.connector.internal.account.UnroutedEvents;
import dev.parley.social.connector.internal.inbox.AccountActivity;
import dev.parley.social.connector.internal.inbox.JdbcSocialInbox;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/social/accounts[/{name}]}: each configured account with its health (last event,
 * events today (UTC), pending and parked events, errors, polling state and rate limit), and
 * {@code unrouted}: the platform account ids events arrived for that no account is configured for.
 * Secrets are never returned: only whether each one is set.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern({"/api/social/accounts", "/api/social/accounts/*"})
public final class AccountsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient AccountDirectory directory;
    private final transient JdbcSocialInbox inbox;
    private final transient Clock clock;

    @Activate
    public AccountsServlet(@Reference AccountDirectory directory, @Reference JdbcSocialInbox inbox) {
        this(directory, inbox, Clock.systemUTC());
    }

    AccountsServlet(AccountDirectory directory, JdbcSocialInbox inbox, Clock clock) {
        this.directory = directory;
        this.inbox = inbox;
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] path = RestJson.segments(req.getPathInfo());
        if (path.length == 0) {
            RestJson.send(resp, 200, Map.of("accounts", directory.accounts().stream().map(this::describe).toList(),
                    "unrouted", directory.unrouted().all().stream().map(AccountsServlet::unrouted).toList()));
        } else if (path.length == 1) {
            ConfiguredAccount account = directory.account(path[0]).orElseThrow(
                    () -> ProblemException.notFound("no social account named '" + path[0] + "' is configured"));
            RestJson.send(resp, 200, describe(account));
        } else {
            throw ProblemException.notFound("no resource at " + req.getRequestURI());
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException,
            jakarta.servlet.ServletException {
        if (!req.getMethod().equals("GET")) {
            throw RestJson.notAllowed(req.getMethod(), "GET");
        }
        super.service(req, resp);
    }

    Map<String, Object> describe(ConfiguredAccount configured) {
        SocialAccount a = configured.account();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", a.name());
        body.put("platform", a.platform());
        body.put("accountId", a.accountId());
        body.put("handle", a.handle().orElse(null));
        body.put("mode", a.mode().name().toLowerCase(Locale.ROOT));
        body.put("apiBaseUrl", a.apiBaseUrl().orElse(null));
        body.put("webhookPath", "/webhooks/" + a.platform() + "/" + a.name());
        body.put("pollIntervalSeconds", configured.pollInterval().toSeconds());
        body.put("platformAvailable", directory.platform(a.platform()).isPresent());
        body.put("problems", configured.problems());
        Map<String, Object> secrets = new LinkedHashMap<>();
        secrets.put("consumerSecret", a.consumerSecret().isPresent());
        secrets.put("appSecret", a.appSecret().isPresent());
        secrets.put("verifyToken", a.verifyToken().isPresent());
        secrets.put("accessToken", a.accessToken().isPresent());
        secrets.put("consumerKey", a.consumerKey().isPresent());
        secrets.put("accessTokenSecret", a.accessTokenSecret().isPresent());
        body.put("secretsSet", secrets);
        body.put("health", health(a.name()));
        return body;
    }

    private Map<String, Object> health(String name) {
        AccountHealth h = directory.health(name);
        AccountActivity activity = inbox.activity(name,
                LocalDate.now(clock.withZone(ZoneOffset.UTC)).atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<String, Object> body = new LinkedHashMap<>();
        SendHealth sending = h.sending();
        body.put("status", !directory.account(name).map(a -> a.problems().isEmpty()).orElse(false) ? "MISCONFIGURED"
                : sending.degraded().isPresent() ? "DEGRADED"
                : h.pollingState() == AccountHealth.PollingState.FAILING ? "FAILING" : "OK");
        body.put("lastEventAt", RestJson.time(activity.lastEventAt()));
        body.put("eventsToday", activity.eventsSince());
        body.put("pendingEvents", activity.pending());
        body.put("parkedEvents", activity.parked());
        body.put("errors", h.errors());
        body.put("signatureFailures", h.signatureFailures());
        body.put("malformedBodies", h.malformedBodies());
        body.put("pollFailures", h.pollFailures());
        body.put("storeFailures", h.storeFailures());
        body.put("lastError", h.lastError().map(AccountsServlet::failure).orElse(null));
        Map<String, Object> polling = new LinkedHashMap<>();
        polling.put("state", h.pollingState().name());
        polling.put("lastPollAt", RestJson.time(h.lastPollAt()));
        polling.put("nextPollAt", RestJson.time(h.nextPollAt()));
        polling.put("rateLimit", h.rateLimit().map(r -> {
            Map<String, Object> limit = new LinkedHashMap<>();
            limit.put("limit", r.limit());
            limit.put("remaining", r.remaining());
            limit.put("resetAt", r.resetAt().toString());
            return limit;
        }).orElse(null));
        body.put("polling", polling);
        Map<String, Object> outbound = new LinkedHashMap<>();
        outbound.put("sent", sending.sentCount());
        outbound.put("failed", sending.failedCount());
        outbound.put("retried", sending.retriedCount());
        outbound.put("lastSentAt", RestJson.time(sending.lastSentAt()));
        outbound.put("degraded", sending.degraded().map(AccountsServlet::failure).orElse(null));
        outbound.put("lastFailure", sending.lastFailure().map(AccountsServlet::failure).orElse(null));
        body.put("sending", outbound);
        return body;
    }

    private static Map<String, Object> unrouted(UnroutedEvents.Unrouted u) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", u.accountId());
        body.put("platform", u.platform());
        body.put("lastSeenAt", u.lastSeenAt().toString());
        body.put("count", u.count());
        return body;
    }

    private static Map<String, Object> failure(AccountHealth.Failure f) {
        return Map.of("at", f.at().toString(), "message", f.message());
    }
}
