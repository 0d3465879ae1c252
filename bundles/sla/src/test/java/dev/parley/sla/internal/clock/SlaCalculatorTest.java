package dev.parley.sla.internal.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.sla.api.DeadlineSource;
import dev.parley.sla.api.SlaState;
import dev.parley.sla.api.SlaTarget;
import dev.parley.sla.api.TargetStatus;
import dev.parley.sla.api.TicketSla;
import dev.parley.sla.internal.calendar.CalendarSpec;
import dev.parley.sla.internal.policy.PolicyCatalog;
import dev.parley.sla.internal.policy.SlaPolicy;

class SlaCalculatorTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private final PolicyCatalog defaults = PolicyCatalog.of(List.of(), List.of());
    private final SlaCalculator calculator = new SlaCalculator(defaults, SlaRules.DEFAULTS);

    static TicketClocks clocks(String channel, Visibility visibility, Priority priority) {
        return new TicketClocks(1, channel, visibility, priority, Optional.empty(), TicketStatus.NEW, T0,
                Optional.empty(), 0, Optional.empty(), Optional.empty(), Optional.of(T0), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty());
    }

    private static TargetStatus target(TicketSla sla, SlaTarget target) {
        return sla.target(target).orElseThrow();
    }

    private static Instant at(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void socialFirstReplyIsDueInAnHourAndWarnsAtThreeQuarters() {
        TicketClocks c = clocks("x", Visibility.PUBLIC, Priority.NORMAL);
        TargetStatus early = target(calculator.status(c, at(30)), SlaTarget.FIRST_REPLY);
        assertThat(early.due()).contains(at(60));
        assertThat(early.remaining()).isEqualTo(Duration.ofMinutes(30));
        assertThat(early.elapsedPercent()).isEqualTo(50);
        assertThat(early.state()).isEqualTo(SlaState.ON_TRACK);
        assertThat(target(calculator.status(c, at(45)), SlaTarget.FIRST_REPLY).state()).isEqualTo(SlaState.WARNING);
        TargetStatus late = target(calculator.status(c, at(61)), SlaTarget.FIRST_REPLY);
        assertThat(late.state()).isEqualTo(SlaState.BREACHED);
        assertThat(late.remaining()).isEqualTo(Duration.ofMinutes(-1));
    }

    @Test
    void defaultsByPriorityAndChannel() {
        assertThat(target(calculator.status(clocks("web", Visibility.PUBLIC, Priority.URGENT), T0), SlaTarget.FIRST_REPLY)
                .due()).contains(at(15));
        assertThat(target(calculator.status(clocks("email", Visibility.PRIVATE, Priority.NORMAL), T0),
                SlaTarget.FIRST_REPLY).due()).contains(at(240));
        assertThat(target(calculator.status(clocks("web", Visibility.PUBLIC, Priority.LOW), T0), SlaTarget.FIRST_REPLY)
                .due()).contains(at(120));
        assertThat(calculator.status(clocks("whatsapp", Visibility.PRIVATE, Priority.NORMAL), T0).policy())
                .isEqualTo("default-social");
        assertThat(calculator.status(clocks("telegram", Visibility.PRIVATE, Priority.NORMAL), T0).policy())
                .isEqualTo("default-social");
    }

    @Test
    void aReplyInTimeMeetsTheTargetAndALateOneBreachesIt() {
        TicketClocks c = clocks("x", Visibility.PUBLIC, Priority.NORMAL);
        TicketClocks replied = new TicketClocks(1, "x", Visibility.PUBLIC, Priority.NORMAL, Optional.empty(),
                TicketStatus.OPEN, T0, Optional.of(at(20)), 0, Optional.empty(), Optional.empty(), c.lastCustomerAt(),
                Optional.empty(), List.of(), Optional.empty(), Optional.empty());
        TargetStatus met = target(calculator.status(replied, at(500)), SlaTarget.FIRST_REPLY);
        assertThat(met.state()).isEqualTo(SlaState.MET);
        assertThat(met.stoppedAt()).contains(at(20));
        assertThat(met.isRunning()).isFalse();
        TicketClocks lateReply = new TicketClocks(1, "x", Visibility.PUBLIC, Priority.NORMAL, Optional.empty(),
                TicketStatus.OPEN, T0, Optional.of(at(70)), 0, Optional.empty(), Optional.empty(), c.lastCustomerAt(),
                Optional.empty(), List.of(), Optional.empty(), Optional.empty());
        assertThat(target(calculator.status(lateReply, at(500)), SlaTarget.FIRST_REPLY).state())
                .isEqualTo(SlaState.BREACHED);
    }

    @Test
    void pendingPausesAndResumingExcludesThePausedTime() {
        Pause open = new Pause(at(10), Optional.empty());
        TicketClocks pending = withPauses(List.of(open), TicketStatus.PENDING);
        TargetStatus paused = target(calculator.status(pending, at(500)), SlaTarget.FIRST_REPLY);
        assertThat(paused.state()).isEqualTo(SlaState.PAUSED);
        assertThat(paused.due()).isEmpty();
        assertThat(paused.remaining()).isEqualTo(Duration.ofMinutes(50));
        assertThat(paused.elapsedPercent()).isEqualTo(16);

        // resumed at minute 100: 90 minutes did not count, so the hour is due at minute 150
        TicketClocks resumed = withPauses(List.of(new Pause(at(10), Optional.of(at(100)))), TicketStatus.OPEN);
        TargetStatus running = target(calculator.status(resumed, at(120)), SlaTarget.FIRST_REPLY);
        assertThat(running.state()).isEqualTo(SlaState.ON_TRACK);
        assertThat(running.due()).contains(at(150));
        assertThat(running.elapsedPercent()).isEqualTo(50);
    }

    @Test
    void pausesCountOnlyInBusinessHours() {
        PolicyCatalog office = PolicyCatalog.of(List.of(policy("office", 120, Set.of())),
                List.of(CalendarSpec.parse("office", "UTC", new String[] {"MON-FRI 09:00-17:00"}, new String[0])));
        SlaCalculator calc = new SlaCalculator(office, SlaRules.DEFAULTS);
        // created Monday 10:00, pending from 11:00 to Tuesday 10:00: seven business hours paused
        TicketClocks c = withPauses(List.of(new Pause(Instant.parse("2026-03-02T11:00:00Z"),
                Optional.of(Instant.parse("2026-03-03T10:00:00Z")))), TicketStatus.OPEN);
        TargetStatus first = target(calc.status(c, Instant.parse("2026-03-03T10:00:00Z")), SlaTarget.FIRST_REPLY);
        assertThat(first.due()).contains(Instant.parse("2026-03-03T11:00:00Z"));
        assertThat(first.elapsedPercent()).isEqualTo(50);
    }

    @Test
    void aCustomerMessageAfterAReplyStartsANewNextReplyCycle() {
        TicketClocks c = new TicketClocks(1, "x", Visibility.PUBLIC, Priority.NORMAL, Optional.empty(),
                TicketStatus.OPEN, T0, Optional.of(at(5)), 2, Optional.of(at(200)), Optional.empty(),
                Optional.of(at(200)), Optional.empty(), List.of(), Optional.empty(), Optional.empty());
        TargetStatus next = target(calculator.status(c, at(230)), SlaTarget.NEXT_REPLY);
        assertThat(next.cycle()).isEqualTo(2);
        assertThat(next.startedAt()).isEqualTo(at(200));
        assertThat(next.due()).contains(at(260));
        assertThat(next.elapsedPercent()).isEqualTo(50);
    }

    @Test
    void aPolicyChangeAppliesToARunningClockFromItsOriginalStart() {
        PolicyCatalog catalog = PolicyCatalog.of(List.of(policy("social", 60, Set.of("x"))), List.of());
        SlaCalculator calc = new SlaCalculator(catalog, SlaRules.DEFAULTS);
        TicketClocks c = clocks("x", Visibility.PUBLIC, Priority.NORMAL);
        assertThat(target(calc.status(c, at(40)), SlaTarget.FIRST_REPLY).state()).isEqualTo(SlaState.ON_TRACK);
        catalog.replacePolicies(List.of(policy("social-strict", 30, Set.of("x"))));
        TargetStatus now = target(calc.status(c, at(40)), SlaTarget.FIRST_REPLY);
        assertThat(now.due()).contains(at(30));
        assertThat(now.state()).isEqualTo(SlaState.BREACHED);
        assertThat(calc.status(c, at(40)).policy()).isEqualTo("social-strict");
    }

    @Test
    void aPriorityRaisedToUrgentTightensTheTarget() {
        TicketClocks urgent = new TicketClocks(1, "web", Visibility.PUBLIC, Priority.URGENT, Optional.empty(),
                TicketStatus.OPEN, T0, Optional.empty(), 0, Optional.empty(), Optional.empty(), Optional.of(T0),
                Optional.empty(), List.of(), Optional.empty(), Optional.empty());
        assertThat(target(calculator.status(urgent, at(20)), SlaTarget.FIRST_REPLY).state()).isEqualTo(SlaState.BREACHED);
    }

    @Test
    void theMessengerWindowBindsWhenItClosesBeforeThePolicy() {
        PolicyCatalog slow = PolicyCatalog.of(List.of(policy("slow", 48 * 60, Set.of("messenger"))), List.of());
        SlaCalculator calc = new SlaCalculator(slow, SlaRules.DEFAULTS);
        TicketClocks dm = clocks("messenger", Visibility.PRIVATE, Priority.NORMAL);
        TargetStatus first = target(calc.status(dm, at(60)), SlaTarget.FIRST_REPLY);
        assertThat(first.binding()).isEqualTo(DeadlineSource.PLATFORM_WINDOW);
        assertThat(first.due()).contains(T0.plus(Duration.ofHours(23)));
        assertThat(target(calc.status(dm, at(60)), SlaTarget.RESOLUTION).binding()).isEqualTo(DeadlineSource.POLICY);
        // public posts have no window
        assertThat(target(calc.status(clocks("messenger", Visibility.PUBLIC, Priority.NORMAL), at(60)),
                SlaTarget.FIRST_REPLY).binding()).isEqualTo(DeadlineSource.POLICY);
        // with the default one-hour social policy the policy binds
        assertThat(target(calculator.status(dm, at(10)), SlaTarget.FIRST_REPLY).binding())
                .isEqualTo(DeadlineSource.POLICY);
    }

    @Test
    void afterTheMessengerWindowClosesTheHumanAgentWindowBindsForAHumanReply() {
        // ten days of policy: only the platform windows can bind
        PolicyCatalog slow = PolicyCatalog.of(List.of(policy("slow", 10 * 24 * 60, Set.of("messenger", "instagram", "whatsapp"))),
                List.of());
        SlaCalculator calc = new SlaCalculator(slow, SlaRules.DEFAULTS);
        TicketClocks dm = clocks("messenger", Visibility.PRIVATE, Priority.NORMAL);

        TargetStatus beforeClose = target(calc.status(dm, at(23 * 60 - 1)), SlaTarget.FIRST_REPLY);
        assertThat(beforeClose.binding()).isEqualTo(DeadlineSource.PLATFORM_WINDOW);
        assertThat(beforeClose.state()).isEqualTo(SlaState.WARNING);

        // the 24 h window less the one-hour margin has passed: 7 days less the margin, not a breach
        TargetStatus after = target(calc.status(dm, at(23 * 60)), SlaTarget.FIRST_REPLY);
        assertThat(after.binding()).isEqualTo(DeadlineSource.HUMAN_AGENT_WINDOW);
        assertThat(after.due()).contains(T0.plus(Duration.ofDays(7)).minus(Duration.ofHours(1)));
        assertThat(after.state()).isEqualTo(SlaState.ON_TRACK);
        assertThat(after.elapsedPercent()).isEqualTo(23 * 100 / (7 * 24 - 1));

        TargetStatus late = target(calc.status(dm, at(7 * 24 * 60)), SlaTarget.FIRST_REPLY);
        assertThat(late.binding()).isEqualTo(DeadlineSource.HUMAN_AGENT_WINDOW);
        assertThat(late.state()).isEqualTo(SlaState.BREACHED);
        assertThat(late.remaining()).isEqualTo(Duration.ofHours(-1));

        // Instagram has the tag too; WhatsApp has none, so its closed 24 h window stays breached
        assertThat(target(calc.status(clocks("instagram", Visibility.PRIVATE, Priority.NORMAL), at(24 * 60)),
                SlaTarget.FIRST_REPLY).binding()).isEqualTo(DeadlineSource.HUMAN_AGENT_WINDOW);
        TargetStatus whatsapp = target(calc.status(clocks("whatsapp", Visibility.PRIVATE, Priority.NORMAL), at(24 * 60)),
                SlaTarget.FIRST_REPLY);
        assertThat(whatsapp.binding()).isEqualTo(DeadlineSource.PLATFORM_WINDOW);
        assertThat(whatsapp.state()).isEqualTo(SlaState.BREACHED);
        assertThat(whatsapp.due()).contains(T0.plus(Duration.ofHours(23)));
    }

    @Test
    void aPolicyDueBeforeTheHumanAgentWindowStillBindsAfterThe24HourWindow() {
        PolicyCatalog twoDays = PolicyCatalog.of(List.of(policy("two-days", 48 * 60, Set.of("messenger"))), List.of());
        TargetStatus after = target(new SlaCalculator(twoDays, SlaRules.DEFAULTS)
                .status(clocks("messenger", Visibility.PRIVATE, Priority.NORMAL), at(30 * 60)), SlaTarget.FIRST_REPLY);
        assertThat(after.binding()).isEqualTo(DeadlineSource.POLICY);
        assertThat(after.due()).contains(at(48 * 60));
    }

    @Test
    void theHumanAgentWindowCountsFromTheCustomersLastMessage() {
        Duration tenDays = Duration.ofDays(10);
        PolicyCatalog slow = PolicyCatalog.of(List.of(new SlaPolicy("slow", Set.of("messenger"), Set.of(), Set.of(),
                tenDays, tenDays, tenDays.multipliedBy(2), "24x7", 0)), List.of());
        Instant followUp = at(2 * 24 * 60);
        TicketClocks replied = new TicketClocks(1, "messenger", Visibility.PRIVATE, Priority.NORMAL, Optional.empty(),
                TicketStatus.OPEN, T0, Optional.of(at(10)), 1, Optional.of(followUp), Optional.empty(),
                Optional.of(followUp), Optional.empty(), List.of(), Optional.empty(), Optional.empty());
        TargetStatus next = target(new SlaCalculator(slow, SlaRules.DEFAULTS).status(replied, followUp.plus(
                Duration.ofHours(30))), SlaTarget.NEXT_REPLY);
        assertThat(next.binding()).isEqualTo(DeadlineSource.HUMAN_AGENT_WINDOW);
        assertThat(next.due()).contains(followUp.plus(Duration.ofDays(7)).minus(Duration.ofHours(1)));
    }

    @Test
    void windowsComeFromChannelEqualsMinutes() {
        assertThat(SlaRules.parseWindows(new String[] {"Messenger = 10080"})).containsEntry("messenger",
                Duration.ofDays(7));
        assertThat(SlaRules.parseWindows(new String[] {"messenger=10080, instagram=60"})).hasSize(2)
                .containsEntry("instagram", Duration.ofHours(1));
        for (String bad : new String[] {"messenger", "messenger=soon", "messenger=0"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SlaRules.parseWindows(new String[] {bad}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel=minutes");
        }
    }

    private static TicketClocks withPauses(List<Pause> pauses, TicketStatus status) {
        return new TicketClocks(1, "x", Visibility.PUBLIC, Priority.NORMAL, Optional.empty(), status, T0,
                Optional.empty(), 0, Optional.empty(), Optional.empty(), Optional.of(T0), Optional.empty(), pauses,
                Optional.empty(), Optional.empty());
    }

    private static SlaPolicy policy(String name, int firstReplyMinutes, Set<String> channels) {
        String calendar = name.equals("office") ? "office" : "24x7";
        return new SlaPolicy(name, channels, Set.of(), Set.of(), Duration.ofMinutes(firstReplyMinutes),
                Duration.ofMinutes(60), Duration.ofMinutes(1440), calendar, 0);
    }

}
