package dev.parley.helpdesk.core.internal.rest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley API access",
        description = "Bearer tokens accepted by /api besides those created with POST /api/tokens, and what roles "
                + "below admin may call. Unless a configured token is an admin's, an admin token is generated once "
                + "into <home>/etc/admin.token.")
public @interface AuthConfig {

    String PID = "dev.parley.helpdesk.auth";

    @AttributeDefinition(name = "Tokens", type = AttributeType.PASSWORD,
            description = "Entries 'token', 'name:token' or 'name:role:token' (role admin, agent or widget; agent "
                    + "when left out); the name is recorded as the author of agent replies")
    String[] tokens() default {};

    @AttributeDefinition(name = "Grants",
            description = "Extra openings for roles below admin, entries '<role> <METHOD,...> <path>' such as "
                    + "'agent GET,POST /api/tickets/*/notes' ('*' one path segment, a final '**' any rest); several in one "
                    + "value separated by ';'. "
                    + "Any /api call no grant names needs the admin role.")
    String[] grants() default {};

    @AttributeDefinition(name = "Maximum request body (bytes)")
    int maxBodyBytes() default 1024 * 1024;
}
