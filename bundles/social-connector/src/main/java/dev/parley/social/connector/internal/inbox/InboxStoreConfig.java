package dev.parley.social.connector.internal.inbox;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley social inbox",
        description = "The durable store of received social events.")
public @interface InboxStoreConfig {

    String PID = "dev.parley.social.inbox.store";

    @AttributeDefinition(name = "Retention of handled events (days)",
            description = "Handled events are deleted after this long; redeliveries within it are recognized as duplicates")
    int retentionDays() default 7;
}
