package dev.parley.social.connector.internal.webhook;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley social webhooks",
        description = "The /webhooks/<platform>/<account> endpoints the platforms call.")
public @interface WebhookConfig {

    String PID = "dev.parley.social.webhooks";

    @AttributeDefinition(name = "Maximum body (bytes)", description = "Larger webhook bodies are refused with 413")
    int maxBodyBytes() default 1024 * 1024;
}
