package dev.parley.helpdesk.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The helpdesk's tickets: the one way plugins read and change them. Every change is committed
 * before the call returns and then announced on EventAdmin (see {@link TicketEvents}). Methods
 * throw {@link TicketNotFoundException} for an unknown ticket, {@link StaleTicketException} when an
 * expected version no longer matches and {@link IllegalArgumentException} for invalid input.
 */
@ProviderType
public interface TicketService {

    Ticket create(NewTicket ticket);

    Optional<Ticket> get(long ticketId);

    /**
     * Whole tickets for {@code ticketIds}, read together (one set of queries, not one per ticket),
     * in the order given; unknown ids are left out. For handlers that catch up on many tickets at once.
     *
     * @since 1.2
     */
    List<Ticket> getAll(Collection<Long> ticketIds);

    /**
     * The outlines of {@code ticketIds} (head and message marks, no content), read together, in the
     * order given; unknown ids are left out. For handlers that derive something from the shape of
     * many conversations (reply clocks, responsiveness) and need none of the text: far less to read
     * than {@link #getAll}. The default reads whole tickets; the host reads only the columns needed.
     *
     * @since 1.8
     */
    default List<TicketOutline> outlines(Collection<Long> ticketIds) {
        return getAll(ticketIds).stream().map(TicketOutline::of).toList();
    }

    /**
     * The ticket's own fields without messages, tags or requester: one row, for checks on the hot
     * path (is it closed, when did it last change) that must not cost a whole-ticket read.
     *
     * @since 1.2
     */
    Optional<TicketHead> head(long ticketId);

    TicketPage query(TicketQuery query);

    /** The most {@link #headsAfter} returns in one call. @since 1.3 */
    int MAX_HEADS = 1_000;

    /**
     * Heads of the tickets in any of {@code statuses} (every status when empty) whose id is above
     * {@code afterId}, lowest id first, at most {@code limit} (1 to {@link #MAX_HEADS}). To walk many
     * tickets, start at {@code afterId} 0 and pass each page's last id as the next {@code afterId}
     * until a page comes back empty: each page is one range of the primary key, so the walk costs in
     * proportion to the tickets walked (where {@link #query}'s filtered pages grow dearer the deeper
     * they are), ids skipped by deleted or filtered tickets are harmless, and tickets created during
     * the walk come at its end. For plugins that catch up on every open ticket (an install backfill,
     * a reconcile after a restart): compare the heads' {@code version} with what they kept and read
     * the whole tickets that changed with {@link #getAll}.
     *
     * @since 1.3
     */
    List<TicketHead> headsAfter(long afterId, Set<TicketStatus> statuses, int limit);

    /**
     * Adds a message. Idempotent on {@code (channel, externalId)}: a message already stored under
     * them is returned unchanged and no event is posted. An inbound customer message moves a
     * PENDING or SOLVED ticket back to OPEN; an agent's reply moves a NEW ticket to OPEN.
     */
    Message addMessage(long ticketId, NewMessage message);

    /**
     * Adds several messages, each to its ticket as {@link #addMessage} does, in one commit where the
     * store can (the inbound processor storing a batch of customers' follow-ups at once); returns
     * the messages in the order given, and posts the events after the commit. If it throws, none of
     * them is stored by the store's own implementation; the caller may then add them one by one
     * (adding the same platform message again changes nothing). The default adds them one after
     * the other.
     *
     * @since 1.7
     */
    default List<Message> addMessages(List<MessageAddition> additions) {
        return additions.stream().map(a -> addMessage(a.ticketId(), a.message())).toList();
    }

    Ticket update(long ticketId, TicketUpdate update);

    /**
     * Records a channel sender's delivery outcome for an outbound message. SENT with a detail also
     * makes the detail (the platform's message id) the message's external id, unless it has one,
     * so the platform's echo of it and the customer's replies to it find this ticket.
     */
    Message updateDelivery(long messageId, DeliveryState state, Optional<String> detail);

    /**
     * Records several delivery outcomes, each as {@link #updateDelivery} does, in one commit where
     * the store can (a channel sender settling the answers of many sends at once); returns the
     * messages in the order given. If it throws, none of them is recorded by the store's own
     * implementation; the caller may then record them one by one (recording the same outcome again
     * changes nothing). The default records them one after the other.
     *
     * @since 1.6
     */
    default List<Message> updateDeliveries(List<DeliveryUpdate> updates) {
        return updates.stream().map(u -> updateDelivery(u.messageId(), u.state(), u.detail())).toList();
    }

    /**
     * Outbound messages still QUEUED on the given channels, oldest first: a channel sender's outbox
     * after a restart.
     */
    List<Message> queuedMessages(Set<String> channels, int limit);

    Optional<Message> findMessage(String channel, String externalId);

    /**
     * Replaces a stored message's text, attachments and properties with what its channel now says
     * (the customer edited or unsent it, or it was reacted to): the message keeps its id, place,
     * author and delivery, the ticket's status does not move, and {@link TicketEvents#MESSAGE_REVISED}
     * is posted. The caller keeps whatever history it wants in the properties.
     *
     * @throws TicketNotFoundException if the message does not exist
     * @since 1.3
     */
    default Message reviseMessage(long messageId, String text, List<Attachment> attachments,
            Map<String, String> properties) {
        throw new UnsupportedOperationException("this TicketService does not revise messages");
    }

    /**
     * Names a stored message's author anew, as its channel now tells it (a platform whose webhook
     * named the author by id only, looked up later): the message keeps its id, text, place and
     * customer link, the ticket's status does not move, and {@link TicketEvents#MESSAGE_REVISED} is
     * posted.
     *
     * @throws TicketNotFoundException if the message does not exist
     * @throws IllegalArgumentException if the name is blank or over 500 characters
     * @since 1.4
     */
    default Message renameAuthor(long messageId, String authorName) {
        throw new UnsupportedOperationException("this TicketService does not rename authors");
    }

    Optional<Message> getMessage(long messageId);

    /**
     * A dry run of {@link #addMessage} for an outbound message: the channel's outbound policies
     * review it as they would a send, and the answer says whether it would be accepted, which rule
     * refuses it and the characters left. Stores, queues and posts nothing. A message no policy
     * governs (an internal note, a channel without one) is allowed.
     *
     * @throws TicketNotFoundException if the ticket does not exist
     * @throws IllegalStateException if the ticket is CLOSED (a send would be refused the same way)
     * @since 1.5
     */
    default PolicyCheck checkMessage(long ticketId, NewMessage message) {
        throw new UnsupportedOperationException("this TicketService does not check messages");
    }
}
