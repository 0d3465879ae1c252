package dev.parley.sla.api;

/**
 * EventAdmin topics the SLA bundle posts. {@link #WARNING} and {@link #BREACHED} are posted exactly
 * once per ticket, target and clock cycle, also across restarts; {@link #STEP} for the other steps of
 * the escalation ladder (50% and 90% elapsed by default); {@link #CHANGED} whenever a ticket's SLA
 * status changed because of a ticket event (what live views refresh on). Subscribe to
 * {@link #TOPIC_ALL} for all of them.
 */
public final class SlaEvents {

    public static final String TOPIC_PREFIX = "parley/sla/";
    public static final String TOPIC_ALL = "parley/sla/*";
    public static final String WARNING = "parley/sla/WARNING";
    public static final String BREACHED = "parley/sla/BREACHED";
    public static final String STEP = "parley/sla/STEP";
    public static final String CHANGED = "parley/sla/CHANGED";

    /** Long: the ticket id. */
    public static final String TICKET_ID = "ticket.id";
    /** String: the ticket's channel. */
    public static final String CHANNEL = "ticket.channel";
    /** String: SlaTarget name (WARNING, BREACHED, STEP). */
    public static final String TARGET = "sla.target";
    /** Integer: the clock cycle (WARNING, BREACHED, STEP). */
    public static final String CYCLE = "sla.cycle";
    /** Long: epoch milliseconds of the due time (WARNING, BREACHED, STEP). */
    public static final String DUE = "sla.due";
    /** Integer: the ladder step reached, in percent of the time elapsed (100 for BREACHED). */
    public static final String ELAPSED_PERCENT = "sla.elapsedPercent";
    /** String: DeadlineSource name of the binding deadline (WARNING, BREACHED, STEP). */
    public static final String BINDING = "sla.binding";
    /**
     * Boolean: present (true) on an event another node posted and this node relays from the shared
     * database (several nodes on one PostgreSQL), so live views on every node see every change.
     * Handlers that act on an event, rather than show it, skip these, for example with the handler
     * filter {@code (!(parley.relayed=*))}: the node that posted it acts.
     *
     * @since 1.2
     */
    public static final String RELAYED = "parley.relayed";

    private SlaEvents() {
    }
}
