package dev.parley.sla.internal.shell;

import java.util.Optional;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.sla.api.SlaService;
import dev.parley.sla.api.TargetStatus;
import dev.parley.sla.api.TicketSla;
import dev.parley.sla.internal.policy.PolicyCatalog;
import dev.parley.sla.internal.policy.SlaPolicy;

/**
 * Gogo commands for administrators: {@code parley:slapolicies} lists the policies in the order they
 * are tried, {@code parley:sla} shows the open queue and {@code parley:sla <ticketId>} one ticket.
 */
@Component(service = SlaCommands.class, property = {"osgi.command.scope=parley",
        "osgi.command.function=sla", "osgi.command.function=slapolicies"})
public final class SlaCommands {

    private final SlaService sla;
    private final PolicyCatalog policies;

    @Activate
    public SlaCommands(@Reference SlaService sla, @Reference PolicyCatalog policies) {
        this.sla = sla;
        this.policies = policies;
    }

    public String slapolicies() {
        StringBuilder out = new StringBuilder();
        policies.configured().forEach(p -> out.append(line(p, "configured")));
        PolicyCatalog.BUILT_IN.forEach(p -> out.append(line(p, "built-in")));
        return out.toString();
    }

    public String sla() {
        StringBuilder out = new StringBuilder();
        for (TicketSla t : sla.openTickets()) {
            out.append(String.format("#%-8d %-10s %-7s %-8s %s%n", t.ticketId(), t.channel(), t.visibility(),
                    t.priority(), t.nextDue().map(SlaCommands::target).orElse("no running target")));
        }
        return out.length() == 0 ? "no open tickets\n" : out.toString();
    }

    public String sla(long ticketId) {
        Optional<TicketSla> status = sla.status(ticketId);
        if (status.isEmpty()) {
            return "ticket " + ticketId + " has no SLA clocks\n";
        }
        TicketSla t = status.get();
        return "ticket " + t.ticketId() + " (" + t.channel() + ", " + t.visibility() + ", " + t.priority() + ", "
                + t.ticketStatus() + ") policy " + t.policy() + "\n"
                + t.targets().stream().map(s -> "  " + target(s) + "\n").collect(Collectors.joining());
    }

    private static String target(TargetStatus s) {
        return String.format("%-11s cycle %d %-8s %3d%% due %s (%s) remaining %s", s.target(), s.cycle(), s.state(),
                s.elapsedPercent(), s.due().map(Object::toString).orElse("-"), s.binding(), s.remaining());
    }

    private static String line(SlaPolicy p, String origin) {
        return String.format("%-20s %-10s rank %3d channels=%s visibilities=%s priorities=%s first=%dm next=%dm "
                + "resolution=%dm calendar=%s%n", p.name(), origin, p.ranking(), p.channels(), p.visibilities(),
                p.priorities(), p.firstReply().toMinutes(), p.nextReply().toMinutes(), p.resolution().toMinutes(),
                p.calendarId());
    }
}
