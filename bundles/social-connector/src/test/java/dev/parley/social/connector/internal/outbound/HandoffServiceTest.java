package dev.parley.social.connector.internal.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.PolicyViolationException;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.social.api.Handoff;
import dev.parley.social.api.HandoffRequest;
import dev.parley.social.api.SocialEvents;
import dev.parley.social.api.SocialProperties;

class HandoffServiceTest {

    private final OutboundFixture f = new OutboundFixture();
    private HandoffService handoffs;

    @AfterEach
    void tearDown() {
        if (handoffs != null) {
            handoffs.stop();
        }
        f.close();
    }

    private HandoffService handoffs() {
        MessagingPolicy policy = f.policy(Map.of());
        handoffs = new HandoffService(f.tickets, policy, f.db.dataSource(), f.db.migrator, f.eventAdmin,
                OutboundFixture.config(Map.of("handoffAnswerMinutes", 30)));
        return handoffs;
    }

    @Test
    void queuesTheAcknowledgementAndTheDmOnOneTicketOrNeither() {
        HandoffService service = handoffs();
        Ticket open = f.ticket("x", "5", Visibility.PUBLIC, "t5", "@acme please help", OutboundFixture.NOW,
                Map.of(SocialProperties.CAN_RECEIVE_DM, "true"));
        Handoff done = service.handOff(open.id(), HandoffRequest.byAgent("bob"));
        Message ack = f.tickets.getMessage(done.publicMessageId()).orElseThrow();
        Message dm = f.tickets.getMessage(done.privateMessageId()).orElseThrow();
        assertThat(ack.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(ack.properties()).containsEntry(SocialProperties.IN_REPLY_TO, "t5");
        assertThat(dm.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(dm.properties()).containsEntry("social.handoffPublicMessage", Long.toString(ack.id()));
        assertThat(dm.ticketId()).isEqualTo(ack.ticketId()).isEqualTo(open.id());
        assertThat(ack.delivery()).isEqualTo(DeliveryState.QUEUED);

        Ticket closed = f.ticket("x", "6", Visibility.PUBLIC, "t6", "@acme help", OutboundFixture.NOW, Map.of());
        assertThatThrownBy(() -> service.handOff(closed.id(), HandoffRequest.byAgent("bob")))
                .isInstanceOfSatisfying(PolicyViolationException.class, e -> assertThat(e.rule()).isEqualTo("dm-not-allowed"));
        assertThat(f.tickets.get(closed.id()).orElseThrow().messages()).as("no public 'we sent you a DM'").hasSize(1);
    }

    @Test
    void anUnansweredDmIsNotedOnTheTicketWithTheWayBackToPublic() {
        HandoffService service = handoffs();
        Ticket silent = f.ticket("x", "7", Visibility.PUBLIC, "t7", "@acme help me", OutboundFixture.NOW,
                Map.of(SocialProperties.CAN_RECEIVE_DM, "true"));
        Ticket answered = f.ticket("x", "8", Visibility.PUBLIC, "t8", "@acme help me too", OutboundFixture.NOW,
                Map.of(SocialProperties.CAN_RECEIVE_DM, "true"));
        service.handOff(silent.id(), HandoffRequest.byAgent("bob"));
        service.handOff(answered.id(), HandoffRequest.byAgent("bob"));
        f.customerWrites(answered.id(), "x", "8", Visibility.PRIVATE, "dm8", "Order 42", java.time.Instant.now());

        service.sweep(java.time.Instant.now().plus(Duration.ofMinutes(10)));
        assertThat(f.tickets.get(silent.id()).orElseThrow().tags()).doesNotContain(HandoffService.UNANSWERED_TAG);

        service.sweep(java.time.Instant.now().plus(Duration.ofMinutes(31)));
        Ticket noted = f.tickets.get(silent.id()).orElseThrow();
        assertThat(noted.tags()).contains(HandoffService.UNANSWERED_TAG);
        assertThat(noted.messages().get(noted.messages().size() - 1)).satisfies(note -> {
            assertThat(note.visibility()).isEqualTo(Visibility.INTERNAL_NOTE);
            assertThat(note.text()).contains("has not answered the DM").contains("continue in public");
        });
        assertThat(f.tickets.get(answered.id()).orElseThrow().tags()).doesNotContain(HandoffService.UNANSWERED_TAG);
        assertThat(f.events).filteredOn(e -> e.getTopic().equals(SocialEvents.HANDOFF_UNANSWERED)).singleElement()
                .satisfies(e -> assertThat(e.getProperty(SocialEvents.TICKET_ID)).isEqualTo(silent.id()));
        service.sweep(java.time.Instant.now().plus(Duration.ofHours(5)));
        assertThat(f.events).filteredOn(e -> e.getTopic().equals(SocialEvents.HANDOFF_UNANSWERED)).hasSize(1);
    }
}
