package dev.parley.helpdesk.core.internal.plugins;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley plugins", description = "Installing and updating plugins at runtime")
public @interface PluginsConfig {

    String PID = "dev.parley.helpdesk.plugins";

    @AttributeDefinition(name = "Remote Maven repositories", description = "Searched after the local repository for mvn: locations")
    String[] remoteRepositories() default {"https://repo1.maven.org/maven2"};

    @AttributeDefinition(name = "Local Maven repository", description = "Empty: ~/.m2/repository")
    String localRepository() default "";

    @AttributeDefinition(name = "Start check (seconds)",
            description = "How long an updated bundle has to come up (active, no failed component) before it is rolled back")
    int startCheckSeconds() default 10;
}
