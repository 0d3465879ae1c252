package dev.parley.helpdesk.core.internal.tickets;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes agents' uploads that no reply carried within {@code uploadOrphanSeconds} (an agent who
 * attached a file and then wrote nothing, or closed the tab): checked every quarter of that time,
 * between once a second and every 15 minutes, on its own thread.
 */
@Component(service = {}, configurationPid = AttachmentsConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class UploadSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(UploadSweeper.class);

    private final ScheduledExecutorService thread;

    @Activate
    public UploadSweeper(@Reference JdbcAttachmentStore store, AttachmentsConfig config) {
        long lifetimeMillis = TimeUnit.SECONDS.toMillis(Math.max(1, config.uploadOrphanSeconds()));
        long periodMillis = Math.max(1_000, Math.min(TimeUnit.MINUTES.toMillis(15), lifetimeMillis / 4));
        Clock clock = Clock.systemUTC();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-upload-sweeper");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(() -> {
            try {
                store.sweepOrphans(clock.instant().minusMillis(lifetimeMillis));
            } catch (RuntimeException e) {
                LOG.warn("Sweeping unused uploads failed (tried again in {} ms): {}", periodMillis, e.toString());
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        thread.shutdownNow();
    }
}
