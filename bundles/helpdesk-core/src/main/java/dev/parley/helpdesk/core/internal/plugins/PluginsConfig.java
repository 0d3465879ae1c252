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

    @AttributeDefinition(name = "Connect timeout (seconds)",
            description = "How long an install or update waits to connect to an http(s) or remote Maven location")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Read timeout (seconds)",
            description = "How long an install or update waits for the next bytes from the location before it gives up")
    int readTimeoutSeconds() default 30;

    @AttributeDefinition(name = "Largest plugin (MB)", description = "A plugin jar larger than this is refused")
    int maxPluginMegabytes() default 50;
}
