package dev.parley.helpdesk.core.internal.plugins;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo {@code parley:plugins}: each plugin with its version, state and health, and what is wrong. */
@Component(service = PluginCommands.class, property = {"osgi.command.scope=parley", "osgi.command.function=plugins"})
public final class PluginCommands {

    private final Plugins plugins;

    @Activate
    public PluginCommands(@Reference Plugins plugins) {
        this.plugins = plugins;
    }

    public String plugins() {
        StringBuilder out = new StringBuilder(String.format("%-24s %-18s %-9s %s%n", "PLUGIN", "VERSION", "STATE", "HEALTH"));
        for (PluginView p : plugins.list()) {
            out.append(String.format("%-24s %-18s %-9s %s%n", p.name(), p.version(), p.state(), p.health()));
            p.problems().forEach(problem -> out.append("    ").append(problem).append('\n'));
        }
        return out.toString();
    }
}
