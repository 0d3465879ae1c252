package dev.parley.itests;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The axe-core accessibility scan (from the org.webjars.npm:axe-core test dependency, never a CDN)
 * run in the page through chromedriver: {@link #assertNoSeriousViolations} fails on any violation
 * axe rates serious or critical and lists each with the elements it found.
 */
final class Axe {

    private static final String SCRIPT = "META-INF/resources/webjars/axe-core/" + System.getProperty("axe-core.version",
            "4.6.3") + "/axe.min.js";

    private Axe() {
    }

    /** Scans the whole document (or {@code selector}'s element) and fails on serious/critical violations. */
    @SuppressWarnings("unchecked")
    static void assertNoSeriousViolations(ChromeDriver browser, String what) {
        if (!Boolean.TRUE.equals(browser.executeScript("return typeof window.axe === 'object'"))) {
            browser.executeScript(source());
        }
        Object result = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, { resultTypes: ['violations'] }).then("
                + "r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,"
                + "  nodes: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' '))"
                + "}))), e => done('axe failed: ' + e))");
        if (result instanceof String error) {
            fail(what + ": " + error);
        }
        List<Map<String, Object>> serious = ((List<Map<String, Object>>) result).stream()
                .filter(v -> "serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))).toList();
        if (!serious.isEmpty()) {
            fail("axe-core found " + serious.size() + " serious or critical accessibility violation(s) in " + what
                    + ":\n" + serious.stream().map(v -> "- " + v.get("id") + " (" + v.get("impact") + "): " + v.get("help")
                            + "\n    " + String.join("\n    ", (List<String>) v.get("nodes")))
                            .collect(Collectors.joining("\n")));
        }
    }

    private static String source() {
        try (InputStream in = Axe.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is not on the test class path (org.webjars.npm:axe-core)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
