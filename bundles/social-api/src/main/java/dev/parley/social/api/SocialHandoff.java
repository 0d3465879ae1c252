package dev.parley.social.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Moves a public social conversation to private messages, taking the cue from the customer: one
 * short public acknowledgement ("We've sent you a DM") under the customer's post and a direct
 * message opening the private conversation, both on the same ticket and linked to each other.
 * Registered by the social connector; the escalation service and the REST call {@code POST
 * /api/tickets/{id}/handoff} use it.
 */
@ProviderType
public interface SocialHandoff {

    /**
     * Queues both messages, or neither. Throws {@code dev.parley.helpdesk.api.PolicyViolationException}
     * when the messaging policy refuses (the customer cannot receive our DMs, a DM invitation was
     * already sent on this conversation, the ticket has no public message to answer) and {@code
     * dev.parley.helpdesk.api.TicketNotFoundException} for an unknown ticket.
     */
    Handoff handOff(long ticketId, HandoffRequest request);
}
