package dev.parley.sla.internal.rest;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.http.ApiContext;
import dev.parley.helpdesk.api.http.EventStream;
import dev.parley.sla.api.SlaEvents;
import dev.parley.sla.api.SlaService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/sla/stream}: Server-Sent Events of SLA changes. Each {@code parley/sla/*} event
 * becomes one SSE event ({@code changed}, {@code warning}, {@code breached}, {@code step}) whose data
 * is the ticket's status as in {@code /api/sla/tickets/{id}}; a comment every 15 seconds keeps
 * proxies from closing an idle stream. Events are prepared on the servlet's own thread, never on
 * EventAdmin's, and written without blocking ({@link EventStream}): a client more than {@value
 * #MAX_BEHIND_BYTES} bytes behind is cut off instead of holding up the others. Every open stream is
 * completed on deactivation.
 */
@Component(service = {Servlet.class, EventHandler.class},
        property = {EventConstants.EVENT_TOPIC + "=" + SlaEvents.TOPIC_ALL,
                HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED + "=true"})
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern("/api/sla/stream")
public final class SlaStreamServlet extends HttpServlet implements EventHandler {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SlaStreamServlet.class);
    static final long KEEP_ALIVE_SECONDS = 15;
    /** How far a client may fall behind before its stream is cut off (a few hundred events). */
    static final int MAX_BEHIND_BYTES = 256 * 1024;

    private final transient SlaService sla;
    private final transient TicketSubjects subjects;
    private final transient ObjectMapper json = new ObjectMapper();
    private final transient List<EventStream> streams = new CopyOnWriteArrayList<>();
    /** Per stream, whether its caller's token is still valid (set by the parley.api context). */
    private final transient Map<EventStream, BooleanSupplier> credentials = new ConcurrentHashMap<>();
    private final transient ScheduledExecutorService writer;
    private transient volatile boolean stopping;

    @Activate
    public SlaStreamServlet(@Reference SlaService sla, @Reference TicketService tickets) {
        this.sla = sla;
        this.subjects = new TicketSubjects(tickets);
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "parley-sla-stream"));
        writer.scheduleAtFixedRate(() -> {
            endRevoked();
            broadcast(": keep-alive\n\n");
        }, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        // no interrupt: publishing reads the database, and H2 closes it when a reading thread is interrupted
        stopping = true;
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (EventStream stream : streams) {
            stream.close();
        }
        streams.clear();
    }

    /** A revoked token's streams end at the next keep-alive: revocation reaches open streams too. */
    private void endRevoked() {
        credentials.forEach((stream, valid) -> {
            boolean ok;
            try {
                ok = valid.getAsBoolean();
            } catch (RuntimeException e) {
                ok = true; // cannot tell now (a store hiccup): asked again at the next keep-alive
            }
            if (!ok) {
                stream.close();
            }
        });
    }

    int openStreams() {
        return streams.size();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        EventStream stream = EventStream.open(req, resp, MAX_BEHIND_BYTES, closed -> {
            streams.remove(closed);
            credentials.remove(closed);
        });
        if (req.getAttribute(ApiContext.CREDENTIAL_VALID) instanceof BooleanSupplier valid) {
            credentials.put(stream, valid);
        }
        streams.add(stream);
        stream.send("retry: 2000\n: connected\n\n");
    }

    @Override
    public void handleEvent(Event event) {
        if (streams.isEmpty() || !(event.getProperty(SlaEvents.TICKET_ID) instanceof Long ticketId)) {
            return;
        }
        String name = event.getTopic().substring(SlaEvents.TOPIC_PREFIX.length()).toLowerCase(Locale.ROOT);
        try {
            writer.execute(() -> publish(name, ticketId, event));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // deactivating: the streams are being closed anyway
        }
    }

    private void publish(String name, long ticketId, Event event) {
        if (stopping) {
            return;
        }
        try {
            // the subject too, so a live view can show a new ticket without asking for it
            Map<String, Object> status = sla.status(ticketId)
                    .map(s -> SlaJson.ticket(s, subjects.of(ticketId).orElse(null)))
                    .orElseGet(() -> Map.of("ticketId", ticketId));
            Object data = event.getProperty(SlaEvents.TARGET) == null ? status
                    : Map.of("ticket", status, "target", event.getProperty(SlaEvents.TARGET),
                            "elapsedPercent", event.getProperty(SlaEvents.ELAPSED_PERCENT));
            broadcast("event: " + name + "\nid: " + System.currentTimeMillis() + "\ndata: "
                    + json.writeValueAsString(data) + "\n\n");
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("SLA stream could not publish {} of ticket {}", name, ticketId, e);
        }
    }

    private void broadcast(String frame) {
        for (EventStream stream : streams) {
            stream.send(frame); // one that cannot keep up is closed, and leaves the list by its onClose
        }
    }

}
