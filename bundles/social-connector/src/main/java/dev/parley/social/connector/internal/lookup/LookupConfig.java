package dev.parley.social.connector.internal.lookup;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code <home>/etc/dev.parley.social.lookups.cfg}: completing messages whose webhook carried only ids. */
@ObjectClassDefinition(name = "Parley social message lookups",
        description = "Fetches the text, author and link of messages a platform's webhook named by id only "
                + "(Instagram mentions) from the platform's API, after the ticket is stored")
public @interface LookupConfig {

    String PID = "dev.parley.social.lookups";

    @AttributeDefinition(name = "Enabled")
    boolean enabled() default true;

    @AttributeDefinition(name = "Attempts", min = "1",
            description = "A lookup that keeps failing is given up after this many attempts: the message keeps its "
                    + "placeholder, the reason (social.lookupError) and social.lookupFailedAt, and a WARN line is logged")
    int attempts() default 8;

    @AttributeDefinition(name = "First retry (seconds)", min = "1",
            description = "The wait after the first failure; each further failure doubles it (30 s, 1 min, 2 min, ... "
                    + "about an hour in all with 8 attempts)")
    int retrySeconds() default 30;
}
