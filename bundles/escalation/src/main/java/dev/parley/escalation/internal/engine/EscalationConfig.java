package dev.parley.escalation.internal.engine;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the escalation engine: {@code <home>/etc/dev.parley.escalation.cfg}. */
@ObjectClassDefinition(name = "Parley escalation rules", description = "How escalation rules run and what automated messages may do")
public @interface EscalationConfig {

    String PID = "dev.parley.escalation";

    @AttributeDefinition(description = "Run the shipped default rules (DM hand-off, complaint reply suggestion, "
            + "high-reach priority, common-question auto-reply, SLA warning and breach). A rule file may replace one by name.")
    boolean defaultRules() default true;

    @AttributeDefinition(description = "Folder of declarative rule files (*.json); empty: <parley.home>/etc/rules")
    String rulesDir() default "";

    @AttributeDefinition(description = "How often the rules folder is checked for changes, in milliseconds", min = "100")
    long pollMillis() default 1000;

    @AttributeDefinition(description = "Time budget of one rule's evaluation (integrator or declarative), in "
            + "milliseconds; a rule over it is skipped for that event, reported and counted", min = "1")
    long ruleBudgetMillis() default 200;

    @AttributeDefinition(description = "Time budget of all declarative rules on one event or one explain, in "
            + "milliseconds; the rules not reached within it are skipped and reported", min = "1")
    long evaluationBudgetMillis() default 1000;

    @AttributeDefinition(description = "Author name of automated messages")
    String botName() default "Parley bot";

    @AttributeDefinition(description = "Appended to every automated message so customers know no human wrote it")
    String botDisclosure() default "(automated reply)";

    @AttributeDefinition(description = "Automated replies one customer gets at most per window", min = "0")
    int autoReplyLimit() default 3;

    @AttributeDefinition(description = "The auto-reply rate-limit window, in minutes", min = "1")
    int autoReplyWindowMinutes() default 60;

    @AttributeDefinition(description = "Common questions and their answers, one per entry: 'phrase | phrase => answer'")
    String[] questions() default {
        "order status | where is my order | track my order | tracking number | my order => You can follow your order "
                + "on the orders page of your account; the tracking link is in your shipping e-mail. A colleague "
                + "will also read your message.",
        "opening hours | when are you open | are you open | business hours => We are open Monday to Friday, "
                + "9:00 to 18:00. A colleague will also read your message."};
}
