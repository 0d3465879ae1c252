package dev.parley.social.connector.internal.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley social platform HTTP client",
        description = "The pooled HTTP client every call to X and Meta goes through.")
public @interface HttpConfig {

    String PID = "dev.parley.social.http";

    @AttributeDefinition(name = "Connect timeout (ms)")
    int connectTimeoutMillis() default 5_000;

    @AttributeDefinition(name = "Response timeout (ms)", description = "How long to wait for a platform's answer")
    int responseTimeoutMillis() default 15_000;

    @AttributeDefinition(name = "Maximum connections", description = "In total and per platform host")
    int maxConnections() default 32;
}
