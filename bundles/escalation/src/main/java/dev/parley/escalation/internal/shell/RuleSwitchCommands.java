package dev.parley.escalation.internal.shell;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.escalation.internal.engine.EscalationEngine;

/**
 * {@code parley:rule-enable <name>} and {@code parley:rule-disable <name>}: switches stored in the
 * database, so they survive restarts and rule-file reloads. Gogo cannot map a hyphenated command
 * name to a Java method, so each command is its own small service whose {@code _main} it calls
 * with the command name first.
 */
final class RuleSwitchCommands {

    private RuleSwitchCommands() {
    }

    static String set(EscalationEngine engine, String rule, boolean enabled) {
        boolean known = engine.catalog().current().rules().stream().anyMatch(r -> r.name().equals(rule))
                || engine.serviceRules().stream().anyMatch(s -> rule.equals(s.rule().name()));
        if (!known) {
            return "no rule named '" + rule + "'; parley:rules lists them";
        }
        engine.catalog().setEnabled(rule, enabled);
        return "rule " + rule + (enabled ? " enabled" : " disabled");
    }

    @Component(service = Enable.class, property = {"osgi.command.scope=parley", "osgi.command.function=rule-enable"})
    public static final class Enable {
        private final EscalationEngine engine;

        @Activate
        public Enable(@Reference EscalationEngine engine) {
            this.engine = engine;
        }

        public String _main(String command, String rule) {
            return set(engine, rule, true);
        }
    }

    @Component(service = Disable.class, property = {"osgi.command.scope=parley", "osgi.command.function=rule-disable"})
    public static final class Disable {
        private final EscalationEngine engine;

        @Activate
        public Disable(@Reference EscalationEngine engine) {
            this.engine = engine;
        }

        public String _main(String command, String rule) {
            return set(engine, rule, false);
        }
    }
}
