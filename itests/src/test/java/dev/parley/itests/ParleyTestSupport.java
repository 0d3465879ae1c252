package dev.parley.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.junit.Rule;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;

/**
 * The shared Pax Exam configuration: a real Felix with exactly the runtime's bundles (from
 * runtime/target), a fresh home with a file database, FileInstall on its etc/ and deploy/, and the
 * HTTP server on a free port. A plugin's itest extends this and adds its own options.
 */
public abstract class ParleyTestSupport {

    @Inject
    protected BundleContext context;

    /** A failing test prints the bundles and components that are not up: the usual cause of a timeout here. */
    @Rule
    public final TestWatcher frameworkStateOnFailure = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            System.err.println(description.getMethodName() + " failed; " + FrameworkState.describe(context));
        }
    };

    @Configuration
    public Option[] config() {
        Path home = RuntimeLayout.newWorkDir("home-");
        RuntimeLayout.prepareHome(home); // as the launcher does: FileInstall does not create what it watches
        int port = RuntimeLayout.freePort();
        List<Option> options = new ArrayList<>();
        int highest = 1;
        for (RuntimeLayout.BundleEntry entry : RuntimeLayout.bundles()) {
            options.add(bundle(entry.jar().toUri().toString()).startLevel(entry.startLevel()));
            highest = Math.max(highest, entry.startLevel());
        }
        // as parley.jar does: SLF4J (slf4j-simple is on this JVM's class path too) comes from the system bundle
        options.add(systemPackages(RuntimeLayout.systemPackages().toArray(String[]::new)));
        // Pax Exam starts its probe at level 5 (Constants.START_LEVEL_TEST_BUNDLE); the framework must go above it
        options.add(frameworkStartLevel(Math.max(highest, org.ops4j.pax.exam.Constants.START_LEVEL_TEST_BUNDLE) + 1));
        options.add(junitBundles());
        options.add(frameworkProperty("parley.home").value(home.toString()));
        options.add(frameworkProperty("org.osgi.service.http.port").value(String.valueOf(port)));
        options.add(frameworkProperty("felix.fileinstall.dir").value(home.resolve("etc") + "," + home.resolve("deploy")));
        options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.subdir.mode").value("skip"));
        options.add(frameworkProperty("felix.fileinstall.log.level").value("1"));
        options.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false")); // as parley.jar
        options.add(frameworkProperty("felix.fileinstall.tmpdir").value(home.resolve("cache").toString()));
        options.add(frameworkProperty("felix.cm.dir").value(home.resolve("data/config").toString()));
        options.add(frameworkProperty("ds.loglevel").value("warn"));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"));
        options.addAll(List.of(extraOptions()));
        return options.toArray(Option[]::new);
    }

    /** Options a subclass adds (its plugin bundles, configuration). */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    protected Path home() {
        return Path.of(context.getProperty("parley.home"));
    }

    protected int httpPort() {
        return Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
    }

    /** An API client with the admin token, once the host answers /health. */
    protected ApiClient api() {
        return new ApiClient(httpPort(), ApiClient.adminToken(home())).awaitHealthy(Duration.ofSeconds(30));
    }
}
