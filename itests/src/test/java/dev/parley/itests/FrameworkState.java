package dev.parley.itests;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** What a failing in-container test needs to see: bundles not active and components not active, with why. */
final class FrameworkState {

    private FrameworkState() {
    }

    /** The social accounts as ConfigAdmin holds them, and who receives them: where a missing account went. */
    private static void describeAccountConfigurations(BundleContext context, StringBuilder out) {
        try {
            ServiceReference<?>[] factories = context.getAllServiceReferences(
                    "org.osgi.service.cm.ManagedServiceFactory", "(service.pid=dev.parley.social.account)");
            out.append("  account ManagedServiceFactory services: ")
                    .append(factories == null ? 0 : factories.length).append('\n');
            ServiceReference<org.osgi.service.cm.ConfigurationAdmin> cmRef =
                    context.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class);
            if (cmRef == null) {
                out.append("  no ConfigurationAdmin\n");
                return;
            }
            org.osgi.service.cm.ConfigurationAdmin cm = context.getService(cmRef);
            try {
                org.osgi.service.cm.Configuration[] all = cm.listConfigurations("(service.factoryPid=dev.parley.social.account)");
                for (org.osgi.service.cm.Configuration c : all == null ? new org.osgi.service.cm.Configuration[0] : all) {
                    out.append("  account configuration ").append(c.getPid()).append(" location=")
                            .append(c.getBundleLocation()).append(" name=")
                            .append(c.getProperties() == null ? null : c.getProperties().get("name"))
                            .append(" platform=").append(c.getProperties() == null ? null : c.getProperties().get("platform"))
                            .append(" file=").append(c.getProperties() == null ? null
                                    : c.getProperties().get("felix.fileinstall.filename"))
                            .append('\n');
                }
            } finally {
                context.ungetService(cmRef);
            }
        } catch (org.osgi.framework.InvalidSyntaxException | java.io.IOException e) {
            out.append("  account configurations unreadable: ").append(e).append('\n');
        }
    }

    static String describe(BundleContext context) {
        StringBuilder out = new StringBuilder("framework state:\n");
        for (Bundle b : context.getBundles()) {
            if (b.getState() != Bundle.ACTIVE) {
                out.append("  bundle ").append(b.getSymbolicName()).append(" state=").append(b.getState()).append('\n');
            }
        }
        try {
            ServiceReference<?>[] platforms = context.getAllServiceReferences("dev.parley.social.api.SocialPlatform", null);
            for (ServiceReference<?> p : platforms == null ? new ServiceReference<?>[0] : platforms) {
                out.append("  SocialPlatform ").append(p.getProperty("parley.social.platform")).append(" from ")
                        .append(p.getBundle().getSymbolicName()).append(" used by ")
                        .append(p.getUsingBundles() == null ? "nobody" : Arrays.stream(p.getUsingBundles())
                                .map(Bundle::getSymbolicName).collect(Collectors.joining(",")))
                        .append('\n');
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        describeAccountConfigurations(context, out);
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        if (ref == null) {
            return out.append("  no ServiceComponentRuntime\n").toString();
        }
        ServiceComponentRuntime scr = context.getService(ref);
        try {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (!d.name.startsWith("dev.parley")) {
                    continue;
                }
                var configs = scr.getComponentConfigurationDTOs(d);
                if (!scr.isComponentEnabled(d)) {
                    out.append("  component ").append(d.name).append(" disabled\n");
                } else if (configs.isEmpty()) {
                    out.append("  component ").append(d.name).append(" no configuration (policy ")
                            .append(d.configurationPolicy).append(")\n");
                }
                for (ComponentConfigurationDTO c : configs) {
                    if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                        out.append("  component ").append(d.name).append(" state=").append(c.state)
                                .append(" unsatisfied=").append(Arrays.stream(c.unsatisfiedReferences)
                                        .map(r -> r.name + "(" + r.target + ")").collect(Collectors.joining(",")))
                                .append(c.failure == null ? "" : " failure=" + c.failure).append('\n');
                    }
                }
            }
        } finally {
            context.ungetService(ref);
        }
        return out.toString();
    }
}
