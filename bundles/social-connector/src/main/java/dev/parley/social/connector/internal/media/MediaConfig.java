package dev.parley.social.connector.internal.media;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code <home>/etc/dev.parley.social.media.cfg}: downloading inbound attachments into the host's store. */
@ObjectClassDefinition(name = "Parley social media downloads",
        description = "Inbound attachments are downloaded from the platform after the message is stored")
public @interface MediaConfig {

    String PID = "dev.parley.social.media";

    @AttributeDefinition(name = "Attempts", min = "1", description = "Tries per attachment before it is shown unavailable")
    int attempts() default 5;

    @AttributeDefinition(name = "First retry (seconds)", min = "1",
            description = "Wait before the second try; doubles with each further try")
    int retrySeconds() default 30;

    @AttributeDefinition(name = "Timeout (milliseconds)", min = "100",
            description = "Connect and read timeout of one download")
    int timeoutMillis() default 30_000;

    @AttributeDefinition(name = "Redirects", min = "0", description = "Redirects followed, each checked like the first URL")
    int maxRedirects() default 3;

    @AttributeDefinition(name = "Download threads", min = "1")
    int threads() default 2;

    @AttributeDefinition(name = "Sweep (seconds)", min = "1",
            description = "How often attachments due for a retry (or left by a restart) are looked for")
    int sweepSeconds() default 10;
}
