package dev.parley.runtime;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;

/**
 * Why a start is not reaching ready, in one line. A shipped bundle that cannot resolve or start
 * is fatal at once (the framework says so with an ERROR event); anything else that fails while
 * booting (a component whose activation throws, e.g. a store that cannot connect, or Jetty that
 * cannot bind) is only known from what the framework, SCR and the bundles print, so the first
 * ERROR block seen on the console is kept as the reason given when the ready deadline passes.
 */
final class BootWatch implements FrameworkListener, Consumer<String> {

    private static final int MAX_REASON = 400;

    private final AtomicReference<String> fatal = new AtomicReference<>();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile boolean watching = true;
    // the ERROR block being read: its first line and the first exception seen under it
    private String errorLine;
    private String errorCause;

    /** A shipped bundle (location {@code parley:...}) that failed to resolve or start: nothing will fix itself. */
    @Override
    public void frameworkEvent(FrameworkEvent event) {
        Bundle bundle = event.getBundle();
        // only a BundleException means resolve or start failed; the framework reports other errors
        // (a service factory that returned null, ...) the same way, and those are a component's story
        if (watching && event.getType() == FrameworkEvent.ERROR && bundle != null
                && bundle.getLocation().startsWith("parley:") && event.getThrowable() instanceof BundleException cause) {
            String why = oneLine(cause.getMessage() == null ? cause.toString() : cause.getMessage());
            fatal.compareAndSet(null, "bundle " + bundle.getSymbolicName() + " failed to start: " + why);
        }
    }

    /** One console line. */
    @Override
    public synchronized void accept(String line) {
        if (!watching || firstError.get() != null) {
            return;
        }
        String stripped = line.strip();
        boolean errorStart = stripped.startsWith("ERROR") || stripped.matches("^\\S+ \\[[^\\]]*\\] ERROR .*");
        if (errorLine == null) {
            if (errorStart) {
                errorLine = stripped;
            }
            return;
        }
        if (stripped.startsWith("Caused by: ")) {
            if (errorCause == null || errorCause.startsWith("java.lang.reflect.InvocationTargetException")) {
                errorCause = stripped.substring("Caused by: ".length());
            }
        } else if (stripped.startsWith("at ") || stripped.startsWith("...")) {
            return;
        } else if (errorCause == null && !errorStart && stripped.matches("^[\\w.$]+(Exception|Error)(: .*)?$")) {
            errorCause = stripped;
        } else {
            closeBlock();
            if (errorStart) {
                errorLine = stripped;
            }
        }
    }

    /** The reason to give up now, if there is one. */
    Optional<String> fatal() {
        return Optional.ofNullable(fatal.get());
    }

    /** Whether anything was logged at ERROR while booting. */
    synchronized boolean sawError() {
        return errorLine != null || firstError.get() != null;
    }

    /** The best reason known for a start that did not reach ready in time. */
    synchronized String reasonForTimeout() {
        if (fatal.get() != null) {
            return fatal.get();
        }
        closeBlock();
        return Optional.ofNullable(firstError.get()).orElse("no error was logged (a slow machine? see --ready-timeout)");
    }

    /** Ready: later errors are the running system's business. */
    void stop() {
        watching = false;
    }

    private void closeBlock() {
        if (errorLine != null) {
            String reason = errorCause == null ? errorLine : errorLine + " | " + errorCause;
            firstError.compareAndSet(null, oneLine(reason));
            errorLine = null;
            errorCause = null;
        }
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return flat.length() > MAX_REASON ? flat.substring(0, MAX_REASON) + "..." : flat;
    }
}
