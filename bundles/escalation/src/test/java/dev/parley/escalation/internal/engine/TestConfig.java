package dev.parley.escalation.internal.engine;

import java.lang.annotation.Annotation;

/** The engine's configuration with its defaults, for tests outside OSGi. */
class TestConfig implements EscalationConfig {

    int limit = 3;
    long budget = 200;

    @Override
    public Class<? extends Annotation> annotationType() {
        return EscalationConfig.class;
    }

    @Override
    public boolean defaultRules() {
        return true;
    }

    @Override
    public String rulesDir() {
        return "";
    }

    @Override
    public long pollMillis() {
        return 1000;
    }

    @Override
    public long ruleBudgetMillis() {
        return budget;
    }

    @Override
    public long evaluationBudgetMillis() {
        return 1000;
    }

    @Override
    public String botName() {
        return "Parley bot";
    }

    @Override
    public String botDisclosure() {
        return "(automated reply)";
    }

    @Override
    public int autoReplyLimit() {
        return limit;
    }

    @Override
    public int autoReplyWindowMinutes() {
        return 60;
    }

    @Override
    public String[] questions() {
        return new String[] {"order status | where is my order => Track it on the orders page.",
            "opening hours => We are open 9 to 5."};
    }
}
