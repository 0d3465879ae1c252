package dev.parley.social.connector.internal.profile;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code <home>/etc/dev.parley.social.profiles.cfg}: looking customers' profiles up on their platform. */
@ObjectClassDefinition(name = "Parley social profiles",
        description = "Customers' display name, handle and avatar from the platform's profile API")
public @interface ProfileConfig {

    String PID = "dev.parley.social.profiles";

    @AttributeDefinition(name = "Enabled", description = "Look profiles up at all")
    boolean enabled() default true;

    @AttributeDefinition(name = "Cache (minutes)", min = "1",
            description = "A looked-up profile is not asked for again for this long; default 24 hours")
    long ttlMinutes() default 1440;

    @AttributeDefinition(name = "Retry after a failure (minutes)", min = "0",
            description = "A failed lookup is tried again with the author's next message after this long")
    long retryMinutes() default 10;

    @AttributeDefinition(name = "Cached profiles", min = "1", description = "At most this many authors are remembered")
    int maxEntries() default 100_000;
}
