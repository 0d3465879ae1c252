package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.CustomerService;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketEvents;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketUpdate;
import dev.parley.helpdesk.api.Visibility;

/** The host's REST API and events in a real Felix, over real HTTP, on the file database. */
@RunWith(PaxExam.class)
public class TicketApiIT extends ParleyTestSupport {

    @Inject
    private TicketService tickets;

    @Inject
    private CustomerService customers;

    @Test
    public void restCreateReadReplyRoundTripNeedsTheToken() {
        ApiClient api = api();
        ApiClient.Reply created = api.post("/api/tickets", "{\"subject\":\"My bag is lost\","
                + "\"requester\":{\"name\":\"Ann\",\"email\":\"ann@example.com\"},\"description\":\"LH123\"}");
        assertEquals(created.body(), 201, created.status());
        long id = created.json().get("id").asLong();
        assertEquals("NEW", created.json().get("status").asText());

        ApiClient.Reply reply = api.post("/api/tickets/" + id + "/messages",
                "{\"text\":\"We are on it\",\"visibility\":\"PUBLIC\"}");
        assertEquals(reply.body(), 201, reply.status());
        assertEquals("OUTBOUND", reply.json().get("direction").asText());
        assertEquals("admin", reply.json().get("author").get("name").asText());

        ApiClient.Reply read = api.get("/api/tickets/" + id);
        assertEquals(200, read.status());
        assertEquals("My bag is lost", read.json().get("subject").asText());
        assertEquals("OPEN", read.json().get("status").asText()); // an agent's reply opens a NEW ticket
        JsonNode messages = read.json().get("messages");
        assertEquals(2, messages.size());
        assertEquals("LH123", messages.get(0).get("text").asText());
        assertEquals("We are on it", messages.get(1).get("text").asText());

        ApiClient.Reply patched = api.patch("/api/tickets/" + id, "{\"priority\":\"URGENT\",\"addTags\":[\"vip\"]}");
        assertEquals(patched.body(), 200, patched.status());
        assertEquals("URGENT", patched.json().get("priority").asText());
        assertEquals("vip", patched.json().get("tags").get(0).asText());

        ApiClient.Reply anonymous = api.getWithoutToken("/api/tickets/" + id);
        assertEquals(401, anonymous.status());
        assertEquals("application/problem+json", anonymous.contentType().split(";")[0]);
        ApiClient.Reply wrongToken = new ApiClient(httpPort(), "not-the-token").get("/api/tickets");
        assertEquals(401, wrongToken.status());
    }

    @Test
    public void badRequestsGetProblemBodiesNamingTheFieldAndNothingIsStored() {
        ApiClient api = api();
        long before = tickets.query(dev.parley.helpdesk.api.TicketQuery.all()).tickets().size();

        ApiClient.Reply malformed = api.post("/api/tickets", "{\"subject\":");
        assertProblem(malformed, 400, "malformed JSON");
        ApiClient.Reply missing = api.post("/api/tickets", "{\"requester\":{\"email\":\"a@b.example\"}}");
        assertProblem(missing, 400, "'subject' is required");
        assertEquals("subject", missing.json().get("field").asText());
        ApiClient.Reply unknown = api.post("/api/tickets",
                "{\"subject\":\"s\",\"requester\":{\"email\":\"a@b.example\"},\"colour\":\"red\"}");
        assertProblem(unknown, 400, "unknown field 'colour'");
        ApiClient.Reply wrongType = api.post("/api/tickets",
                "{\"subject\":\"s\",\"requester\":{\"email\":\"a@b.example\"},\"priority\":\"SUPER\"}");
        assertProblem(wrongType, 400, "'priority'");
        ApiClient.Reply huge = api.post("/api/tickets", "{\"subject\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}");
        assertProblem(huge, 413, "at most 1048576 bytes");

        assertEquals(before, tickets.query(dev.parley.helpdesk.api.TicketQuery.all()).tickets().size());
        assertEquals(200, api.getWithoutToken("/health").status()); // and it keeps serving
    }

    @Test
    public void everyChangeIsPostedOnEventAdminAfterCommit() {
        List<Event> received = new CopyOnWriteArrayList<>();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, TicketEvents.TOPIC_ALL);
        ServiceRegistration<EventHandler> registration = context.registerService(EventHandler.class, received::add, props);
        try {
            Customer ann = customers.resolve(ChannelIdentity.of("email", "events@example.com"), "Ann");
            Ticket ticket = tickets.create(NewTicket.of("Events", "web", ann.id(),
                    NewMessage.inbound(ann, "web", Visibility.PRIVATE, null, "hello", null)));
            tickets.update(ticket.id(), TicketUpdate.none().withPriority(Priority.HIGH));
            tickets.addMessage(ticket.id(), NewMessage.agentReply("bob", "web", Visibility.PUBLIC, "hi"));

            Await.condition("4 events for ticket " + ticket.id(), Duration.ofSeconds(10),
                    () -> forTicket(received, ticket.id()).size() == 4);
            List<Event> events = forTicket(received, ticket.id());
            assertEquals(TicketEvents.CREATED, events.get(0).getTopic());
            assertEquals(TicketEvents.MESSAGE_ADDED, events.get(1).getTopic());
            assertEquals(TicketEvents.UPDATED, events.get(2).getTopic());
            assertTrue(List.of((String[]) events.get(2).getProperty(TicketEvents.CHANGES)).contains("priority"));
            assertEquals(TicketEvents.MESSAGE_ADDED, events.get(3).getTopic());
            assertEquals("OPEN", events.get(3).getProperty(TicketEvents.STATUS));
            assertEquals("NEW", events.get(3).getProperty(TicketEvents.PREVIOUS_STATUS));
            // the committed state is readable by the time a handler sees the event
            assertNotNull(tickets.getMessage((Long) events.get(3).getProperty(TicketEvents.MESSAGE_ID)).orElse(null));
        } finally {
            registration.unregister();
        }
    }

    private static List<Event> forTicket(List<Event> events, long ticketId) {
        return events.stream().filter(e -> Long.valueOf(ticketId).equals(e.getProperty(TicketEvents.TICKET_ID))).toList();
    }

    private static void assertProblem(ApiClient.Reply reply, int status, String detailPart) {
        assertEquals(reply.body(), status, reply.status());
        assertEquals("application/problem+json", reply.contentType().split(";")[0]);
        assertTrue(reply.body(), reply.json().get("detail").asText().contains(detailPart));
        assertEquals(status, reply.json().get("status").asInt());
    }
}
