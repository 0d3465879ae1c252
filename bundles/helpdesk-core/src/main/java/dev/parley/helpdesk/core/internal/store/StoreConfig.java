package dev.parley.helpdesk.core.internal.store;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley helpdesk store",
        description = "The database holding tickets and plugin data. Empty URL: an H2 file database "
                + "under <home>/data, or in memory when no home is set.")
public @interface StoreConfig {

    String PID = "dev.parley.helpdesk.store";

    @AttributeDefinition(name = "JDBC URL", description = "e.g. jdbc:postgresql://db/parley; empty for the embedded H2 default")
    String url() default "";

    @AttributeDefinition(name = "User")
    String user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(name = "Maximum connections", min = "1", max = "200")
    int maxConnections() default 16;

    @AttributeDefinition(name = "Connection wait (ms)", description = "How long a caller waits for a free connection")
    long acquireTimeoutMillis() default 10_000;

    @AttributeDefinition(name = "Driver filter",
            description = "Target filter of the OSGi DataSourceFactory, e.g. (osgi.jdbc.driver.class=org.postgresql.Driver)")
    String DataSourceFactory_target() default "(osgi.jdbc.driver.class=org.h2.Driver)";
}
