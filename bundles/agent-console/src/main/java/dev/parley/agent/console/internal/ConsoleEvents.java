package dev.parley.agent.console.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.helpdesk.api.TicketEvents;
import dev.parley.helpdesk.api.http.EventStream;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /agent/events}: the console's live stream (Server-Sent Events) for signed-in agents:
 * {@code ticket} events, one per host ticket event with its ids and facts, this node's and, on several
 * nodes, those relayed from the others ({@link TicketEvents#RELAYED_TOPIC_ALL}) (never message text: the
 * page reads what it shows through the REST API with the agent's token), and {@code presence}
 * events: who is viewing or typing on which ticket. {@code POST /agent/presence {"ticketId","typing"}}
 * says where the agent is (their page repeats it every 20 s; an entry not repeated for 45 s goes),
 * {@code GET /agent/presence} lists everyone. A session's stream closes when the session ends.
 * Writes happen on this component's thread, never on EventAdmin's.
 */
@Component(service = {Servlet.class, EventHandler.class},
        property = {EventConstants.EVENT_TOPIC + "=" + TicketEvents.TOPIC_ALL,
                EventConstants.EVENT_TOPIC + "=" + TicketEvents.RELAYED_TOPIC_ALL,
                HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED + "=true"})
@HttpWhiteboardServletPattern({"/agent/events", "/agent/presence"})
public final class ConsoleEvents extends HttpServlet implements EventHandler {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleEvents.class);
    static final long KEEP_ALIVE_SECONDS = 15;
    /** How far a browser may fall behind before its stream is cut off (it reconnects and reloads). */
    static final int MAX_BEHIND_BYTES = 256 * 1024;
    static final Duration PRESENCE_TTL = Duration.ofSeconds(45);

    /** Where one agent is: the ticket they look at (0: the queue) and whether they are typing a reply. */
    record Presence(String agent, long ticketId, boolean typing, Instant at) {
    }

    private record Stream(EventStream out, String sessionKey) {
    }

    private final transient Sessions sessions;
    private final transient Clock clock = Clock.systemUTC();
    private final transient Map<EventStream, Stream> streams = new ConcurrentHashMap<>();
    private final transient Map<String, Presence> presence = new ConcurrentHashMap<>();
    private final transient ScheduledExecutorService writer;
    private final transient java.util.function.Consumer<ConsoleSession> endListener = this::sessionEnded;

    @Activate
    public ConsoleEvents(@Reference Sessions sessions) {
        this.sessions = sessions;
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-console-events");
            t.setDaemon(true);
            return t;
        });
        writer.scheduleAtFixedRate(this::keepAlive, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        sessions.onEnd(endListener);
    }

    @Deactivate
    void deactivate() {
        sessions.removeOnEnd(endListener);
        writer.shutdownNow();
        streams.keySet().forEach(EventStream::close);
        streams.clear();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<ConsoleSession> session = sessions.find(req);
        if (session.isEmpty()) {
            Problems.signInAgain(req, resp);
            return;
        }
        boolean presencePath = req.getServletPath().equals("/agent/presence");
        if (presencePath && req.getMethod().equals("POST")) {
            if (!Sessions.csrfMatches(session.get(), req)) {
                SessionServlet.csrfRefused(req, resp);
                return;
            }
            here(session.get(), req, resp);
        } else if (presencePath && req.getMethod().equals("GET")) {
            Problems.json(resp, 200, Map.of("presence", current()));
        } else if (!presencePath && req.getMethod().equals("GET")) {
            open(session.get(), req, resp);
        } else {
            Problems.write(req, resp, 405, "Method Not Allowed", req.getMethod() + " is not supported here", Map.of());
        }
    }

    private void open(ConsoleSession session, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        EventStream stream = EventStream.open(req, resp, MAX_BEHIND_BYTES, streams::remove);
        streams.put(stream, new Stream(stream, session.key));
        stream.send("retry: 2000\n: connected\n\n");
    }

    private void here(ConsoleSession session, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        JsonNode body;
        try {
            body = Problems.JSON.readTree(req.getInputStream().readNBytes(1024));
        } catch (JsonProcessingException e) {
            body = null;
        }
        if (body == null || !body.isObject() || !body.path("ticketId").canConvertToLong()
                || body.path("ticketId").asLong() < 0 || !body.path("typing").isBoolean()) {
            Problems.write(req, resp, 400, "Bad Request", "the body is {\"ticketId\":<ticket id, 0 for the queue>,"
                    + "\"typing\":true|false}", Map.of());
            return;
        }
        Presence now = new Presence(session.name, body.get("ticketId").asLong(), body.get("typing").asBoolean(),
                clock.instant());
        Presence before = presence.put(session.key, now);
        if (before == null || before.ticketId() != now.ticketId() || before.typing() != now.typing()) {
            publish("presence", describe(now, false));
        }
        resp.setStatus(204);
    }

    private List<Map<String, Object>> current() {
        Instant cutoff = clock.instant().minus(PRESENCE_TTL);
        List<Map<String, Object>> list = new ArrayList<>();
        presence.values().stream().filter(p -> p.at().isAfter(cutoff)).forEach(p -> list.add(describe(p, false)));
        return list;
    }

    private static Map<String, Object> describe(Presence p, boolean gone) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("agent", p.agent());
        map.put("ticketId", p.ticketId());
        map.put("typing", p.typing() && !gone);
        map.put("gone", gone);
        map.put("at", p.at().toString());
        return map;
    }

    @Override
    public void handleEvent(Event event) {
        if (streams.isEmpty() || !(event.getProperty(TicketEvents.TICKET_ID) instanceof Long)) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        // the kind is the topic's last part, for this node's events and those relayed from the others alike
        data.put("kind", event.getTopic().substring(event.getTopic().lastIndexOf('/') + 1));
        put(data, "ticketId", event, TicketEvents.TICKET_ID);
        put(data, "version", event, TicketEvents.TICKET_VERSION);
        put(data, "status", event, TicketEvents.STATUS);
        put(data, "priority", event, TicketEvents.PRIORITY);
        put(data, "channel", event, TicketEvents.CHANNEL);
        put(data, "messageId", event, TicketEvents.MESSAGE_ID);
        put(data, "direction", event, TicketEvents.MESSAGE_DIRECTION);
        put(data, "visibility", event, TicketEvents.MESSAGE_VISIBILITY);
        put(data, "authorKind", event, TicketEvents.MESSAGE_AUTHOR_KIND);
        put(data, "delivery", event, TicketEvents.DELIVERY_STATE);
        if (event.getProperty(TicketEvents.CHANGES) instanceof String[] changes) {
            data.put("changes", List.of(changes));
        }
        publish("ticket", data);
    }

    private static void put(Map<String, Object> data, String name, Event event, String property) {
        Object value = event.getProperty(property);
        if (value != null) {
            data.put(name, value);
        }
    }

    private void publish(String type, Object data) {
        try {
            String frame = "event: " + type + "\ndata: " + Problems.JSON.writeValueAsString(data) + "\n\n";
            writer.execute(() -> broadcast(frame, null));
        } catch (JsonProcessingException e) {
            LOG.warn("Console event not written: {}", e.toString());
        } catch (RejectedExecutionException e) {
            // deactivating: the streams are closing anyway
        }
    }

    private void keepAlive() {
        Instant cutoff = clock.instant().minus(PRESENCE_TTL);
        presence.entrySet().removeIf(e -> {
            if (e.getValue().at().isBefore(cutoff)) {
                publish("presence", describe(e.getValue(), true));
                return true;
            }
            return false;
        });
        broadcast(": keep-alive\n\n", null);
    }

    private void broadcast(String frame, String onlySession) {
        for (Stream stream : streams.values()) {
            if (onlySession == null || onlySession.equals(stream.sessionKey())) {
                stream.out().send(frame); // one that cannot keep up is closed, and leaves the map by its onClose
            }
        }
    }

    private void sessionEnded(ConsoleSession session) {
        Presence gone = presence.remove(session.key);
        if (gone != null) {
            publish("presence", describe(gone, true));
        }
        try {
            writer.execute(() -> {
                broadcast("event: session-ended\ndata: {}\n\n", session.key);
                streams.values().stream().filter(s -> s.sessionKey().equals(session.key)).toList()
                        .forEach(s -> s.out().close());
            });
        } catch (RejectedExecutionException e) {
            // deactivating
        }
    }
}
