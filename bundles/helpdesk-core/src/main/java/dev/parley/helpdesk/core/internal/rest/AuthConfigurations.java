package dev.parley.helpdesk.core.internal.rest;

import java.nio.file.Path;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.core.internal.auth.TokenStore;
import dev.parley.helpdesk.core.internal.config.TypedConfiguration;

/**
 * Receives the API access configuration ({@code etc/dev.parley.helpdesk.auth.cfg}: configured
 * {@code tokens}, {@code grants}, the body limit) as a ConfigAdmin {@link ManagedService} rather
 * than as DS component configuration, which would make the tokens component properties that Gogo's
 * {@code scr:info} prints. Registers the {@link ApiAccess} service once the configuration (or its
 * absence) is known, read from ConfigAdmin at activation, so the {@code parley.api} context and the {@code /api} filter, which need
 * it, can never come up with settings that are not the configured ones; later changes apply to the
 * same service in place. The keys and their metatype ({@link AuthConfig}) are unchanged.
 */
// configurationPid with IGNORE: only so that @Designate describes that PID; DS never reads it
@Component(service = ManagedService.class, immediate = true, configurationPid = AuthConfig.PID,
        configurationPolicy = ConfigurationPolicy.IGNORE,
        property = Constants.SERVICE_PID + "=" + AuthConfig.PID)
@Designate(ocd = AuthConfig.class)
public final class AuthConfigurations implements ManagedService {

    private static final Logger LOG = LoggerFactory.getLogger(AuthConfigurations.class);

    private final BundleContext context;
    private final Path adminTokenFile;
    private ApiAccess access;
    private ServiceRegistration<ApiAccess> registration;
    private boolean active = true;

    // optional and dynamic: without the database the configured and admin-file tokens still work
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TokenStore store;

    /** Reads the configuration at once, so the API's guard is up as soon as the bundle is (see {@link #updated}). */
    @Activate
    public AuthConfigurations(BundleContext context, @Reference ConfigurationAdmin configurations) {
        this.context = context;
        this.adminTokenFile = ApiAccess.adminTokenFile(context.getProperty("parley.home"));
        updated(TypedConfiguration.current(configurations, AuthConfig.PID));
    }

    /** ConfigAdmin calls this once at registration (null: no configuration) and on every change. */
    @Override
    public synchronized void updated(Dictionary<String, ?> properties) {
        if (!active) {
            return;
        }
        ApiAccess.Settings settings;
        try {
            settings = ApiAccess.Settings.of(TypedConfiguration.of(AuthConfig.class, properties), adminTokenFile);
        } catch (RuntimeException e) {
            // e.g. the admin token file cannot be written: /api stays closed (or keeps its last settings)
            LOG.error("Cannot apply the API access configuration {}: {}", AuthConfig.PID, e.getMessage());
            return;
        }
        if (access == null) {
            access = new ApiAccess(settings, () -> store);
            registration = context.registerService(ApiAccess.class, access, null);
        } else {
            access.update(settings);
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
