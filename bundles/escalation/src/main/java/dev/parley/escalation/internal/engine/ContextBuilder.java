package dev.parley.escalation.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.parley.escalation.api.AuthorProfile;
import dev.parley.escalation.api.RuleContext;
import dev.parley.escalation.api.SentimentAnalyzer;
import dev.parley.escalation.api.SlaSnapshot;
import dev.parley.escalation.api.TriggerKind;
import dev.parley.escalation.internal.rules.LanguageGuess;
import dev.parley.helpdesk.api.AuthorKind;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketQuery;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.social.api.SocialProperties;

/**
 * Gathers what rules look at for one event: the ticket, the customer's message, its sentiment and
 * language, the author's profile from the channel's message properties (followers, verified, DM
 * allowed), the customer's messages of the last week and, when the SLA plugin is there, its status.
 */
public final class ContextBuilder {

    static final String LANGUAGE = "language";

    private static final Duration LOOKBACK = Duration.ofDays(7);
    /** Compiled once: String.split would compile it for every message. */
    private static final Pattern LETTER_RUNS_SEPARATORS = Pattern.compile("[^\\p{L}']+");

    private final TicketService tickets;
    private final Supplier<SentimentAnalyzer> sentiment;
    private final Supplier<Optional<SlaStatusSource>> sla;
    private final Clock clock;

    public ContextBuilder(TicketService tickets, Supplier<SentimentAnalyzer> sentiment,
            Supplier<Optional<SlaStatusSource>> sla, Clock clock) {
        this.tickets = tickets;
        this.sentiment = sentiment;
        this.sla = sla;
        this.clock = clock;
    }

    /** The context for {@code message} on {@code ticket} (for SLA triggers, the customer's latest message). */
    public RuleContext build(TriggerKind trigger, Ticket ticket, Optional<Message> message) {
        return build(trigger, ticket, message, Optional.empty());
    }

    /** {@code fromEvent}: the SLA target an SLA event is about, which wins over the SLA plugin's most pressing one. */
    public RuleContext build(TriggerKind trigger, Ticket ticket, Optional<Message> message,
            Optional<SlaSnapshot> fromEvent) {
        return build(trigger, ticket, message, fromEvent,
                ticket.id() > 0 ? history(ticket.requester().id()) : ContactHistory.none());
    }

    /** {@code history}: the requester's tickets, read once for all their events of a batch. */
    RuleContext build(TriggerKind trigger, Ticket ticket, Optional<Message> message, Optional<SlaSnapshot> fromEvent,
            ContactHistory history) {
        Optional<Message> subject = message.isPresent() ? message : latestFromCustomer(ticket);
        String text = subject.map(Message::text).orElse("");
        Optional<SlaSnapshot> slaStatus = fromEvent.isPresent() ? fromEvent : sla.get().flatMap(s -> {
            try {
                return s.status(ticket.id());
            } catch (RuntimeException e) {
                return Optional.empty(); // the SLA plugin going away mid-call must not stop the rules
            }
        });
        return new RuleContext(trigger, ticket, subject, text.isBlank() ? 0.0 : sentiment.get().compound(text),
                language(subject, text), author(ticket, subject),
                history.contacts(ticket, subject, clock.instant().minus(LOOKBACK)), slaStatus, clock.instant());
    }

    private static Optional<Message> latestFromCustomer(Ticket ticket) {
        return ticket.messages().stream().filter(ContextBuilder::fromCustomer).reduce((a, b) -> b);
    }

    static boolean fromCustomer(Message m) {
        return m.direction() == Direction.INBOUND && m.author().kind() == AuthorKind.CUSTOMER;
    }

    private static String language(Optional<Message> message, String text) {
        Optional<String> declared = message.map(m -> m.properties().get(LANGUAGE)).filter(l -> !l.isBlank());
        if (declared.isPresent()) {
            return declared.get().toLowerCase(Locale.ROOT);
        }
        return LanguageGuess.of(new HashSet<>(Arrays.asList(LETTER_RUNS_SEPARATORS.split(text.toLowerCase(Locale.ROOT)))));
    }

    private static AuthorProfile author(Ticket ticket, Optional<Message> message) {
        Map<String, String> props = message.map(Message::properties).orElse(Map.of());
        long followers = 0;
        try {
            followers = Long.parseLong(props.getOrDefault(SocialProperties.FOLLOWERS, "0"));
        } catch (NumberFormatException e) {
            followers = 0; // a channel's malformed count reads as unknown
        }
        return new AuthorProfile(Optional.of(ticket.requester().id()), ticket.requester().displayName(),
                handle(ticket, props), followers, Boolean.parseBoolean(props.get(SocialProperties.VERIFIED)),
                Boolean.parseBoolean(props.get(SocialProperties.CAN_RECEIVE_DM)));
    }

    /** The platform handle on the message, else the one the customer is known by on the ticket's channel. */
    private static Optional<String> handle(Ticket ticket, Map<String, String> props) {
        return Optional.ofNullable(props.get(SocialProperties.AUTHOR_HANDLE))
                .or(() -> ticket.requester().identities().stream()
                        .filter(i -> i.channel().equals(ticket.channel())).findFirst().flatMap(i -> i.handle()));
    }

    /**
     * The requester's tickets changed within the look-back: a customer message inside the window
     * updated its ticket inside it, so older tickets need no reading.
     */
    ContactHistory history(long requesterId) {
        Instant since = clock.instant().minus(LOOKBACK);
        return new ContactHistory(tickets.query(TicketQuery.all().withRequester(requesterId).withUpdatedSince(since)
                .withLimit(20)).tickets());
    }
}
