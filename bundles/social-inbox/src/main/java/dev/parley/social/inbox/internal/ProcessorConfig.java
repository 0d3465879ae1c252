package dev.parley.social.inbox.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley social inbox processor",
        description = "Turns received social events into tickets.")
public @interface ProcessorConfig {

    String PID = "dev.parley.social.processor";

    @AttributeDefinition(name = "Reopen window (days)",
            description = "A customer message on a SOLVED ticket reopens it if the ticket was solved at most this long "
                    + "before; later, or on a CLOSED ticket, it starts a new ticket linked to the old one")
    int reopenWindowDays() default 7;

    @AttributeDefinition(name = "Batch size", description = "Events claimed at once", min = "1", max = "1000")
    int batchSize() default 200;

    @AttributeDefinition(name = "Workers", description = "Conversations processed in parallel", min = "1", max = "64")
    int workers() default 4;

    @AttributeDefinition(name = "Linger (ms)",
            description = "After a batch smaller than the batch size, how long to let more events gather before the "
                    + "next claim: a batch's transactions cost about the same for 1 event as for 50", min = "0",
            max = "1000")
    long lingerMillis() default 10;

    @AttributeDefinition(name = "Idle poll (ms)",
            description = "How often an idle processor looks for new events when no EventAdmin nudge arrives")
    long idlePollMillis() default 250;

    @AttributeDefinition(name = "Claim lease (s)",
            description = "How long a claimed event stays reserved; a processor that vanished loses its claims after this")
    int leaseSeconds() default 60;

    @AttributeDefinition(name = "Attempts before parking", min = "1")
    int maxAttempts() default 6;

    @AttributeDefinition(name = "First retry delay (ms)", description = "Doubled after each failed attempt")
    long retryBaseMillis() default 2_000;

    @AttributeDefinition(name = "Longest retry delay (ms)")
    long retryMaxMillis() default 600_000;

    @AttributeDefinition(name = "Echo hold (s)", min = "0",
            description = "How long an echo (a message sent from the account itself) that has no ticket to go on yet "
                    + "is retried before it is dropped with a log line: our own send may not be recorded yet, or the "
                    + "customer has not written yet")
    long echoHoldSeconds() default 120;
}
