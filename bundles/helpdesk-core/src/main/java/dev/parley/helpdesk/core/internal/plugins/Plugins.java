package dev.parley.helpdesk.core.internal.plugins;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.annotations.Designate;
import org.ops4j.pax.url.mvn.MavenResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of the running helpdesk, for an administrator who is not an OSGi expert: each is the
 * group of bundles with one {@code Parley-Plugin} header. Installs and updates come from a file,
 * an http(s) URL or a Maven coordinate; an update whose bundle does not come up (it fails to start,
 * or one of its components fails) is rolled back to the content it had, and the reason reported.
 */
@Component(service = Plugins.class, configurationPid = PluginsConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PluginsConfig.class)
public final class Plugins {

    public static final String HEADER = "Parley-Plugin";
    private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);

    /** What an install or update did. */
    public record Outcome(boolean ok, String message, Optional<PluginView> plugin) {
    }

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final Supplier<MavenResolver> newMaven;
    // created by the first mvn: install: building it loads some 370 classes, which boot need not wait for
    private MavenResolver maven;
    private final PluginLocations locations;
    private final RemovedBundles removed;
    private final List<Path> deployDirs;
    private final int startCheckSeconds;

    @Activate
    public Plugins(BundleContext context, @Reference ServiceComponentRuntime scr, PluginsConfig config) {
        this.context = context;
        this.scr = scr;
        PluginLocations.Limits limits = new PluginLocations.Limits(
                Duration.ofSeconds(Math.max(1, config.connectTimeoutSeconds())),
                Duration.ofSeconds(Math.max(1, config.readTimeoutSeconds())),
                Math.max(1, config.maxPluginMegabytes()) * 1024L * 1024L);
        Path localRepository = config.localRepository().isBlank()
                ? Path.of(System.getProperty("user.home"), ".m2", "repository") : Path.of(config.localRepository());
        List<String> remotes = Arrays.asList(config.remoteRepositories());
        this.newMaven = () -> PluginLocations.resolver(localRepository, remotes, limits);
        this.locations = new PluginLocations(this::maven, limits);
        this.removed = RemovedBundles.in(context.getProperty("parley.home"));
        String watched = context.getProperty("felix.fileinstall.dir");
        this.deployDirs = watched == null ? List.of() : Arrays.stream(watched.split(",")).map(String::strip)
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d).toAbsolutePath().normalize()).toList();
        this.startCheckSeconds = config.startCheckSeconds();
    }

    private synchronized MavenResolver maven() {
        if (maven == null) {
            maven = newMaven.get();
        }
        return maven;
    }

    @Deactivate
    synchronized void close() {
        if (maven == null) {
            return;
        }
        try {
            maven.close();
        } catch (IOException e) {
            LOG.warn("Could not close the plugins' Maven resolver: {}", e.getMessage());
        }
    }

    public List<PluginView> list() {
        Map<String, List<Bundle>> byPlugin = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            String name = b.getHeaders("").get(HEADER);
            if (name != null && !name.isBlank()) {
                byPlugin.computeIfAbsent(name.strip(), n -> new ArrayList<>()).add(b);
            }
        }
        return byPlugin.entrySet().stream().map(e -> view(e.getKey(), e.getValue())).toList();
    }

    public Optional<PluginView> find(String name) {
        return list().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private PluginView view(String name, List<Bundle> bundles) {
        Version highest = Version.emptyVersion;
        List<String> problems = new ArrayList<>();
        List<PluginView.BundleView> views = new ArrayList<>();
        boolean allActive = true;
        for (Bundle b : bundles) {
            highest = b.getVersion().compareTo(highest) > 0 ? b.getVersion() : highest;
            allActive &= b.getState() == Bundle.ACTIVE;
            if (b.getState() != Bundle.ACTIVE) {
                problems.add(b.getSymbolicName() + " is " + state(b.getState()));
            }
            problems.addAll(componentProblems(b));
            views.add(new PluginView.BundleView(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(),
                    state(b.getState())));
        }
        return new PluginView(name, highest.toString(), allActive ? "ACTIVE" : "INACTIVE",
                problems.isEmpty() ? "UP" : "DEGRADED", problems, views);
    }

    /** Components of the bundle that failed or wait for a service nobody provides. */
    private List<String> componentProblems(Bundle bundle) {
        List<String> problems = new ArrayList<>();
        if (bundle.getState() != Bundle.ACTIVE) {
            return problems;
        }
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
            if (!scr.isComponentEnabled(description)) {
                continue;
            }
            for (ComponentConfigurationDTO config : scr.getComponentConfigurationDTOs(description)) {
                switch (config.state) {
                    case ComponentConfigurationDTO.FAILED_ACTIVATION -> problems.add(description.name
                            + " failed to start: " + config.failure);
                    case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> {
                        List<String> missing = Arrays.stream(config.unsatisfiedReferences)
                                .map(r -> interfaceOf(description, r.name))
                                .filter(type -> !optionalImport(bundle, type)).toList();
                        if (!missing.isEmpty()) {
                            problems.add(description.name + " waits for " + missing);
                        }
                    }
                    default -> { }
                }
            }
        }
        return problems;
    }

    private static String interfaceOf(ComponentDescriptionDTO description, String reference) {
        return Arrays.stream(description.references).filter(r -> r.name.equals(reference)).map(r -> r.interfaceName)
                .findFirst().orElse(reference);
    }

    /** A service of a package the bundle imports optionally comes from another plugin that may well be absent. */
    private static boolean optionalImport(Bundle bundle, String type) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        int dot = type.lastIndexOf('.');
        if (wiring == null || dot < 0) {
            return false;
        }
        return importsOptionally(wiring, type.substring(0, dot));
    }

    /** Whether the bundle imports the package with {@code resolution:=optional}. */
    private static boolean importsOptionally(BundleWiring wiring, String pkg) {
        return wiring.getRevision().getRequirements(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .anyMatch(r -> PackageNamespace.RESOLUTION_OPTIONAL.equals(
                        r.getDirectives().get(PackageNamespace.REQUIREMENT_RESOLUTION_DIRECTIVE))
                        && r.getDirectives().getOrDefault("filter", "").contains("=" + pkg + ")"));
    }

    /** Installs and starts a plugin bundle; a bundle that does not start is uninstalled again. */
    public Outcome install(String location) throws IOException {
        byte[] jar = locations.fetch(location);
        Bundle bundle;
        try {
            bundle = context.installBundle(location, new ByteArrayInputStream(jar));
        } catch (BundleException e) {
            return new Outcome(false, "cannot install " + location + ": " + e.getMessage(), Optional.empty());
        }
        try {
            bundle.start();
        } catch (BundleException e) {
            uninstallQuietly(bundle);
            return new Outcome(false, bundle.getSymbolicName() + " did not start and was removed: " + reason(e),
                    Optional.empty());
        }
        removed.forget(bundle.getSymbolicName()); // installed again by choice: parley.jar may keep it
        rewireOptionalImporters(bundle);
        LOG.info("Installed {} {} from {}", bundle.getSymbolicName(), bundle.getVersion(), location);
        return new Outcome(true, "installed " + bundle.getSymbolicName() + " " + bundle.getVersion(), plugin(bundle));
    }

    /**
     * Bundles resolved while a package they import optionally was missing (escalation without the
     * social connector) do not see it when it arrives later; refreshing them wires it, so plugins
     * work together whatever order they were installed in.
     */
    private void rewireOptionalImporters(Bundle installed) {
        BundleWiring wiring = installed.adapt(BundleWiring.class);
        if (wiring == null) {
            return;
        }
        Set<String> exported = new HashSet<>();
        wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)
                .forEach(c -> exported.add(String.valueOf(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))));
        List<Bundle> stale = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            BundleWiring other = b.adapt(BundleWiring.class);
            if (b == installed || other == null) {
                continue;
            }
            Set<String> wired = new HashSet<>();
            other.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).forEach(w -> wired.add(
                    String.valueOf(w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))));
            boolean missesOne = exported.stream().anyMatch(pkg -> !wired.contains(pkg) && importsOptionally(other, pkg));
            if (missesOne) {
                stale.add(b);
            }
        }
        if (!stale.isEmpty()) {
            LOG.info("Refreshing {} so they wire the packages {} now exports", stale.stream()
                    .map(Bundle::getSymbolicName).toList(), installed.getSymbolicName());
            refresh(stale);
        }
    }

    /** Updates a bundle from {@code location}; if it does not come up healthy it goes back to what it was. */
    public Outcome update(String symbolicName, String location) throws IOException {
        Bundle bundle = bundle(symbolicName).orElseThrow(() -> new IllegalArgumentException(
                "no bundle " + symbolicName + " is installed"));
        byte[] previous = BundleArchive.of(bundle);
        Version before = bundle.getVersion();
        List<Bundle> activeBefore = Arrays.stream(context.getBundles())
                .filter(b -> b != bundle && b.getState() == Bundle.ACTIVE).toList();
        byte[] jar = locations.fetch(location);
        Optional<String> failure;
        try {
            bundle.update(new ByteArrayInputStream(jar));
            refresh(List.of(bundle));
            bundle.start();
            failure = awaitHealthy(bundle).or(() -> strandedDependents(activeBefore));
        } catch (BundleException e) {
            failure = Optional.of(reason(e));
        }
        if (failure.isEmpty()) {
            LOG.info("Updated {} from {} to {}", symbolicName, before, bundle.getVersion());
            return new Outcome(true, "updated " + symbolicName + " from " + before + " to " + bundle.getVersion(),
                    plugin(bundle));
        }
        LOG.warn("Update of {} from {} failed ({}); rolling back to {}", symbolicName, location, failure.get(), before);
        try {
            bundle.update(new ByteArrayInputStream(previous));
            refresh(List.of(bundle));
            bundle.start();
            for (Bundle stranded : activeBefore) { // the failed version left them unresolved: bring them back
                if (stranded.getState() != Bundle.ACTIVE && stranded.getState() != Bundle.UNINSTALLED) {
                    stranded.start();
                }
            }
        } catch (BundleException e) {
            return new Outcome(false, "the update failed (" + failure.get() + ") and so did the rollback to " + before
                    + ": " + reason(e), plugin(bundle));
        }
        return new Outcome(false, "the update to " + location + " failed (" + failure.get() + "); rolled back to "
                + symbolicName + " " + before, plugin(bundle));
    }

    /**
     * Uninstalls every bundle of the plugin, for good: parley.jar is told not to reinstall them at the
     * next start, and a jar FileInstall deployed from a watched folder is deleted (else it would come
     * back at the next scan).
     */
    public Optional<String> uninstall(String name) throws BundleException, IOException {
        List<Bundle> bundles = Arrays.stream(context.getBundles())
                .filter(b -> name.equals(b.getHeaders("").get(HEADER))).toList();
        if (bundles.isEmpty()) {
            return Optional.empty();
        }
        removed.add(bundles.stream().map(Bundle::getSymbolicName).toList());
        for (Bundle b : bundles) {
            Optional<Path> deployed = deployedFile(b.getLocation());
            b.uninstall();
            if (deployed.isPresent()) {
                Files.deleteIfExists(deployed.get());
            }
        }
        refresh(null);
        LOG.info("Uninstalled plugin {} ({} bundles)", name, bundles.size());
        return Optional.of("uninstalled " + name + " (" + bundles.size() + " bundles)");
    }

    /** The jar in a FileInstall folder a bundle was installed from, if it was. */
    private Optional<Path> deployedFile(String location) {
        if (!location.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(URI.create(location)).toAbsolutePath().normalize();
            return deployDirs.contains(file.getParent()) ? Optional.of(file) : Optional.empty();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Bundles the update took down with it: an incompatible API release strands its consumers. */
    private Optional<String> strandedDependents(List<Bundle> activeBefore) {
        List<String> stranded = activeBefore.stream().filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " is " + state(b.getState())).toList();
        return stranded.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", stranded)
                + " after the update (its imports no longer resolve)");
    }

    private Optional<String> awaitHealthy(Bundle bundle) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startCheckSeconds);
        List<String> problems = List.of();
        while (System.nanoTime() < deadline) {
            if (bundle.getState() == Bundle.ACTIVE) {
                problems = componentProblems(bundle).stream().filter(p -> p.contains("failed to start")).toList();
                if (problems.isEmpty()) {
                    return Optional.empty();
                }
            }
            sleep(100);
        }
        return Optional.of(bundle.getState() != Bundle.ACTIVE ? "it is " + state(bundle.getState())
                : String.join("; ", problems));
    }

    /** Refreshes these bundles (null: those pending removal) and waits for the framework to finish. */
    private void refresh(List<Bundle> bundles) {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, event -> done.countDown());
        try {
            done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<Bundle> bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst();
    }

    private Optional<PluginView> plugin(Bundle bundle) {
        String name = bundle.getHeaders("").get(HEADER);
        return name == null ? Optional.empty() : find(name.strip());
    }

    private static void uninstallQuietly(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException e) {
            LOG.warn("Could not remove {} after it failed to start: {}", bundle.getSymbolicName(), e.getMessage());
        }
    }

    private static String reason(BundleException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + ": " + root;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
