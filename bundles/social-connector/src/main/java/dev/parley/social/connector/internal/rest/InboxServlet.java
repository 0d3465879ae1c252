package dev.parley.social.connector.internal.rest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.parley.helpdesk.api.http.ApiContext;
import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.social.api.InboxCounts;
import dev.parley.social.api.InboxEvent;
import dev.parley.social.api.InboxState;
import dev.parley.social.api.SocialInbox;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/social/inbox}: counts per state, the kinds acknowledged and ignored (per raw type) and the parked events ({@code GET}, {@code
 * ?limit=} up to 500), one event ({@code GET /{id}}), replay of one parked event ({@code POST
 * /{id}/replay}) or of all ({@code POST /replay}). Auth and problem rendering come from the host's
 * /api filter.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern({"/api/social/inbox", "/api/social/inbox/*"})
public final class InboxServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_LIMIT = 500;

    /**
     * The ignored counts walk the inbox's UNSUPPORTED rows (no index: every index costs on the
     * webhook's ack path) and dashboards poll this overview, so they are read at most this often.
     */
    static final long IGNORED_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);

    private record IgnoredCounts(long readAt, Map<String, Long> counts) {
    }

    private final transient SocialInbox inbox;
    private transient volatile IgnoredCounts ignored;

    @Activate
    public InboxServlet(@Reference SocialInbox inbox) {
        this.inbox = inbox;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] path = RestJson.segments(req.getPathInfo());
        String method = req.getMethod();
        if (path.length == 0) {
            if (!method.equals("GET")) {
                throw RestJson.notAllowed(method, "GET");
            }
            overview(req, resp);
        } else if (path.length == 1 && path[0].equals("replay")) {
            if (!method.equals("POST")) {
                throw RestJson.notAllowed(method, "POST");
            }
            RestJson.send(resp, 200, Map.of("replayed", inbox.replayParked()));
        } else if (path.length == 1) {
            if (!method.equals("GET")) {
                throw RestJson.notAllowed(method, "GET");
            }
            long id = eventId(path[0]);
            RestJson.send(resp, 200, RestJson.event(inbox.get(id).orElseThrow(() -> missing(id))));
        } else if (path.length == 2 && path[1].equals("replay")) {
            if (!method.equals("POST")) {
                throw RestJson.notAllowed(method, "POST");
            }
            replay(eventId(path[0]), resp);
        } else {
            throw ProblemException.notFound("no resource at " + req.getRequestURI());
        }
    }

    private void overview(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int limit = limit(req.getParameter("limit"));
        InboxCounts counts = inbox.counts();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pending", counts.pending());
        body.put("processing", counts.claimed());
        body.put("parked", counts.parked());
        body.put("done", counts.done());
        body.put("ignored", ignoredCounts());
        body.put("parkedEvents", inbox.parked(limit).stream().map(RestJson::event).toList());
        RestJson.send(resp, 200, body);
    }

    private Map<String, Long> ignoredCounts() {
        IgnoredCounts last = ignored;
        long now = System.nanoTime();
        if (last == null || now - last.readAt() > IGNORED_REFRESH_NANOS) {
            last = new IgnoredCounts(now, inbox.ignoredCounts());
            ignored = last;
        }
        return last.counts();
    }

    private void replay(long id, HttpServletResponse resp) throws IOException {
        InboxEvent event = inbox.get(id).orElseThrow(() -> missing(id));
        if (event.state() != InboxState.PARKED) {
            throw ProblemException.conflict("inbox event " + id + " is " + event.state() + "; only PARKED events "
                    + "can be replayed");
        }
        if (!inbox.replay(id)) {
            throw ProblemException.conflict("inbox event " + id + " was replayed or changed meanwhile");
        }
        RestJson.send(resp, 200, RestJson.event(inbox.get(id).orElseThrow(() -> missing(id))));
    }

    private static ProblemException missing(long id) {
        return ProblemException.notFound("inbox event " + id + " does not exist (handled events are deleted after "
                + "their retention)");
    }

    private static long eventId(String segment) {
        try {
            return Long.parseLong(segment);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("no inbox event '" + segment + "': event ids are numbers");
        }
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(400, "Bad Request", "query parameter 'limit' must be a number from 1 to " + MAX_LIMIT
                + ", not '" + value + "'", null, Map.of("field", "limit"));
    }
}
