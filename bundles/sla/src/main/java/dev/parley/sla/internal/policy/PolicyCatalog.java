package dev.parley.sla.internal.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.sla.internal.calendar.BusinessCalendar;

/**
 * The policies and calendars in force: the configured ones, then the built-in defaults. Policies are
 * resolved each time a status is computed, so a policy change (or a ticket's new priority) applies
 * to running clocks at once, measured from their original start.
 */
@Component(service = PolicyCatalog.class)
public final class PolicyCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyCatalog.class);

    public static final Set<String> SOCIAL_CHANNELS = Set.of("x", "messenger", "instagram", "facebook", "whatsapp",
            "telegram");

    /** The defaults, consulted after every configured policy. */
    public static final List<SlaPolicy> BUILT_IN = List.of(
            builtIn("default-urgent", Set.of(), Set.of(Priority.URGENT), 15, 15, 240, 30),
            builtIn("default-social", SOCIAL_CHANNELS, Set.of(), 60, 60, 1440, 20),
            builtIn("default-email", Set.of("email"), Set.of(), 240, 480, 2880, 10),
            builtIn("default-web", Set.of("web"), Set.of(), 120, 240, 2880, 10),
            builtIn("default", Set.of(), Set.of(), 240, 480, 4320, 0));

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ConfiguredPolicy> configuredPolicies = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ConfiguredCalendar> configuredCalendars = List.of();

    public PolicyCatalog() {
    }

    /** For tests: fixed policies and calendars. */
    public static PolicyCatalog of(List<SlaPolicy> policies, List<BusinessCalendar> calendars) {
        PolicyCatalog catalog = new PolicyCatalog();
        catalog.fixedPolicies = List.copyOf(policies);
        catalog.fixedCalendars = List.copyOf(calendars);
        return catalog;
    }

    private volatile List<SlaPolicy> fixedPolicies = List.of();
    private volatile List<BusinessCalendar> fixedCalendars = List.of();

    /** Mutable for tests that change a policy mid-ticket. */
    public void replacePolicies(List<SlaPolicy> policies) {
        fixedPolicies = List.copyOf(policies);
    }

    /** Configured policies in the order they are tried. */
    public List<SlaPolicy> configured() {
        List<SlaPolicy> all = new ArrayList<>(fixedPolicies);
        configuredPolicies.forEach(p -> all.add(p.policy()));
        all.sort(ORDER);
        return all;
    }

    public List<BusinessCalendar> calendars() {
        List<BusinessCalendar> all = new ArrayList<>();
        all.add(BusinessCalendar.ALWAYS);
        all.addAll(fixedCalendars);
        configuredCalendars.forEach(c -> all.add(c.calendar()));
        return all;
    }

    public Resolved resolve(String channel, Visibility visibility, Priority priority) {
        SlaPolicy policy = configured().stream().filter(p -> p.matches(channel, visibility, priority)).findFirst()
                .orElseGet(() -> BUILT_IN.stream().filter(p -> p.matches(channel, visibility, priority)).findFirst()
                        .orElseThrow());
        return new Resolved(policy, calendar(policy.calendarId()));
    }

    private BusinessCalendar calendar(String id) {
        for (BusinessCalendar c : calendars()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        LOG.warn("SLA calendar '{}' is not configured; clocks run around the clock until it is", id);
        return BusinessCalendar.ALWAYS;
    }

    private static final Comparator<SlaPolicy> ORDER = Comparator.comparingInt(SlaPolicy::ranking).reversed()
            .thenComparing(Comparator.comparingInt(SlaPolicy::specificity).reversed())
            .thenComparing(SlaPolicy::name);

    private static SlaPolicy builtIn(String name, Set<String> channels, Set<Priority> priorities, int first, int next,
            int resolution, int ranking) {
        return new SlaPolicy(name, channels, Set.of(), priorities, Duration.ofMinutes(first), Duration.ofMinutes(next),
                Duration.ofMinutes(resolution), BusinessCalendar.ALWAYS_ID, ranking);
    }

    /** A policy with the calendar it names. */
    public record Resolved(SlaPolicy policy, BusinessCalendar calendar) {
    }
}
