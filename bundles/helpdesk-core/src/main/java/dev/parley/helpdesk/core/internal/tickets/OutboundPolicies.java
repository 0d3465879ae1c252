package dev.parley.helpdesk.core.internal.tickets;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Constants;

import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.OutboundPolicy;
import dev.parley.helpdesk.api.PolicyViolationException;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.Visibility;

/**
 * The channel plugins' outbound policies, by channel, highest ranking first (ties: older service
 * first). Plugins come and go at runtime, so the set is copy-on-write and read without locks.
 */
final class OutboundPolicies {

    private record Entry(OutboundPolicy policy, Set<String> channels, int ranking, long serviceId) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    /** Channels whose policy has been seen: a reply there while it is away would go nowhere. */
    private final Set<String> governed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void add(OutboundPolicy policy, Map<String, Object> properties) {
        Set<String> channels = channels(properties.get(OutboundPolicy.CHANNEL));
        governed.addAll(channels);
        entries.add(new Entry(policy, channels,
                properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0,
                properties.get(Constants.SERVICE_ID) instanceof Long id ? id : Long.MAX_VALUE));
    }

    void replace(OutboundPolicy policy, Map<String, Object> properties) {
        remove(policy);
        add(policy, properties);
    }

    void remove(OutboundPolicy policy) {
        entries.removeIf(e -> e.policy() == policy);
    }

    /** The message as the channel's policies accept it; they throw PolicyViolationException to refuse. */
    NewMessage review(Ticket ticket, NewMessage message) {
        NewMessage reviewed = message;
        for (Entry entry : entries.stream().sorted(ORDER).toList()) {
            if (entry.channels().contains(message.channel())) {
                reviewed = entry.policy().review(ticket, reviewed);
            }
        }
        return reviewed;
    }

    /** The least of the channel's policies' length limits for this message, when any of them knows one. */
    java.util.Optional<Integer> maxLength(Ticket ticket, NewMessage message) {
        return entries.stream().filter(e -> e.channels().contains(message.channel()))
                .map(e -> e.policy().maxLength(ticket, message)).flatMap(java.util.Optional::stream)
                .min(Integer::compare);
    }

    /** Whether some policy reviews this message: an agent's or bot's reply on a governed channel (cheap: no ticket read). */
    boolean applyTo(NewMessage message) {
        if (message.direction() != Direction.OUTBOUND || message.visibility() == Visibility.INTERNAL_NOTE) {
            return false;
        }
        if (message.delivery() == DeliveryState.SENT) {
            return false; // a record of a message sent outside the helpdesk: nothing left to allow or refuse
        }
        if (entries.stream().anyMatch(e -> e.channels().contains(message.channel()))) {
            return true;
        }
        if (governed.contains(message.channel())) {
            throw new PolicyViolationException("channel-unavailable", "the plugin that sends replies on "
                    + message.channel() + " is not running, so this reply would not reach the customer",
                    "try again once it is back (GET /api/plugins), or add an internal note");
        }
        if (message.properties().containsKey(NewMessage.TEMPLATE_NAME)) {
            throw new PolicyViolationException("templates-not-supported", message.channel() + " has no message "
                    + "templates", "send a free-form reply");
        }
        return false;
    }

    private static Set<String> channels(Object value) {
        if (value instanceof String s) {
            return Set.of(s);
        }
        if (value instanceof String[] list) {
            return Set.copyOf(Arrays.asList(list));
        }
        return Set.of();
    }
}
