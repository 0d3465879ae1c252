package dev.parley.sla.internal.web;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley SLA widget",
        description = "Which helpdesk pages on other origins may embed the SLA web components.")
public @interface SlaWebConfig {

    String PID = "dev.parley.sla.web";

    @AttributeDefinition(name = "Allowed origins", description = "Origins (scheme://host[:port], e.g. "
            + "https://helpdesk.example.com) whose pages may load /sla/* and call /api/sla/* including the event "
            + "stream; empty allows none (same-origin use needs no entry)")
    String[] allowedOrigins() default {};
}
