package dev.parley.example.vip;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

import dev.parley.escalation.api.EscalationRule;
import dev.parley.escalation.api.RuleAction;
import dev.parley.escalation.api.RuleContext;
import dev.parley.escalation.api.RuleOutcome;
import dev.parley.escalation.api.TriggerKind;
import dev.parley.helpdesk.api.Priority;

/**
 * A customer on the VIP list: URGENT, assigned to the VIP group, tagged {@code vip}. Pure: reads the
 * context, returns data; the engine applies it once per message and records it in the audit.
 * Ranked 50, ahead of the shipped defaults' complaint handling (0..100 by default).
 */
@Component(service = EscalationRule.class, configurationPid = VipConfig.PID,
        property = Constants.SERVICE_RANKING + ":Integer=50")
@Designate(ocd = VipConfig.class)
public final class VipRule implements EscalationRule {

    private final Set<String> vips;
    private final String group;

    @Activate
    public VipRule(VipConfig config) {
        this.vips = Arrays.stream(config.customers()).flatMap(c -> Arrays.stream(c.split(",")))
                .map(c -> c.strip().replaceFirst("^@", "").toLowerCase(Locale.ROOT)).filter(c -> !c.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.group = config.group();
    }

    @Override
    public String name() {
        return "example-vip";
    }

    @Override
    public String version() {
        return "1.0";
    }

    @Override
    public RuleOutcome evaluate(RuleContext context) {
        if (context.trigger() != TriggerKind.MESSAGE) {
            return RuleOutcome.none();
        }
        String handle = context.author().handle().map(h -> h.toLowerCase(Locale.ROOT)).orElse("");
        String name = context.author().displayName().toLowerCase(Locale.ROOT);
        if (!vips.contains(handle) && !vips.contains(name)) {
            return RuleOutcome.none();
        }
        return RuleOutcome.fire("VIP customer " + context.author().displayName(),
                new RuleAction.SetPriority(Priority.URGENT), new RuleAction.AssignGroup(group),
                new RuleAction.AddTags(Set.of("vip")));
    }
}
