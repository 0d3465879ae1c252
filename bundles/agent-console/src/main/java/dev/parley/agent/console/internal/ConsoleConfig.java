package dev.parley.agent.console.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the agent console ({@code <home>/etc/dev.parley.agent.console.cfg}). */
@ObjectClassDefinition(name = "Parley agent console", description = "Sign-in sessions of the agent console at /agent/")
public @interface ConsoleConfig {

    String PID = "dev.parley.agent.console";

    @AttributeDefinition(description = "A session unused for this long is signed out (the page asks for the token again "
            + "and keeps the draft)")
    int idleMinutes() default 60;

    @AttributeDefinition(description = "A session ends this long after sign-in, however busy")
    int maxSessionHours() default 12;

    @AttributeDefinition(description = "Signed-in sessions kept at most; a sign-in beyond it ends the least recently "
            + "used one")
    int maxSessions() default 10000;

    @AttributeDefinition(description = "How often every session's token is asked again whether it is still valid "
            + "(a revoked token ends its session within this time)")
    int revalidateSeconds() default 60;

    @AttributeDefinition(description = "Where the console reaches Parley's REST API; empty: the address and port the "
            + "browser's request arrived on, over plain HTTP on this machine")
    String apiBaseUrl() default "";

    @AttributeDefinition(description = "Largest file an agent may attach through the console, in bytes (refused with "
            + "413 before it is read); the host's own limit (maxUploadBytes of dev.parley.helpdesk.attachments) "
            + "applies as well. Default 25 MiB")
    long maxUploadBytes() default 26_214_400L;

    @AttributeDefinition(description = "The whole file must reach the console within this many seconds, else 408")
    int uploadTimeoutSeconds() default 300;
}
