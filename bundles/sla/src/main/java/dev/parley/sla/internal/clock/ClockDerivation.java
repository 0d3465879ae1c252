package dev.parley.sla.internal.clock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.MessageMark;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.TicketOutline;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;

/**
 * Brings a ticket's clocks up to date with the ticket. Reply clocks are re-derived from the whole
 * conversation each time, which makes redelivered or reordered events harmless and lets a ticket
 * that existed before the bundle be backfilled the same way. Pauses are not in the ticket, so they
 * follow status changes as the bundle sees them: those ticket events announced (dated by the event's
 * commit timestamp), then the status of the ticket read (dated by its {@code updatedAt}).
 */
public final class ClockDerivation {

    private ClockDerivation() {
    }

    /** The clocks after {@code ticket}'s latest change; {@code previous} empty for a ticket seen first. */
    public static TicketClocks apply(Optional<TicketClocks> previous, Ticket ticket) {
        return apply(previous, TicketOutline.of(ticket), List.of());
    }

    /**
     * As {@link #apply(Optional, Ticket)}, first replaying the status changes ticket events announced
     * since {@code previous} was derived, oldest first. The ticket read afterwards shows only its
     * latest status, so without them a PENDING (or SOLVED) stretch that began and ended in between
     * would leave no pause. A change dated before {@code previous}'s latest pause or resolution
     * boundary is history an earlier read already accounted for, and is skipped rather than counted twice.
     */
    public static TicketClocks apply(Optional<TicketClocks> previous, TicketOutline outline,
            List<StatusChange> announced) {
        TicketHead ticket = outline.head();
        Conversation c = Conversation.of(outline.messages());
        StatusTrack track = new StatusTrack(previous);
        Instant accountedUntil = track.latestBoundary();
        for (StatusChange change : announced) {
            if (!change.at().isBefore(accountedUntil)) {
                track.observe(change.status(), change.at());
            }
        }
        track.observe(ticket.status(), ticket.updatedAt());
        Optional<TicketClocks> kept = previous.filter(p -> p.firstReplyAt().equals(c.firstReplyAt()));
        return new TicketClocks(ticket.id(), ticket.channel(), c.visibility(), ticket.priority(), ticket.group(),
                ticket.status(), ticket.createdAt(), c.firstReplyAt(), c.replyCycle(), c.cycleStartedAt(),
                c.cycleStoppedAt(), c.lastCustomerAt(), track.resolvedAt, track.pauses,
                kept.flatMap(TicketClocks::firstReplyElapsed), kept.flatMap(TicketClocks::firstReplyTarget));
    }

    /** Status, pauses and resolution, moved along by the statuses the bundle sees. */
    private static final class StatusTrack {
        private final List<Pause> pauses;
        private Optional<Instant> resolvedAt;
        private TicketStatus status;

        StatusTrack(Optional<TicketClocks> previous) {
            pauses = new ArrayList<>(previous.map(TicketClocks::pauses).orElse(List.of()));
            resolvedAt = previous.flatMap(TicketClocks::resolvedAt);
            status = previous.map(TicketClocks::status).orElse(TicketStatus.OPEN);
        }

        Instant latestBoundary() {
            Instant latest = resolvedAt.orElse(Instant.MIN);
            for (Pause p : pauses) {
                Instant end = p.until().orElse(p.from());
                latest = end.isAfter(latest) ? end : latest;
                latest = p.from().isAfter(latest) ? p.from() : latest;
            }
            return latest;
        }

        /** The ticket is in status {@code now} since {@code changedAt}; the same status again changes nothing. */
        void observe(TicketStatus now, Instant changedAt) {
            if (status == TicketStatus.PENDING && now != TicketStatus.PENDING) {
                closeOpenPause(pauses, changedAt);
            }
            if (now == TicketStatus.PENDING
                    && (status != TicketStatus.PENDING || pauses.stream().noneMatch(Pause::isOpen))) {
                pauses.add(new Pause(changedAt, Optional.empty()));
            }
            if (!now.isOpen() && resolvedAt.isEmpty()) {
                resolvedAt = Optional.of(changedAt);
            } else if (now.isOpen() && resolvedAt.isPresent()) {
                // reopened: the resolution clock goes on, the solved stretch does not count
                pauses.add(new Pause(resolvedAt.get(), Optional.of(changedAt)));
                resolvedAt = Optional.empty();
            }
            status = now;
        }
    }

    private static void closeOpenPause(List<Pause> pauses, Instant at) {
        for (int i = 0; i < pauses.size(); i++) {
            Pause p = pauses.get(i);
            if (p.isOpen()) {
                pauses.set(i, new Pause(p.from(), Optional.of(at.isBefore(p.from()) ? p.from() : at)));
            }
        }
    }

    static boolean isReply(MessageMark m) {
        return m.direction() == Direction.OUTBOUND && m.visibility() != Visibility.INTERNAL_NOTE;
    }

    /** The reply-clock facts a conversation implies. */
    record Conversation(Visibility visibility, Optional<Instant> firstReplyAt, int replyCycle,
            Optional<Instant> cycleStartedAt, Optional<Instant> cycleStoppedAt, Optional<Instant> lastCustomerAt) {

        static Conversation of(List<MessageMark> messages) {
            Visibility visibility = messages.stream().map(MessageMark::visibility)
                    .filter(v -> v != Visibility.INTERNAL_NOTE).findFirst().orElse(Visibility.PUBLIC);
            Instant firstReply = null;
            int cycle = 0;
            Instant cycleStart = null;
            Instant cycleStop = null;
            boolean awaiting = false;
            Instant lastCustomer = null;
            for (MessageMark m : messages) {
                if (m.direction() == Direction.INBOUND) {
                    lastCustomer = m.createdAt();
                    if (firstReply != null && !awaiting) {
                        awaiting = true;
                        cycle++;
                        cycleStart = m.createdAt();
                        cycleStop = null;
                    }
                } else if (isReply(m)) {
                    if (firstReply == null) {
                        firstReply = m.createdAt();
                    } else if (awaiting) {
                        awaiting = false;
                        cycleStop = m.createdAt();
                    }
                }
            }
            return new Conversation(visibility, Optional.ofNullable(firstReply), cycle, Optional.ofNullable(cycleStart),
                    Optional.ofNullable(cycleStop), Optional.ofNullable(lastCustomer));
        }
    }
}
