package dev.parley.helpdesk.core.internal.plugins;

import java.util.List;

/**
 * A plugin as an administrator sees it: the bundles that carry its {@code Parley-Plugin} header,
 * its version (the highest of theirs), ACTIVE when every bundle is, and UP when, beyond that, none
 * of its components failed or waits for something missing (the problems say what).
 */
public record PluginView(String name, String version, String state, String health, List<String> problems,
        List<BundleView> bundles) {

    public record BundleView(long id, String symbolicName, String version, String state) {
    }
}
