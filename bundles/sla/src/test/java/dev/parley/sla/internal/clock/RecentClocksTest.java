package dev.parley.sla.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;

class RecentClocksTest {

    private static TicketClocks clocks(long ticketId, TicketStatus status) {
        return new TicketClocks(ticketId, "x", Visibility.PRIVATE, Priority.NORMAL, Optional.empty(), status,
                Instant.EPOCH, Optional.empty(), 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    }

    @Test
    void whatTheEngineSavedWinsOverAStatusReadThatRacedIt() {
        RecentClocks recent = new RecentClocks();
        assertThat(recent.get(1)).isEmpty();
        recent.put(clocks(1, TicketStatus.OPEN)); // the engine saved OPEN
        recent.offer(clocks(1, TicketStatus.NEW)); // a status read that started before the save found NEW
        assertThat(recent.get(1)).contains(clocks(1, TicketStatus.OPEN));
        recent.put(clocks(1, TicketStatus.PENDING)); // the engine's next save replaces it
        assertThat(recent.get(1)).contains(clocks(1, TicketStatus.PENDING));
    }

    @Test
    void aStatusReadFillsAnEmptySlot() {
        RecentClocks recent = new RecentClocks();
        recent.offer(clocks(2, TicketStatus.OPEN));
        assertThat(recent.get(2)).contains(clocks(2, TicketStatus.OPEN));
        assertThat(recent.get(3)).isEmpty();
    }
}
