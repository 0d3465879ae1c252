package dev.parley.escalation.internal.sla;

import java.util.Comparator;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.escalation.api.SlaSnapshot;
import dev.parley.escalation.internal.engine.SlaStatusSource;
import dev.parley.sla.api.SlaService;
import dev.parley.sla.api.TargetStatus;

/**
 * The one place that uses the SLA plugin's API (imported optionally): present only while an
 * {@link SlaService} is, so the engine runs unchanged without the SLA bundle. Reports the running
 * target due first, or else the one that breached.
 */
@Component(service = SlaStatusSource.class)
public final class SlaBridge implements SlaStatusSource {

    private final SlaService sla;

    @Activate
    public SlaBridge(@Reference SlaService sla) {
        this.sla = sla;
    }

    @Override
    public Optional<SlaSnapshot> status(long ticketId) {
        return sla.status(ticketId).flatMap(s -> s.nextDue().or(() -> s.targets().stream()
                .max(Comparator.comparingInt(TargetStatus::elapsedPercent))))
                .map(t -> new SlaSnapshot(t.target().name(), t.state().name(), t.remaining(), t.elapsedPercent()));
    }
}
