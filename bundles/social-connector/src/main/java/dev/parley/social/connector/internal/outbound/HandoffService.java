package dev.parley.social.connector.internal.outbound;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.Author;
import dev.parley.helpdesk.api.AuthorKind;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketNotFoundException;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketUpdate;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.api.store.JdbcTransactions;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.helpdesk.api.store.SqlDialect;
import dev.parley.social.api.Handoff;
import dev.parley.social.api.HandoffRequest;
import dev.parley.social.api.SocialEvents;
import dev.parley.social.api.SocialHandoff;
import dev.parley.social.api.SocialProperties;
import dev.parley.social.connector.internal.inbox.InboxSchema;
import dev.parley.social.connector.internal.inbox.InboxStoreException;

/**
 * Public → private hand-off on one ticket: a short public acknowledgement under the customer's
 * post, then the DM, both linked through their properties, so one SLA clock runs across both.
 * The messaging policy checks both before either is stored. A sweep notes on the ticket when the
 * customer has not answered the DM in time, and offers to continue in public.
 */
@Component(service = SocialHandoff.class, configurationPid = OutboundConfig.PID, immediate = true)
public final class HandoffService implements SocialHandoff {

    static final String UNANSWERED_TAG = "dm-unanswered";
    private static final Logger LOG = LoggerFactory.getLogger(HandoffService.class);

    private final TicketService tickets;
    private final MessagingPolicy policy;
    private final EventAdmin events;
    private final OutboundConfig config;
    private final JdbcTransactions tx;
    private final Clock clock;
    private final ScheduledExecutorService sweeper;

    @Activate
    public HandoffService(@Reference TicketService tickets,
            @Reference MessagingPolicy policy, @Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference EventAdmin events, OutboundConfig config) {
        migrator.migrate(InboxSchema.MODULE, InboxSchema.migrations(SqlDialect.of(dataSource)));
        this.tickets = tickets;
        this.policy = policy;
        this.events = events;
        this.config = config;
        this.tx = new JdbcTransactions(dataSource, InboxStoreException::new);
        this.clock = Clock.systemUTC();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-social-handoff");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweepSafely, 5, 15, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        sweeper.shutdownNow();
    }

    @Override
    public Handoff handOff(long ticketId, HandoffRequest request) {
        Ticket ticket = tickets.get(ticketId).orElseThrow(() -> TicketNotFoundException.ticket(ticketId));
        Author by = request.automated() ? Author.bot(request.requestedBy()) : Author.agent(request.requestedBy());
        NewMessage ack = new NewMessage(Direction.OUTBOUND, Visibility.PUBLIC, ticket.channel(), Optional.empty(), by,
                request.publicText().orElse(config.handoffPublicText()), List.of(), Optional.empty(), DeliveryState.NONE,
                Map.of(SocialProperties.HANDOFF, "public"));
        NewMessage dm = new NewMessage(Direction.OUTBOUND, Visibility.PRIVATE, ticket.channel(), Optional.empty(), by,
                request.privateText().orElse(config.handoffPrivateText()), List.of(), Optional.empty(),
                DeliveryState.NONE, Map.of(SocialProperties.HANDOFF, "private"));
        policy.review(ticket, dm); // both or neither: a refused DM must not leave a public "we've sent you a DM"
        Message publicAck = tickets.addMessage(ticketId, ack);
        Map<String, String> linked = new HashMap<>(dm.properties());
        linked.put(SocialProperties.HANDOFF_PUBLIC_MESSAGE, Long.toString(publicAck.id()));
        Message privateMessage = tickets.addMessage(ticketId, dm.withProperties(linked));
        Instant now = clock.instant();
        Instant answerBy = now.plus(Duration.ofMinutes(config.handoffAnswerMinutes()));
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO social_handoffs (ticket_id, public_message_id, "
                    + "private_message_id, customer_id, answer_by, state, created_at) VALUES (?, ?, ?, ?, ?, 'WAITING', ?)")) {
                ps.setLong(1, ticketId);
                ps.setLong(2, publicAck.id());
                ps.setLong(3, privateMessage.id());
                ps.setLong(4, ticket.requester().id());
                ps.setLong(5, answerBy.toEpochMilli());
                ps.setLong(6, now.toEpochMilli());
                return ps.executeUpdate();
            }
        });
        LOG.info("Ticket {} handed off to DM by {} (messages {} and {})", ticketId, request.requestedBy(),
                publicAck.id(), privateMessage.id());
        return new Handoff(ticketId, publicAck.id(), privateMessage.id(), answerBy);
    }

    private record Waiting(long ticketId, long publicMessageId, long privateMessageId, Instant createdAt) {
    }

    private void sweepSafely() {
        try {
            sweep(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Hand-off sweep failed; trying again shortly: {}", e.toString());
        }
    }

    /** Settles hand-offs whose answer time has passed: ANSWERED, or a note and an event saying the DM went unanswered. */
    void sweep(Instant now) {
        List<Waiting> due = tx.read(c -> {
            List<Waiting> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT ticket_id, public_message_id, private_message_id, "
                    + "created_at FROM social_handoffs WHERE state = 'WAITING' AND answer_by <= ?")) {
                ps.setLong(1, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Waiting(rs.getLong(1), rs.getLong(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4))));
                    }
                }
            }
            return rows;
        });
        for (Waiting w : due) {
            Optional<Ticket> ticket = tickets.get(w.ticketId());
            boolean answered = ticket.map(t -> t.messages().stream().anyMatch(m -> m.direction() == Direction.INBOUND
                    && m.author().kind() == AuthorKind.CUSTOMER && m.visibility() == Visibility.PRIVATE
                    && !m.createdAt().isBefore(w.createdAt()))).orElse(true);
            // settled first, guarded by its state: of several nodes sweeping at once, one writes the note
            int settled = tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE social_handoffs SET state = ? WHERE private_message_id = ? AND state = 'WAITING'")) {
                    ps.setString(1, answered ? "ANSWERED" : "UNANSWERED");
                    ps.setLong(2, w.privateMessageId());
                    return ps.executeUpdate();
                }
            });
            if (!answered && settled > 0) {
                tickets.addMessage(w.ticketId(), new NewMessage(Direction.OUTBOUND, Visibility.INTERNAL_NOTE,
                        ticket.get().channel(), Optional.empty(), Author.system(), "The customer has not answered the DM "
                                + "(message " + w.privateMessageId() + ") within " + config.handoffAnswerMinutes()
                                + " minutes. You can continue in public: reply with inReplyTo set to their public post.",
                        List.of(), Optional.empty(), DeliveryState.NONE, Map.of()));
                tickets.update(w.ticketId(), TicketUpdate.none().withTagsAdded(Set.of(UNANSWERED_TAG)));
                events.postEvent(new Event(SocialEvents.HANDOFF_UNANSWERED, Map.of(SocialEvents.TICKET_ID, w.ticketId())));
            }
        }
    }
}
