package dev.parley.sla.internal.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.sla.api.DeadlineSource;
import dev.parley.sla.api.SlaEvents;
import dev.parley.sla.api.SlaService;
import dev.parley.sla.api.SlaState;
import dev.parley.sla.api.SlaTarget;
import dev.parley.sla.api.TargetStatus;
import dev.parley.sla.api.TicketSla;
import dev.parley.sla.internal.PostedEvents;
import dev.parley.sla.internal.store.LadderStore;

class EscalationLadderTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:30:00Z");

    private final PostedEvents events = new PostedEvents();
    private final List<Event> posted = events.posted;

    /** A ticket whose first-reply clock is 80% gone: the 50% step and the 75% warning are due. */
    private static TicketSla eightyPercentGone(long id) {
        TargetStatus first = new TargetStatus(SlaTarget.FIRST_REPLY, 0, NOW.minusSeconds(2400),
                Optional.of(NOW.plusSeconds(600)), Duration.ofMinutes(10), 80, SlaState.WARNING,
                DeadlineSource.POLICY, Optional.empty());
        return new TicketSla(id, "x", Visibility.PRIVATE, Priority.NORMAL, Optional.empty(), TicketStatus.NEW,
                "default-social", List.of(first), NOW);
    }

    @Test
    void stepsRecordedBeforeAFailedBatchAreStillPostedAndTheFailureIsReported() {
        SlaService sla = mock(SlaService.class);
        List<TicketSla> open = new ArrayList<>();
        for (long id = 1; id <= 3 * EscalationLadder.BATCH; id++) {
            open.add(eightyPercentGone(id)); // a ladder each, two steps up: three full batches
        }
        when(sla.openTickets()).thenReturn(open);
        LadderStore store = mock(LadderStore.class);
        when(store.climbedForOpen()).thenReturn(Map.of());
        int[] calls = {0};
        java.util.concurrent.atomic.AtomicInteger recordedSteps = new java.util.concurrent.atomic.AtomicInteger();
        when(store.climbAll(any(), any())).thenAnswer(call -> {
            Thread.sleep(100); // a commit takes a while: the second is done only after the pass ended
            if (++calls[0] == 3) {
                throw new IllegalStateException("disk full");
            }
            List<LadderStore.Climb> climbs = call.getArgument(0);
            recordedSteps.addAndGet(2 * climbs.size());
            return climbs.stream().mapToInt(LadderStore.Climb::seen).toArray();
        });
        EscalationLadder ladder = new EscalationLadder(sla, store, events, new int[] {50}, 75,
                Clock.fixed(NOW, ZoneOffset.UTC), 0);

        assertThatThrownBy(ladder::tick).isInstanceOf(IllegalStateException.class).hasMessage("disk full");
        // recorded steps never fire again, so each recorded one must have been posted, also those of
        // the batch that committed while the pass waited for the last one
        assertThat(recordedSteps.get()).isEqualTo(2 * 2 * EscalationLadder.BATCH);
        assertThat(posted).hasSize(recordedSteps.get());
    }

    @Test
    void everyStepReachedIsPostedOnceWithItsTopic() {
        SlaService sla = mock(SlaService.class);
        List<TicketSla> open = new ArrayList<>();
        for (long id = 1; id <= 2 * EscalationLadder.BATCH + 7; id++) {
            open.add(eightyPercentGone(id));
        }
        when(sla.openTickets()).thenReturn(open);
        LadderStore store = mock(LadderStore.class);
        // ticket 1's ladder stood at 50 when the pass began; ticket 2's was taken to 75 by another pass meanwhile
        when(store.climbedForOpen()).thenReturn(Map.of(new LadderStore.Ladder(1, SlaTarget.FIRST_REPLY, 0), 50));
        when(store.climbAll(any(), any())).thenAnswer(call -> call.<List<LadderStore.Climb>>getArgument(0).stream()
                .mapToInt(k -> k.ladder().ticketId() == 2 ? LadderStore.TAKEN : k.seen()).toArray());
        EscalationLadder ladder = new EscalationLadder(sla, store, events, new int[] {50}, 75,
                Clock.fixed(NOW, ZoneOffset.UTC), 0);

        int expected = 2 * open.size() - 1 - 2;
        assertThat(ladder.tick()).isEqualTo(expected);
        assertThat(posted).hasSize(expected);
        assertThat(posted.stream().filter(e -> e.getTopic().equals(SlaEvents.WARNING))).hasSize(open.size() - 1);
        assertThat(posted.stream().map(e -> e.getProperty(SlaEvents.TICKET_ID) + "@" + e.getProperty(SlaEvents.ELAPSED_PERCENT))
                .distinct()).hasSize(expected);
        assertThat(posted.stream().filter(e -> e.getProperty(SlaEvents.TICKET_ID).equals(1L)))
                .extracting(e -> e.getProperty(SlaEvents.ELAPSED_PERCENT)).containsExactly(75);
        assertThat(posted.stream().filter(e -> e.getProperty(SlaEvents.TICKET_ID).equals(3L)))
                .extracting(e -> e.getProperty(SlaEvents.ELAPSED_PERCENT)).containsExactly(50, 75);
    }

    @Test
    void aWarningAtZeroFromAHandWrittenFileIsPostedAtOnePercentNotNever() {
        SlaService sla = mock(SlaService.class);
        when(sla.openTickets()).thenReturn(List.of(eightyPercentGone(1)));
        LadderStore store = mock(LadderStore.class);
        when(store.climbedForOpen()).thenReturn(Map.of());
        when(store.climbAll(any(), any())).thenAnswer(call -> call.<List<LadderStore.Climb>>getArgument(0).stream()
                .mapToInt(LadderStore.Climb::seen).toArray());
        EscalationLadder ladder = new EscalationLadder(sla, store, events, new int[] {50}, 0,
                Clock.fixed(NOW, ZoneOffset.UTC), 0);

        assertThat(ladder.tick()).isEqualTo(2);
        assertThat(posted).extracting(Event::getTopic).containsExactly(SlaEvents.WARNING, SlaEvents.STEP);
        assertThat(posted.get(0).getProperty(SlaEvents.ELAPSED_PERCENT)).isEqualTo(1);
    }
}
