package dev.parley.sla.internal.policy;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import dev.parley.sla.internal.calendar.BusinessCalendar;
import dev.parley.sla.internal.calendar.CalendarSpec;

/** One calendar per factory configuration of {@value CalendarConfig#PID}. */
@Component(service = ConfiguredCalendar.class, configurationPid = CalendarConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CalendarConfig.class, factory = true)
public final class ConfiguredCalendar {

    private final BusinessCalendar calendar;

    @Activate
    public ConfiguredCalendar(CalendarConfig config) {
        this.calendar = CalendarSpec.parse(config.id().trim(), config.zone(), config.hours(), config.holidays());
    }

    public BusinessCalendar calendar() {
        return calendar;
    }
}
