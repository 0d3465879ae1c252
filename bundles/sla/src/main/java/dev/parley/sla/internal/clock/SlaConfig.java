package dev.parley.sla.internal.clock;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley SLA",
        description = "Warning threshold, escalation ladder and platform reply windows for SLA clocks.")
public @interface SlaConfig {

    String PID = "dev.parley.sla";

    @AttributeDefinition(name = "Warning at (% elapsed)", min = "1", max = "99",
            description = "A running target turns WARNING, and parley/sla/WARNING is posted, at this share of its time")
    int warningPercent() default 75;

    @AttributeDefinition(name = "Escalation ladder (% elapsed)",
            description = "Steps posted once each per target and cycle; the warning step and 100 (breach) are always included")
    int[] ladderPercents() default {50, 75, 90};

    @AttributeDefinition(name = "Escalation pass (seconds)", min = "1",
            description = "How often the open tickets are checked for ladder steps reached; a step is posted at most "
                    + "this long after it was reached")
    int ladderTickSeconds() default 60;

    @AttributeDefinition(name = "Platform reply windows", description = "channel=minutes for private conversations")
    String[] platformWindows() default {"messenger=1440", "instagram=1440", "whatsapp=1440"};

    @AttributeDefinition(name = "Human-agent reply windows",
            description = "channel=minutes: after the platform window closes, a human agent may still reply this long "
                    + "after the customer's last message (Meta's human-agent tag); that becomes the deadline")
    String[] humanAgentWindows() default {"messenger=10080", "instagram=10080"};

    @AttributeDefinition(name = "Window margin (minutes)", min = "0",
            description = "A reply window binds this long before it actually closes")
    int windowMarginMinutes() default 60;
}
