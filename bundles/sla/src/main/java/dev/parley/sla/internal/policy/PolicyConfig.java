package dev.parley.sla.internal.policy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley SLA policy",
        description = "Reply and resolution targets for the tickets it matches. Empty match lists match any value. "
                + "Without any policy configured, built-in defaults apply: URGENT 15 min first reply, "
                + "social channels 60 min, email 4 h, web and others 2 h.")
public @interface PolicyConfig {

    String PID = "dev.parley.sla.policy";

    @AttributeDefinition(name = "Name", description = "Shown to agents and in the REST API")
    String name();

    @AttributeDefinition(name = "Channels", description = "e.g. x, messenger, instagram, facebook, whatsapp, web, email")
    String[] channels() default {};

    @AttributeDefinition(name = "Visibilities", description = "PUBLIC or PRIVATE (the conversation's first message)")
    String[] visibilities() default {};

    @AttributeDefinition(name = "Priorities", description = "LOW, NORMAL, HIGH, URGENT")
    String[] priorities() default {};

    @AttributeDefinition(name = "First reply (minutes)", min = "1")
    int firstReplyMinutes() default 60;

    @AttributeDefinition(name = "Next reply (minutes)", min = "1")
    int nextReplyMinutes() default 60;

    @AttributeDefinition(name = "Resolution (minutes)", min = "1")
    int resolutionMinutes() default 1440;

    @AttributeDefinition(name = "Calendar", description = "Id of a business-hours calendar; 24x7 is always open")
    String calendar() default "24x7";

    @AttributeDefinition(name = "Ranking", description = "Higher wins when several policies match")
    int ranking() default 0;
}
