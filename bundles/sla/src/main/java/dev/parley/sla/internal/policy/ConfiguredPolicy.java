package dev.parley.sla.internal.policy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.Visibility;

/** One policy per factory configuration of {@value PolicyConfig#PID} (for example etc/dev.parley.sla.policy-social.cfg). */
@Component(service = ConfiguredPolicy.class, configurationPid = PolicyConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PolicyConfig.class, factory = true)
public final class ConfiguredPolicy {

    private final SlaPolicy policy;

    @Activate
    public ConfiguredPolicy(PolicyConfig config) {
        this.policy = of(config);
    }

    public SlaPolicy policy() {
        return policy;
    }

    static SlaPolicy of(PolicyConfig config) {
        return new SlaPolicy(config.name(), Arrays.stream(config.channels()).collect(Collectors.toSet()),
                Arrays.stream(config.visibilities()).map(v -> Visibility.valueOf(v.trim().toUpperCase(Locale.ROOT)))
                        .collect(Collectors.toSet()),
                Arrays.stream(config.priorities()).map(p -> Priority.valueOf(p.trim().toUpperCase(Locale.ROOT)))
                        .collect(Collectors.toSet()),
                Duration.ofMinutes(config.firstReplyMinutes()), Duration.ofMinutes(config.nextReplyMinutes()),
                Duration.ofMinutes(config.resolutionMinutes()), config.calendar().trim(), config.ranking());
    }
}
