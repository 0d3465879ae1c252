package dev.parley.social.connector.internal.outbound;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.parley.helpdesk.api.AuthorKind;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.social.api.SocialProperties;

/** A social ticket's conversation as the messaging policy reads it: who wrote what, where. */
record Conversation(Ticket ticket, List<Message> customerMessages) {

    static Conversation of(Ticket ticket) {
        return new Conversation(ticket, ticket.messages().stream()
                .filter(m -> m.direction() == Direction.INBOUND && m.author().kind() == AuthorKind.CUSTOMER)
                .filter(m -> m.properties().containsKey(SocialProperties.ACCOUNT) && m.externalId().isPresent())
                .toList());
    }

    boolean isSocial() {
        return !customerMessages.isEmpty();
    }

    Message latestCustomerMessage() {
        return customerMessages.get(customerMessages.size() - 1);
    }

    Optional<Message> latestCustomerMessage(Visibility visibility) {
        for (int i = customerMessages.size() - 1; i >= 0; i--) {
            if (customerMessages.get(i).visibility() == visibility) {
                return Optional.of(customerMessages.get(i));
            }
        }
        return Optional.empty();
    }

    String account() {
        return latestCustomerMessage().properties().get(SocialProperties.ACCOUNT);
    }

    String customerPlatformId() {
        return latestCustomerMessage().properties().getOrDefault(SocialProperties.AUTHOR_ID, "");
    }

    /** Whether the platform told us the customer accepts DMs from anyone (X's receives_your_dm). */
    Optional<Boolean> customerAcceptsDms() {
        return customerMessages.stream().map(m -> m.properties().get(SocialProperties.CAN_RECEIVE_DM))
                .filter(Objects::nonNull).reduce((a, b) -> b).map(Boolean::parseBoolean);
    }

    /** Our unsolicited DMs on this ticket that have not failed and the customer has not answered in private. */
    long unansweredInvitations() {
        Optional<Message> lastPrivate = latestCustomerMessage(Visibility.PRIVATE);
        return ticket.messages().stream()
                .filter(m -> m.direction() == Direction.OUTBOUND && m.visibility() == Visibility.PRIVATE)
                .filter(m -> "true".equals(m.properties().get(SocialProperties.UNSOLICITED)))
                .filter(m -> m.delivery() != DeliveryState.FAILED)
                .filter(m -> lastPrivate.isEmpty() || m.createdAt().isAfter(lastPrivate.get().createdAt()))
                .count();
    }

    /** Texts of everything said in private on this ticket, either way: never to be quoted in public. */
    List<String> privateTexts() {
        return ticket.messages().stream().filter(m -> m.visibility() == Visibility.PRIVATE).map(Message::text).toList();
    }
}
