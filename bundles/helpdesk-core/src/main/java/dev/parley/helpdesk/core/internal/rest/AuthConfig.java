package dev.parley.helpdesk.core.internal.rest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley API access",
        description = "Bearer tokens accepted by /api. With none configured, an admin token is generated "
                + "once into <home>/etc/admin.token.")
public @interface AuthConfig {

    String PID = "dev.parley.helpdesk.auth";

    @AttributeDefinition(name = "Tokens", type = AttributeType.PASSWORD,
            description = "Entries 'name:token'; the name is recorded as the author of agent replies")
    String[] tokens() default {};

    @AttributeDefinition(name = "Maximum request body (bytes)")
    int maxBodyBytes() default 1024 * 1024;
}
