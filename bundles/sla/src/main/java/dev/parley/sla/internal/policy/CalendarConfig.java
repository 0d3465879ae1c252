package dev.parley.sla.internal.policy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley SLA business-hours calendar",
        description = "When SLA clocks run for the policies that name this calendar. Without hours: around the clock.")
public @interface CalendarConfig {

    String PID = "dev.parley.sla.calendar";

    @AttributeDefinition(name = "Id", description = "What policies refer to, e.g. office")
    String id();

    @AttributeDefinition(name = "Time zone", description = "e.g. Europe/Berlin")
    String zone() default "UTC";

    @AttributeDefinition(name = "Weekly hours", description = "Lines like 'MON-FRI 09:00-17:00' or 'SAT 10:00-12:00, 13:00-15:00'")
    String[] hours() default {};

    @AttributeDefinition(name = "Holidays", description = "ISO dates, e.g. 2026-12-25")
    String[] holidays() default {};
}
