package dev.parley.helpdesk.core.internal.store;

import java.util.Dictionary;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ManagedService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import dev.parley.helpdesk.core.internal.config.TypedConfiguration;

/**
 * Receives the store configuration ({@code etc/dev.parley.helpdesk.store.cfg}) as a ConfigAdmin
 * {@link ManagedService} and publishes it as the {@link StoreSettings} service that {@link
 * StoreDataSource} is built from. As DS component configuration, every key (the database
 * {@code password} among them) would be a component property, and Gogo's {@code scr:info} prints
 * those. The keys and their metatype ({@link StoreConfig}, the password typed PASSWORD) are the
 * same. A changed configuration replaces the settings service, so the pool is rebuilt (DS
 * reactivates {@link StoreDataSource}); one saved again unchanged keeps it. Immediate: a delayed
 * component would be released, and the store with it, once ConfigAdmin had delivered.
 */
// configurationPid with IGNORE: only so that @Designate describes that PID; DS never reads it
@Component(service = ManagedService.class, immediate = true, configurationPid = StoreConfig.PID,
        configurationPolicy = ConfigurationPolicy.IGNORE,
        property = Constants.SERVICE_PID + "=" + StoreConfig.PID)
@Designate(ocd = StoreConfig.class)
public final class StoreConfigurations implements ManagedService {

    private final BundleContext context;
    private StoreSettings current;
    private ServiceRegistration<StoreSettings> registration;
    private boolean active = true;

    /**
     * Reads the configuration at once, as DS would, so the pool starts on the thread that starts the
     * bundle; waiting for ConfigAdmin's first (asynchronous) {@link #updated} call instead started
     * it on ConfigAdmin's thread, concurrently with the next bundles' schema migrations.
     */
    @Activate
    public StoreConfigurations(BundleContext context, @Reference ConfigurationAdmin configurations) {
        this.context = context;
        updated(TypedConfiguration.current(configurations, StoreConfig.PID));
    }

    /** ConfigAdmin calls this once at registration (null: no configuration, the defaults) and on every change. */
    @Override
    public synchronized void updated(Dictionary<String, ?> properties) {
        StoreSettings settings = new StoreSettings(TypedConfiguration.of(StoreConfig.class, properties));
        if (!active || current != null && current.sameAs(settings)) {
            return;
        }
        ServiceRegistration<StoreSettings> previous = registration;
        current = settings;
        registration = context.registerService(StoreSettings.class, settings, null);
        if (previous != null) {
            previous.unregister();
        }
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it first
            }
            registration = null;
        }
    }
}
