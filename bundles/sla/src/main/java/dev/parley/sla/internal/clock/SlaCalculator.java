package dev.parley.sla.internal.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.parley.helpdesk.api.Visibility;
import dev.parley.sla.api.DeadlineSource;
import dev.parley.sla.api.SlaState;
import dev.parley.sla.api.SlaTarget;
import dev.parley.sla.api.TargetStatus;
import dev.parley.sla.api.TicketSla;
import dev.parley.sla.internal.calendar.BusinessCalendar;
import dev.parley.sla.internal.policy.PolicyCatalog;
import dev.parley.sla.internal.policy.SlaPolicy;

/**
 * Turns a ticket's clocks into its status at a moment. Elapsed time is business time of the
 * policy's calendar minus paused business time; the policy's due time is where that reaches the
 * target. For private conversations on a platform with a reply window, the window's close minus
 * the margin is a second deadline for the reply targets, and the earlier one binds.
 */
public final class SlaCalculator {

    private final PolicyCatalog policies;
    private final SlaRules rules;

    public SlaCalculator(PolicyCatalog policies, SlaRules rules) {
        this.policies = policies;
        this.rules = rules;
    }

    public SlaRules rules() {
        return rules;
    }

    public PolicyCatalog.Resolved policyFor(TicketClocks clocks) {
        return policies.resolve(clocks.channel(), clocks.visibility(), clocks.priority());
    }

    public TicketSla status(TicketClocks clocks, Instant now) {
        PolicyCatalog.Resolved resolved = policyFor(clocks);
        SlaPolicy policy = resolved.policy();
        BusinessCalendar calendar = resolved.calendar();
        List<TargetStatus> targets = new ArrayList<>();
        Optional<Instant> resolvedAt = clocks.resolvedAt();
        targets.add(target(SlaTarget.FIRST_REPLY, 0, clocks.createdAt(), or(clocks.firstReplyAt(), resolvedAt),
                policy.firstReply(), calendar, clocks, now));
        if (clocks.replyCycle() > 0) {
            targets.add(target(SlaTarget.NEXT_REPLY, clocks.replyCycle(), clocks.cycleStartedAt().orElseThrow(),
                    or(clocks.cycleStoppedAt(), resolvedAt), policy.nextReply(), calendar, clocks, now));
        }
        targets.add(target(SlaTarget.RESOLUTION, 0, clocks.createdAt(), resolvedAt, policy.resolution(), calendar,
                clocks, now));
        return new TicketSla(clocks.ticketId(), clocks.channel(), clocks.visibility(), clocks.priority(),
                clocks.group(), clocks.status(), policy.name(), targets, now);
    }

    /** Business time a clock started at {@code start} has counted by {@code end}, pauses excluded. */
    public static Duration elapsed(BusinessCalendar calendar, List<Pause> pauses, Instant start, Instant end) {
        return calendar.between(start, end).minus(paused(calendar, pauses, start, end));
    }

    static Duration paused(BusinessCalendar calendar, List<Pause> pauses, Instant start, Instant end) {
        Duration total = Duration.ZERO;
        for (Pause p : pauses) {
            Instant from = p.from().isAfter(start) ? p.from() : start;
            Instant until = p.until().filter(u -> u.isBefore(end)).orElse(end);
            total = total.plus(calendar.between(from, until));
        }
        return total;
    }

    private TargetStatus target(SlaTarget target, int cycle, Instant start, Optional<Instant> stop, Duration allowed,
            BusinessCalendar calendar, TicketClocks clocks, Instant now) {
        Instant end = stop.filter(s -> s.isBefore(now)).orElse(now);
        Duration paused = paused(calendar, clocks.pauses(), start, end);
        Duration elapsed = calendar.between(start, end).minus(paused);
        Instant policyDue = calendar.plus(start, allowed.plus(paused));
        int policyPercent = percent(elapsed, allowed);
        if (stop.isPresent()) {
            SlaState state = elapsed.compareTo(allowed) <= 0 ? SlaState.MET : SlaState.BREACHED;
            return new TargetStatus(target, cycle, start, Optional.of(policyDue), Duration.between(stop.get(), policyDue),
                    policyPercent, state, DeadlineSource.POLICY, stop);
        }
        if (clocks.isPaused()) {
            return new TargetStatus(target, cycle, start, Optional.empty(), allowed.minus(elapsed), policyPercent,
                    SlaState.PAUSED, DeadlineSource.POLICY, Optional.empty());
        }
        Optional<Deadline> window = windowDue(target, clocks, now);
        if (window.isPresent() && window.get().due().isBefore(policyDue)) {
            Instant due = window.get().due();
            int percent = due.isAfter(start) ? percent(Duration.between(start, now), Duration.between(start, due)) : 100;
            return new TargetStatus(target, cycle, start, Optional.of(due), Duration.between(now, due), percent,
                    state(percent), window.get().source(), Optional.empty());
        }
        return new TargetStatus(target, cycle, start, Optional.of(policyDue), Duration.between(now, policyDue),
                policyPercent, state(policyPercent), DeadlineSource.POLICY, Optional.empty());
    }

    /**
     * The platform's deadline for a reply, each window counted from the customer's last message less
     * the margin: the standard window while it is open; once it has closed, the human-agent window
     * where the platform has one (a human may still answer), else the closed standard window.
     */
    private Optional<Deadline> windowDue(SlaTarget target, TicketClocks clocks, Instant now) {
        if (target == SlaTarget.RESOLUTION || clocks.visibility() != Visibility.PRIVATE
                || clocks.lastCustomerAt().isEmpty()) {
            return Optional.empty();
        }
        Instant last = clocks.lastCustomerAt().get();
        Optional<Deadline> standard = rules.window(clocks.channel())
                .map(w -> new Deadline(last.plus(w).minus(rules.windowMargin()), DeadlineSource.PLATFORM_WINDOW));
        if (standard.isPresent() && now.isBefore(standard.get().due())) {
            return standard;
        }
        Optional<Deadline> humanAgent = rules.humanAgentWindow(clocks.channel())
                .map(w -> new Deadline(last.plus(w).minus(rules.windowMargin()), DeadlineSource.HUMAN_AGENT_WINDOW));
        return humanAgent.isPresent() ? humanAgent : standard;
    }

    private record Deadline(Instant due, DeadlineSource source) {
    }

    private SlaState state(int percent) {
        if (percent >= 100) {
            return SlaState.BREACHED;
        }
        return percent >= rules.warningPercent() ? SlaState.WARNING : SlaState.ON_TRACK;
    }

    static int percent(Duration part, Duration whole) {
        if (whole.isZero()) {
            return 100;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, part.toMillis()) * 100 / whole.toMillis());
    }

    private static Optional<Instant> or(Optional<Instant> first, Optional<Instant> second) {
        return first.isPresent() ? first : second;
    }
}
