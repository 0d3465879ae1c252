package dev.parley.helpdesk.api.http;

import java.io.IOException;

import org.osgi.annotation.versioning.ConsumerType;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A plugin's sub-resource of a ticket, {@code /api/tickets/{id}/<name>}, registered as an OSGi
 * service with {@link #NAME}. The host's tickets servlet authenticates the caller, checks that
 * the ticket exists (404 otherwise) and hands the request over; a {@link ProblemException} thrown
 * here is rendered as problem+json like the host's own errors. Names the host serves itself
 * ({@code messages}) cannot be taken.
 */
@ConsumerType
public interface TicketResource {

    /** Service property: the path segment after the ticket id, e.g. {@code handoff}. */
    String NAME = "parley.ticket.resource";

    /** Request attribute: the name of the API token the caller authenticated with (the agent). */
    String PRINCIPAL = "parley.principal";

    void handle(long ticketId, HttpServletRequest request, HttpServletResponse response) throws IOException;
}
