package dev.parley.sla.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.sla.internal.clock.TicketClocks;
import dev.parley.sla.internal.stats.Responsiveness.ChannelFigures;
import dev.parley.sla.internal.stats.Responsiveness.Figures;

class ResponsivenessTest {

    private static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");

    private static TicketClocks ticket(String channel, Visibility visibility, int daysAgo, Integer replyMinutes) {
        Instant created = NOW.minus(Duration.ofDays(daysAgo));
        Optional<Instant> reply = Optional.ofNullable(replyMinutes).map(m -> created.plus(Duration.ofMinutes(m)));
        return new TicketClocks(daysAgo * 100L + (replyMinutes == null ? 0 : replyMinutes), channel, visibility,
                Priority.NORMAL, Optional.empty(), TicketStatus.SOLVED, created, reply, 0, Optional.empty(),
                Optional.empty(), Optional.of(created), Optional.empty(), List.of(),
                reply.map(r -> Duration.ofMinutes(replyMinutes)), reply.map(r -> Duration.ofMinutes(60)));
    }

    @Test
    void figuresOfASmallFixedDataSet() {
        List<TicketClocks> data = new ArrayList<>();
        // messenger DMs this week: replies after 5, 10, 20, 30, 90 minutes, one unanswered
        for (int m : new int[] {5, 10, 20, 30, 90}) {
            data.add(ticket("messenger", Visibility.PRIVATE, 2, m));
        }
        data.add(ticket("messenger", Visibility.PRIVATE, 3, null));
        // older messenger DMs (in 30 days only): two fast replies
        data.add(ticket("messenger", Visibility.PRIVATE, 20, 1));
        data.add(ticket("messenger", Visibility.PRIVATE, 21, 2));

        ChannelFigures messenger = Responsiveness.compute(data, NOW).get(0);
        Figures week = messenger.periods().get("7d").get("private");
        assertThat(week.tickets()).isEqualTo(6);
        assertThat(week.replied()).isEqualTo(5);
        assertThat(week.responseRatePercent()).isEqualTo(83.3);
        assertThat(week.medianMinutes()).isEqualTo(20.0);
        assertThat(week.p90Minutes()).isEqualTo(90.0);
        assertThat(week.p95Minutes()).isEqualTo(90.0);
        assertThat(week.withinTargetPercent()).isEqualTo(80.0);

        Figures month = messenger.periods().get("30d").get("private");
        assertThat(month.tickets()).isEqualTo(8);
        assertThat(month.medianMinutes()).isEqualTo(10.0); // 1, 2, 5, 10, 20, 30, 90: rank 4
        assertThat(month.p90Minutes()).isEqualTo(90.0);
        assertThat(messenger.periods().get("7d").get("public").tickets()).isZero();

        assertThat(messenger.badge()).isEqualTo("typically replies within an hour");
        assertThat(messenger.warnings()).hasSize(2).allSatisfy(w -> assertThat(w).contains("very responsive"));
    }

    @Test
    void aFastChannelKeepsTheBadgeWithoutWarnings() {
        List<TicketClocks> data = List.of(ticket("messenger", Visibility.PRIVATE, 1, 3),
                ticket("messenger", Visibility.PRIVATE, 1, 7), ticket("x", Visibility.PUBLIC, 1, 300));
        List<ChannelFigures> figures = Responsiveness.compute(data, NOW);
        assertThat(figures).extracting(ChannelFigures::channel).containsExactly("messenger", "x");
        assertThat(figures.get(0).badge()).isEqualTo("typically replies within 15 minutes");
        assertThat(figures.get(0).warnings()).isEmpty();
        assertThat(figures.get(1).badge()).isEqualTo("typically replies within a day");
        assertThat(figures.get(1).warnings()).isEmpty();
    }

    @Test
    void badgeTextsAndPercentiles() {
        assertThat(Responsiveness.badge(15.0)).isEqualTo("typically replies within 15 minutes");
        assertThat(Responsiveness.badge(180.0)).isEqualTo("typically replies within a few hours");
        assertThat(Responsiveness.badge(2000.0)).isNull();
        assertThat(Responsiveness.percentile(List.of(1.0, 2.0, 3.0, 4.0), 50)).isEqualTo(2.0);
        assertThat(Responsiveness.percentile(List.of(), 50)).isNull();
    }
}
