package dev.parley.social.api;

import java.time.Instant;

/**
 * A hand-off in progress: the public acknowledgement and the opening DM (ticket message ids), and
 * until when the customer is expected to answer in private before the ticket offers to continue
 * in public.
 */
public record Handoff(long ticketId, long publicMessageId, long privateMessageId, Instant answerExpectedBy) {
}
