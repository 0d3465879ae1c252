package dev.parley.helpdesk.core.internal.store;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley helpdesk store",
        description = "The database holding tickets and plugin data, as one HikariCP pool. Empty URL: an H2 file "
                + "database under <home>/data, or in memory when no home is set. A jdbc:postgresql: URL selects "
                + "PostgreSQL (its driver ships with Parley).")
public @interface StoreConfig {

    String PID = "dev.parley.helpdesk.store";

    @AttributeDefinition(name = "JDBC URL",
            description = "jdbc:postgresql://host:5432/parley or jdbc:h2:...; empty for the embedded H2 default")
    String url() default "";

    @AttributeDefinition(name = "User", required = false)
    String user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
    String password() default "";

    @AttributeDefinition(name = "Maximum connections", description = "Pool size: connections open at most at once",
            min = "1", max = "200")
    int maxConnections() default 16;

    @AttributeDefinition(name = "Connection wait (ms)",
            description = "How long a caller waits for a free connection before its call fails", min = "250")
    long acquireTimeoutMillis() default 10_000;

    @AttributeDefinition(name = "Maximum connection lifetime (ms)",
            description = "A connection is replaced after this long; keep it below any timeout of the database "
                    + "or a firewall in between", min = "30000")
    long maxLifetimeMillis() default 1_800_000;

    @AttributeDefinition(name = "Leak detection (ms)",
            description = "Logs a warning with the borrower's stack when a connection is held longer; 0 is off",
            min = "0")
    long leakDetectionMillis() default 60_000;
}
