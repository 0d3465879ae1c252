package dev.parley.sla.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.TicketPage;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.sla.api.DeadlineSource;
import dev.parley.sla.api.SlaService;
import dev.parley.sla.api.SlaState;
import dev.parley.sla.api.SlaTarget;
import dev.parley.sla.api.TargetStatus;
import dev.parley.sla.api.TicketSla;
import dev.parley.sla.internal.policy.PolicyCatalog;
import dev.parley.sla.internal.store.SlaStore;
import dev.parley.sla.internal.CapturedOutput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class SlaServletTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:30:00Z");

    private final SlaService sla = mock(SlaService.class);
    private final SlaStore store = mock(SlaStore.class);
    private final TicketService tickets = mock(TicketService.class);
    private final SlaServlet servlet = SlaServlet.create(sla, PolicyCatalog.of(List.of(), List.of()), store,
            Clock.fixed(NOW, ZoneOffset.UTC), tickets);

    {
        when(tickets.query(any())).thenReturn(new TicketPage(List.of(), Optional.empty()));
    }

    private static TicketHead helpdeskTicket(long id, String subject) {
        return new TicketHead(id, subject, TicketStatus.NEW, Priority.NORMAL, "x", 1, Optional.empty(), Optional.empty(),
                Optional.empty(), NOW, NOW, 1);
    }

    private static TicketSla ticket(long id, String channel, Priority priority) {
        TargetStatus first = new TargetStatus(SlaTarget.FIRST_REPLY, 0, NOW.minusSeconds(1800),
                Optional.of(NOW.plusSeconds(1800)), Duration.ofMinutes(30), 50, SlaState.ON_TRACK,
                DeadlineSource.POLICY, Optional.empty());
        return new TicketSla(id, channel, Visibility.PRIVATE, priority, Optional.empty(), TicketStatus.NEW,
                "default-social", List.of(first), NOW);
    }

    private JsonNode get(String servletPath, String pathInfo, Map<String, String[]> params) throws Exception {
        HttpServletRequest req = mock(HttpServletRequest.class);
        when(req.getMethod()).thenReturn("GET");
        when(req.getServletPath()).thenReturn(servletPath);
        when(req.getPathInfo()).thenReturn(pathInfo);
        when(req.getRequestURI()).thenReturn(servletPath + (pathInfo == null ? "" : pathInfo));
        when(req.getParameterMap()).thenReturn(params);
        params.forEach((k, v) -> {
            when(req.getParameterValues(k)).thenReturn(v);
            when(req.getParameter(k)).thenReturn(v[0]);
        });
        HttpServletResponse resp = mock(HttpServletResponse.class);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        when(resp.getOutputStream()).thenReturn(new CapturedOutput(body));
        servlet.service(req, resp);
        return new ObjectMapper().readTree(body.toByteArray());
    }

    @Test
    void theQueueListsOpenTicketsFilteredByChannelAndPriority() throws Exception {
        when(sla.openTickets()).thenReturn(List.of(ticket(1, "x", Priority.NORMAL), ticket(2, "messenger",
                Priority.URGENT), ticket(3, "x", Priority.URGENT)));
        JsonNode all = get("/api/sla/tickets", null, Map.of());
        assertThat(all.get("tickets")).hasSize(3);
        JsonNode first = all.get("tickets").get(0).get("targets").get(0);
        assertThat(first.get("state").asText()).isEqualTo("ON_TRACK");
        assertThat(first.get("remainingSeconds").asLong()).isEqualTo(1800);
        assertThat(first.get("binding").asText()).isEqualTo("POLICY");
        assertThat(first.get("due").asText()).isEqualTo("2026-03-02T11:00:00Z");

        JsonNode filtered = get("/api/sla/tickets", null, Map.of("channel", new String[] {"x"}, "priority",
                new String[] {"urgent"}));
        assertThat(filtered.get("tickets")).singleElement().satisfies(t -> assertThat(t.get("ticketId").asLong())
                .isEqualTo(3));
    }

    private static TicketSla dueIn(long id, long seconds) {
        TargetStatus first = new TargetStatus(SlaTarget.FIRST_REPLY, 0, NOW.minusSeconds(60),
                Optional.of(NOW.plusSeconds(seconds)), Duration.ofSeconds(seconds), 50, SlaState.ON_TRACK,
                DeadlineSource.POLICY, Optional.empty());
        return new TicketSla(id, "x", Visibility.PUBLIC, Priority.NORMAL, Optional.empty(), TicketStatus.OPEN,
                "default-social", List.of(first), NOW);
    }

    private static TicketSla paused(long id) {
        TargetStatus first = new TargetStatus(SlaTarget.FIRST_REPLY, 0, NOW.minusSeconds(60), Optional.empty(),
                Duration.ofMinutes(5), 50, SlaState.PAUSED, DeadlineSource.POLICY, Optional.empty());
        return new TicketSla(id, "x", Visibility.PUBLIC, Priority.NORMAL, Optional.empty(), TicketStatus.PENDING,
                "default-social", List.of(first), NOW);
    }

    private List<Long> ids(JsonNode page) {
        List<Long> ids = new java.util.ArrayList<>();
        page.get("tickets").forEach(t -> ids.add(t.get("ticketId").asLong()));
        return ids;
    }

    @Test
    void theQueueComesInPagesThatTheCursorContinuesWhateverChangedBetween() throws Exception {
        // the engine's order: due first first, ties by id, tickets without a running target last
        when(sla.openTickets()).thenReturn(List.of(dueIn(5, 60), dueIn(2, 120), dueIn(9, 120), dueIn(1, 900),
                paused(3), paused(4)));
        JsonNode first = get("/api/sla/tickets", null, Map.of("limit", new String[] {"2"}));
        assertThat(ids(first)).containsExactly(5L, 2L);
        assertThat(first.get("total").asInt()).isEqualTo(6);
        String cursor = first.get("nextCursor").asText();

        // ticket 5 was answered and ticket 7 arrived in between: the next page starts after ticket 2 all the same
        when(sla.openTickets()).thenReturn(List.of(dueIn(2, 120), dueIn(9, 120), dueIn(1, 900), dueIn(7, 1800),
                paused(3), paused(4)));
        JsonNode second = get("/api/sla/tickets", null, Map.of("limit", new String[] {"3"}, "cursor",
                new String[] {cursor}));
        assertThat(ids(second)).containsExactly(9L, 1L, 7L);
        JsonNode last = get("/api/sla/tickets", null, Map.of("limit", new String[] {"3"}, "cursor",
                new String[] {second.get("nextCursor").asText()}));
        assertThat(ids(last)).containsExactly(3L, 4L);
        assertThat(last.get("nextCursor").isNull()).isTrue();
        // a cursor past a ticket without a running target continues by id among those
        JsonNode afterPaused = get("/api/sla/tickets", null, Map.of("limit", new String[] {"1"}, "cursor",
                new String[] {get("/api/sla/tickets", null, Map.of("limit", new String[] {"5"})).get("nextCursor")
                        .asText()}));
        assertThat(ids(afterPaused)).containsExactly(4L);
    }

    @Test
    void theQueueHasADefaultPageAndRefusesLimitsAndCursorsItDidNotOffer() throws Exception {
        List<TicketSla> many = new java.util.ArrayList<>();
        for (int i = 1; i <= SlaServlet.DEFAULT_LIMIT + 5; i++) {
            many.add(dueIn(i, i));
        }
        when(sla.openTickets()).thenReturn(many);
        JsonNode page = get("/api/sla/tickets", null, Map.of());
        assertThat(page.get("tickets")).hasSize(SlaServlet.DEFAULT_LIMIT);
        assertThat(page.get("total").asInt()).isEqualTo(SlaServlet.DEFAULT_LIMIT + 5);
        assertThat(get("/api/sla/tickets", null, Map.of("limit", new String[] {"1000"})).get("tickets"))
                .hasSize(SlaServlet.DEFAULT_LIMIT + 5);
        // subjects are read for the page, not for every open ticket
        verify(store, never()).subjects(org.mockito.ArgumentMatchers.argThat(ids -> ids.size() > SlaServlet.MAX_LIMIT));

        for (String limit : List.of("0", "-1", "1001", "4294967297", "ten", "")) {
            assertThatThrownBy(() -> get("/api/sla/tickets", null, Map.of("limit", new String[] {limit})))
                    .isInstanceOf(ProblemException.class).hasMessageContaining("'limit'")
                    .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400));
        }
        String foreign = java.util.Base64.getUrlEncoder().encodeToString("t:42".getBytes());
        for (String cursor : List.of("%%%", foreign, "cTE6eDox", "cTE6MS45OTk5OTk5OTk5OTk5OjI")) {
            assertThatThrownBy(() -> get("/api/sla/tickets", null, Map.of("cursor", new String[] {cursor})))
                    .isInstanceOf(ProblemException.class).hasMessageContaining("cursor")
                    .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400));
        }
    }

    @Test
    void oneTicketOrAProblem() throws Exception {
        when(sla.status(7)).thenReturn(Optional.of(ticket(7, "x", Priority.HIGH)));
        assertThat(get("/api/sla/tickets", "/7", Map.of()).get("policy").asText()).isEqualTo("default-social");
        assertThatThrownBy(() -> get("/api/sla/tickets", "/8", Map.of())).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(404));
        assertThatThrownBy(() -> get("/api/sla/tickets", "/abc", Map.of())).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400));
        assertThatThrownBy(() -> get("/api/sla/tickets", null, Map.of("sort", new String[] {"x"})))
                .hasMessageContaining("unknown query parameter");
    }

    @Test
    void policiesAndStats() throws Exception {
        JsonNode policies = get("/api/sla/policies", null, Map.of());
        assertThat(policies.get("policies").findValuesAsText("name")).contains("default-urgent", "default-social");
        assertThat(policies.get("calendars").get(0).get("id").asText()).isEqualTo("24x7");
        when(store.createdSince(NOW.minus(Duration.ofDays(30)))).thenReturn(List.of());
        assertThat(get("/api/sla/stats", null, Map.of()).get("channels")).isEmpty();
    }

    @Test
    void theQueueAndOneTicketCarryTheSubjectAfterTheUnchangedFields() throws Exception {
        when(sla.openTickets()).thenReturn(List.of(ticket(1, "x", Priority.NORMAL), ticket(2, "x", Priority.NORMAL),
                ticket(3, "x", Priority.NORMAL)));
        // subjects come from the SLA store in one read; ticket 2's row predates them and is looked up,
        // ticket 3 has none anywhere (closed meanwhile)
        when(store.subjects(any())).thenReturn(Map.of(1L, "Refund please"));
        when(tickets.head(2)).thenReturn(Optional.of(helpdeskTicket(2, "<img src=x onerror=alert(1)>")));

        JsonNode queue = get("/api/sla/tickets", null, Map.of()).get("tickets");
        assertThat(queue.get(0).get("subject").asText()).isEqualTo("Refund please");
        assertThat(queue.get(1).get("subject").asText()).isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(queue.get(2).get("subject").isNull()).isTrue();
        verify(tickets, never()).query(any());
        verify(tickets, never()).get(anyLong()); // a subject is one row, not a whole conversation
        assertThat(queue.get(0).fieldNames()).toIterable().containsExactly("ticketId", "channel", "visibility",
                "priority", "group", "ticketStatus", "policy", "nextDue", "targets", "computedAt", "subject");

        when(sla.status(2)).thenReturn(Optional.of(ticket(2, "x", Priority.NORMAL)));
        when(tickets.head(2)).thenReturn(Optional.of(helpdeskTicket(2, "Where is my order?")));
        assertThat(get("/api/sla/tickets", "/2", Map.of()).get("subject").asText()).isEqualTo("Where is my order?");
    }
}
