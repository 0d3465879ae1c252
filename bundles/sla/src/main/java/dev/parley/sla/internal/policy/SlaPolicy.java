package dev.parley.sla.internal.policy;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.sla.api.SlaTarget;

/**
 * Targets for the tickets it matches: an empty match set matches anything. Among matching
 * policies the highest ranking wins, then the most specific one (most match sets given), then the
 * name, so the choice never depends on the order configurations arrived in.
 */
public record SlaPolicy(
        String name,
        Set<String> channels,
        Set<Visibility> visibilities,
        Set<Priority> priorities,
        Duration firstReply,
        Duration nextReply,
        Duration resolution,
        String calendarId,
        int ranking) {

    public SlaPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(calendarId, "calendarId");
        channels = channels.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).filter(c -> !c.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        visibilities = Set.copyOf(visibilities);
        priorities = Set.copyOf(priorities);
        for (Duration d : new Duration[] {firstReply, nextReply, resolution}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("policy '" + name + "': targets must be positive");
            }
        }
    }

    public boolean matches(String channel, Visibility visibility, Priority priority) {
        return (channels.isEmpty() || channels.contains(channel.toLowerCase(Locale.ROOT)))
                && (visibilities.isEmpty() || visibilities.contains(visibility))
                && (priorities.isEmpty() || priorities.contains(priority));
    }

    int specificity() {
        return (channels.isEmpty() ? 0 : 1) + (visibilities.isEmpty() ? 0 : 1) + (priorities.isEmpty() ? 0 : 1);
    }

    public Duration target(SlaTarget target) {
        return switch (target) {
            case FIRST_REPLY -> firstReply;
            case NEXT_REPLY -> nextReply;
            case RESOLUTION -> resolution;
        };
    }
}
