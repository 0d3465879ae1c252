package dev.parley.runtime;

import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.Constants;

/** Framework and bundle properties for one installation; everything here is a deliberate choice. */
final class FrameworkSettings {

    private FrameworkSettings() {
    }

    static Map<String, String> of(ParleyHome home, int port, int beginningStartLevel, boolean cleanCache,
            boolean interactiveShell) {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, home.cache().resolve("felix").toString());
        if (cleanCache) {
            p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        }
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, String.valueOf(beginningStartLevel));
        p.put("felix.startlevel.bundle", String.valueOf(beginningStartLevel)); // deploy/ plugins start with Parley
        p.put("felix.log.level", "1");
        // Jetty probes these optionally; exporting them avoids a slower fallback path
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "sun.misc,sun.nio.ch");

        p.put("parley.home", home.root().toString());
        p.put("org.osgi.service.http.port", String.valueOf(port));
        p.put("org.apache.felix.http.jetty.sendServerHeader", "false");

        // ConfigAdmin state lives in data/, so clearing the bundle cache never loses configuration
        p.put("felix.cm.dir", home.data().resolve("config").toString());

        p.put("felix.fileinstall.dir", home.etc() + "," + home.deploy());
        p.put("felix.fileinstall.poll", "1000");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.start.level", String.valueOf(beginningStartLevel));
        p.put("felix.fileinstall.enableConfigSaveToFile", "true");
        p.put("felix.fileinstall.subdir.mode", "skip"); // etc/rules/ holds rule files, not exploded bundles
        p.put("felix.fileinstall.tmpdir", home.cache().resolve("fileinstall").toString());
        p.put("felix.fileinstall.log.level", "2");

        p.put("ds.loglevel", "warn");
        p.put("gosh.args", interactiveShell ? "" : "--nointeractive");
        p.put("gosh.home", home.root().toString());
        return p;
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
