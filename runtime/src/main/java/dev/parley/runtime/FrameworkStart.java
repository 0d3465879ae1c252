package dev.parley.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * {@link Framework#start()} on a thread of its own: it returns only once every bundle of the
 * beginning start level has started, plugins included, while the launcher's readiness is the host's
 * ({@code GET /health}), which usually answers before the last plugin is up.
 */
final class FrameworkStart {

    /** What to do once the framework has started, on the same thread. */
    interface AfterStart {
        void run() throws Exception;
    }

    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long doneAt;
    private volatile String failure;

    private FrameworkStart() {
    }

    static FrameworkStart begin(Framework framework, AfterStart after) {
        FrameworkStart start = new FrameworkStart();
        Thread thread = new Thread(() -> {
            try {
                framework.start();
                after.run();
            } catch (Exception e) {
                start.failure = "the framework did not start: " + e.getMessage();
            } finally {
                start.doneAt = System.nanoTime();
                start.done.countDown();
            }
        }, "parley-start");
        thread.setDaemon(true);
        thread.start();
        return start;
    }

    /** How long ago framework.start() returned; 0 while it runs. */
    long nanosSinceDone() {
        return done.getCount() > 0 ? 0 : System.nanoTime() - doneAt;
    }

    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    void awaitDone() throws InterruptedException {
        done.await();
    }

    /** The line printed once every bundle has had its start: which ones (if any) did not become active. */
    String summary(BundleContext context, long millis) {
        List<String> inactive = Arrays.stream(context.getBundles())
                .filter(b -> b.getBundleId() != 0 && b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                .filter(b -> b.adapt(BundleStartLevel.class).isPersistentlyStarted())
                // STARTING after the start is a lazy bundle waiting for its first class load
                .filter(b -> b.getState() != Bundle.ACTIVE && b.getState() != Bundle.STARTING)
                .map(Bundle::getSymbolicName).toList();
        return inactive.isEmpty() ? "Parley started every plugin (" + millis + " ms)"
                : "Parley started its plugins (" + millis + " ms); not active: " + String.join(", ", inactive)
                        + " (GET /api/plugins says why)";
    }
}
