package dev.parley.social.connector.internal.outbound;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.UUID;

import org.osgi.framework.BundleContext;

/**
 * The name a node writes into the outbox rows it claims: the framework property
 * {@code parley.node.name} when set, else host name and Parley home, so a node that restarts
 * recognizes its own claims, and two nodes on one host (two homes) are two names.
 */
final class NodeName {

    static final String PROPERTY = "parley.node.name";

    private NodeName() {
    }

    static String of(BundleContext context) {
        String configured = context == null ? null : context.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return cut(configured.strip());
        }
        String home = context == null ? null : context.getProperty("parley.home");
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            host = "localhost";
        }
        return cut(host + ":" + (home == null ? UUID.randomUUID().toString() : Path.of(home).toAbsolutePath().normalize()));
    }

    private static String cut(String name) {
        return name.length() <= 200 ? name : name.substring(name.length() - 200);
    }
}
