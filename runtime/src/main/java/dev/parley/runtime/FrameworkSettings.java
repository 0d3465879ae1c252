package dev.parley.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.framework.Constants;

/** Framework and bundle properties for one installation; everything here is a deliberate choice. */
final class FrameworkSettings {

    private FrameworkSettings() {
    }

    static Map<String, String> of(ParleyHome home, int port, String bind, int beginningStartLevel, boolean cleanCache,
            boolean interactiveShell) {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, home.cache().resolve("felix").toString());
        if (cleanCache) {
            p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        }
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, String.valueOf(beginningStartLevel));
        p.put("felix.startlevel.bundle", String.valueOf(beginningStartLevel)); // deploy/ plugins start with Parley
        p.put("felix.log.level", "1");
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, systemPackagesExtra());

        p.put("parley.home", home.root().toString());
        p.put("org.osgi.service.http.port", String.valueOf(port));
        p.put("org.apache.felix.http.host", bind);
        p.put("org.apache.felix.http.jetty.sendServerHeader", "false");
        // Jetty starts when ConfigAdmin hands it its configuration (launcherEtc/org.apache.felix.http.cfg,
        // read by FileInstall), i.e. on ConfigAdmin's thread, while the framework's start-level thread
        // goes on to open the store: on two cores boot no longer waits for the one and then the other
        p.put("org.apache.felix.http.require.config", "true");

        // ConfigAdmin state lives in data/, so clearing the bundle cache never loses configuration
        p.put("felix.cm.dir", home.data().resolve("config").toString());

        p.put("felix.fileinstall.dir", home.etc() + "," + home.deploy() + "," + home.launcherEtc());
        p.put("felix.fileinstall.poll", "1000");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.start.level", String.valueOf(beginningStartLevel));
        // never write configurations back into etc/: the files are the administrator's, and FileInstall's
        // write-back raced its own scanner (a file read while being rewritten came back empty, and was
        // then saved empty: an account gone for good)
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.subdir.mode", "skip"); // etc/rules/ holds rule files, not exploded bundles
        p.put("felix.fileinstall.tmpdir", home.cache().resolve("fileinstall").toString());
        p.put("felix.fileinstall.log.level", "2");

        p.put("ds.loglevel", "warn");
        p.put("gosh.args", interactiveShell ? "" : "--nointeractive");
        p.put("gosh.home", home.root().toString());
        return p;
    }

    /**
     * The class path packages the system bundle exports (system-packages.txt): logging among them,
     * so that no bundle needs ServiceLoader weaving to find the SLF4J provider.
     */
    static String systemPackagesExtra() {
        try (InputStream in = FrameworkSettings.class.getResourceAsStream("/system-packages.txt")) {
            if (in == null) {
                throw new IllegalStateException("system-packages.txt is missing from the launcher jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.joining(","));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** slf4j-simple reads system properties; explicit -D settings on the command line win. */
    static void configureLogging() {
        Map<String, String> defaults = Map.of(
                "org.slf4j.simpleLogger.showDateTime", "true",
                "org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
                "org.slf4j.simpleLogger.showShortLogName", "true",
                "org.slf4j.simpleLogger.defaultLogLevel", "info",
                "org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn",
                "org.slf4j.simpleLogger.log.org.apache.felix.http", "warn",
                // the plugins' Maven resolver logs a stack trace per artifact it cannot find; /api/plugins answers it
                "org.slf4j.simpleLogger.log.org.ops4j.pax.url.mvn", "error");
        defaults.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }
}
