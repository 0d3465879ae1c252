package dev.parley.helpdesk.core.internal.edge;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * How the HTTP edge treats slow, oversized and abusive clients. The defaults keep 1,000 stalled
 * connections from delaying a normal webhook: a request body is collected without holding a thread,
 * so a client that sends headers and then nothing costs a socket until the body deadline, not a worker.
 */
@ObjectClassDefinition(name = "Parley HTTP edge",
        description = "Connector limits, slow-client deadlines, per-address caps and trusted reverse proxies "
                + "for every HTTP request Parley serves")
public @interface EdgeConfig {

    String PID = "dev.parley.helpdesk.edge";

    @AttributeDefinition(name = "Idle timeout (ms)",
            description = "A connection that sends or receives nothing for this long is closed (a stalled request "
                    + "body included). Keep it above 15 s, the SLA event stream's keep-alive interval")
    long idleTimeoutMillis() default 30_000;

    @AttributeDefinition(name = "Minimum request data rate (bytes/s)",
            description = "A request body arriving slower than this, on average since Parley started reading it (after "
                    + "a first second), is refused with 408; 0 disables the check")
    long minRequestDataRate() default 1024;

    @AttributeDefinition(name = "Body deadline (ms)",
            description = "The whole request body must arrive within this time after the headers, else 408: "
                    + "the backstop for a body that trickles in just above the minimum rate")
    long bodyTimeoutMillis() default 60_000;

    @AttributeDefinition(name = "Maximum request body (bytes)",
            description = "Larger bodies are refused with 413 before any servlet runs; endpoints may accept less")
    int maxBodyBytes() default 4 * 1024 * 1024;

    @AttributeDefinition(name = "Maximum request line and headers (bytes)",
            description = "A longer request line answers 414, larger headers 431")
    int maxRequestHeaderBytes() default 8 * 1024;

    @AttributeDefinition(name = "Concurrent requests per address (unauthenticated paths)",
            description = "Requests in progress from one client address on /webhooks/*, /health and /sandbox/*, "
                    + "counted from their headers to their answer (a stalled body counts); beyond it, 429")
    int maxConcurrentPerAddress() default 64;

    @AttributeDefinition(name = "Trusted proxies",
            description = "Addresses or CIDR ranges (e.g. 10.0.0.5, 192.168.0.0/16, ::1) of reverse proxies whose "
                    + "X-Forwarded-For/-Proto/-Host/-Port and Forwarded headers are believed; from anyone else "
                    + "those headers are ignored. Empty: trust none")
    String[] trustedProxies() default {};

    @AttributeDefinition(name = "Extra connector host",
            description = "Felix's ConnectorFactory contract makes Parley add a connector of its own, hardened the "
                    + "same way as the HTTP service's: the interface it listens on")
    String connectorHost() default "127.0.0.1";

    @AttributeDefinition(name = "Extra connector port", description = "0: any free port")
    int connectorPort() default 0;
}
