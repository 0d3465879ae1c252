package dev.parley.social.connector.internal.outbound;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley social outbound",
        description = "How agents' replies go out: the messaging policy checked before a reply is stored, and the "
                + "outbox that sends it (retries, rate limits, circuit breaker, hand-off to DM).")
public @interface OutboundConfig {

    String PID = "dev.parley.social.outbound";

    @AttributeDefinition(name = "Proactive DMs per customer per 24 h",
            description = "Cap on DMs to customers who have not written to us in private (invitations, hand-offs)")
    int maxProactiveDmsPerDay() default 2;

    @AttributeDefinition(name = "Send attempts", description = "Attempts before a retryable failure becomes FAILED")
    int maxAttempts() default 8;

    @AttributeDefinition(name = "First retry delay (ms)", description = "Doubles with each attempt, with jitter")
    long retryBaseMillis() default 1_000;

    @AttributeDefinition(name = "Longest retry delay (ms)")
    long retryMaxMillis() default 300_000;

    @AttributeDefinition(name = "Circuit breaker threshold",
            description = "Consecutive failed sends of an account that pause its sends")
    int breakerThreshold() default 5;

    @AttributeDefinition(name = "Circuit breaker pause (ms)")
    long breakerPauseMillis() default 30_000;

    @AttributeDefinition(name = "Reconcile delay (ms)",
            description = "After a send whose outcome is unknown (timeout, crash), wait this long for the platform "
                    + "to settle before looking the message up, instead of posting it twice")
    long reconcileDelayMillis() default 20_000;

    @AttributeDefinition(name = "Auth failures before DEGRADED",
            description = "Consecutive sends refused for the account's credentials before it is marked DEGRADED")
    int authFailuresBeforeDegraded() default 2;

    @AttributeDefinition(name = "Claim lease (seconds)",
            description = "How long a node holds the replies it claimed before another node sharing the database may "
                    + "take them over (a node that died); renewed when a request leaves. A restarted node takes its "
                    + "own claims back at once. At least 10")
    int claimLeaseSeconds() default 120;

    @AttributeDefinition(name = "Sender threads",
            description = "Threads that record the platforms' answers and look up replies whose outcome was lost; "
                    + "requests themselves go out asynchronously (up to 256 at once, in order within a conversation)")
    int senderThreads() default 8;

    @AttributeDefinition(name = "Hand-off public text")
    String handoffPublicText() default "We're sorry to hear that. We've sent you a DM so we can look into it privately.";

    @AttributeDefinition(name = "Hand-off DM text")
    String handoffPrivateText() default "Hi, this is the support team following up on your post. "
            + "Could you share the details here (for example your order number)?";

    @AttributeDefinition(name = "Hand-off answer window (minutes)",
            description = "If the customer has not answered the DM by then, the ticket says so and offers to "
                    + "continue in public")
    int handoffAnswerMinutes() default 120;
}
