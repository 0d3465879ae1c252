package dev.parley.helpdesk.api;

/**
 * EventAdmin topics and property keys of ticket changes. Events are posted asynchronously after
 * the change is committed, in commit order per ticket. Handlers that need more than the properties
 * read the ticket through {@link TicketService}. Subscribe to {@link #TOPIC_ALL} for every change.
 */
public final class TicketEvents {

    public static final String TOPIC_PREFIX = "parley/ticket/";
    public static final String TOPIC_ALL = "parley/ticket/*";
    /**
     * On several nodes sharing one PostgreSQL: the other nodes' ticket events, posted here under
     * this prefix ({@code parley/relayed/ticket/CREATED}, …) with the same properties, within about
     * half a second. Only views that show changes to people (a browser's live stream) listen to
     * them; whatever acts on an event listens to {@link #TOPIC_ALL}, so it acts once, on the node
     * where the change was made. Never posted on one node. @since 1.6
     */
    public static final String RELAYED_TOPIC_PREFIX = "parley/relayed/ticket/";
    /** @since 1.6 */
    public static final String RELAYED_TOPIC_ALL = "parley/relayed/ticket/*";
    public static final String CREATED = "parley/ticket/CREATED";
    public static final String UPDATED = "parley/ticket/UPDATED";
    public static final String MESSAGE_ADDED = "parley/ticket/MESSAGE_ADDED";
    public static final String DELIVERY_CHANGED = "parley/ticket/DELIVERY_CHANGED";
    /** A stored message's content changed on its channel (edited, unsent, reacted to). @since 1.3 */
    public static final String MESSAGE_REVISED = "parley/ticket/MESSAGE_REVISED";

    /** Long: the ticket id. */
    public static final String TICKET_ID = "ticket.id";
    /** Long: the ticket's version after the change. */
    public static final String TICKET_VERSION = "ticket.version";
    /** String: TicketStatus name after the change. */
    public static final String STATUS = "ticket.status";
    /** String: TicketStatus name before the change (UPDATED and MESSAGE_ADDED when it changed). */
    public static final String PREVIOUS_STATUS = "ticket.previousStatus";
    /** String: Priority name after the change. */
    public static final String PRIORITY = "ticket.priority";
    /** String: the ticket's channel. */
    public static final String CHANNEL = "ticket.channel";
    /** String[]: names of the fields an UPDATED event changed (status, priority, assignee, group, tags). */
    public static final String CHANGES = "ticket.changes";
    /** Long: the message id (MESSAGE_ADDED, DELIVERY_CHANGED). */
    public static final String MESSAGE_ID = "message.id";
    /** String: Direction name of the message. */
    public static final String MESSAGE_DIRECTION = "message.direction";
    /** String: Visibility name of the message. */
    public static final String MESSAGE_VISIBILITY = "message.visibility";
    /** String: AuthorKind name of the message's author. */
    public static final String MESSAGE_AUTHOR_KIND = "message.authorKind";
    /**
     * Integer: how many of the message's attachments wait for the attachment store to fetch them
     * ({@link AttachmentState#PENDING}), so a fetcher reads nothing for the many messages without.
     */
    public static final String MESSAGE_PENDING_ATTACHMENTS = "message.pendingAttachments";
    /**
     * String[]: the names of the message's properties, so a handler that acts on some messages only
     * (those a platform must complete, say) passes over the others without reading them. @since 1.6
     */
    public static final String MESSAGE_PROPERTY_KEYS = "message.propertyKeys";
    /** String: DeliveryState name (DELIVERY_CHANGED). */
    public static final String DELIVERY_STATE = "message.delivery";
    /** Long: epoch milliseconds at which the change was committed. */
    public static final String TIMESTAMP = "timestamp";

    private TicketEvents() {
    }
}
