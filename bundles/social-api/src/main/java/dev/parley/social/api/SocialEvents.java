package dev.parley.social.api;

/** EventAdmin topics and property keys the social connector posts. */
public final class SocialEvents {

    /** An account whose sends keep being refused for its credentials (expired or revoked token). */
    public static final String ACCOUNT_DEGRADED = "parley/social/ACCOUNT_DEGRADED";
    /** The customer did not answer the DM of a hand-off in time; the ticket offers to continue in public. */
    public static final String HANDOFF_UNANSWERED = "parley/social/HANDOFF_UNANSWERED";

    /** String: the account's configured name. */
    public static final String ACCOUNT = "account";
    /** String: the platform's reason, safe to show. */
    public static final String REASON = "reason";
    /** Long: the ticket concerned. */
    public static final String TICKET_ID = "ticket.id";

    private SocialEvents() {
    }
}
