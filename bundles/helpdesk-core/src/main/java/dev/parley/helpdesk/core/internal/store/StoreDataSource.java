package dev.parley.helpdesk.core.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The host database as one HikariCP pool, registered as the {@code javax.sql.DataSource} service
 * {@code (parley.datasource=helpdesk)} that the host and its plugins share. Hikari validates
 * connections, replaces them after their maximum lifetime and reports leaks. The JDBC driver is
 * chosen by the URL alone: Hikari loads it by class name (its bundle imports packages dynamically
 * for that), so no OSGi DataSourceFactory and no target filter are involved. Every commit is
 * durable when it returns (see {@link #defaultUrl}); callers run their transactions with
 * {@link dev.parley.helpdesk.api.store.JdbcTransactions}. Its configuration ({@link StoreConfig})
 * comes as the {@link StoreSettings} service, not as component properties, so the password stays
 * out of {@code scr:info} (see {@link StoreConfigurations}).
 */
@Component(service = DataSource.class, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = "parley.datasource=helpdesk")
public final class StoreDataSource extends HikariDataSource {

    private static final Logger LOG = LoggerFactory.getLogger(StoreDataSource.class);

    @Activate
    public StoreDataSource(@Reference StoreSettings settings, BundleContext context) {
        this(settings.config(), context);
    }

    StoreDataSource(StoreConfig config, BundleContext context) {
        super(configure(config, context.getProperty("parley.home")));
        LOG.info("Store ready: {} (max {} connections)", describe(getJdbcUrl()), getMaximumPoolSize());
    }

    /** A pool over a driver's own DataSource (tests and tools), with Hikari's defaults otherwise. */
    public static HikariDataSource pooled(DataSource physical, int maxConnections, long acquireTimeoutMillis) {
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(physical);
        hikari.setMaximumPoolSize(maxConnections);
        hikari.setConnectionTimeout(acquireTimeoutMillis);
        return new HikariDataSource(hikari);
    }

    static HikariConfig configure(StoreConfig config, String home) {
        String url = config.url().isBlank() ? defaultUrl(home) : config.url().trim();
        if (url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:") && home != null) {
            try {
                Files.createDirectories(Path.of(home, "data"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the data folder under " + home, e);
            }
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("parley-store");
        hikari.setJdbcUrl(url);
        driverOf(url).ifPresent(hikari::setDriverClassName);
        if (!config.user().isBlank()) {
            hikari.setUsername(config.user());
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.maxConnections());
        hikari.setConnectionTimeout(config.acquireTimeoutMillis());
        hikari.setMaxLifetime(config.maxLifetimeMillis());
        hikari.setLeakDetectionThreshold(config.leakDetectionMillis());
        // one connection attempt at activation: a database that cannot be reached at start fails the
        // component at once with the driver's reason, which parley.jar prints as why it could not
        // start (RuntimeProcessIT). Waiting instead (-1) left each component that migrates its tables
        // blocked for acquireTimeoutMillis in turn on the start-level thread, so the start took minutes
        // to fail. A database lost later fails callers (and /health) until Hikari reconnects.
        hikari.setInitializationFailTimeout(1);
        return hikari;
    }

    /** The drivers Parley ships, by URL prefix; another URL finds its driver through DriverManager. */
    static Optional<String> driverOf(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return Optional.of("org.postgresql.Driver");
        }
        if (url.startsWith("jdbc:h2:")) {
            return Optional.of("org.h2.Driver");
        }
        return Optional.empty();
    }

    /**
     * H2 keeps 8 parsed statements per session by default; the plugins' statements together are many
     * more, so under load every prepareStatement parsed its SQL again (17% of server CPU in the inbound
     * profile). Not much larger: H2 2.5 walks every cached query on a transaction's first write to each
     * table, which cost more than parsing at 256.
     */
    private static final String QUERY_CACHE = "QUERY_CACHE_SIZE=64";

    /**
     * The embedded default. WRITE_DELAY=0: H2 writes every commit to its file before the commit returns
     * (into the OS page cache, without fsync), so whatever a caller was told is stored survives
     * {@code kill -9} of the process; a power loss or kernel crash may take the last moments with it.
     * {@code retry:} is H2's file system that reopens the file when a thread interrupted during I/O (a
     * plugin stopping its workers) closed the channel, instead of closing the database for every bundle.
     */
    static String defaultUrl(String home) {
        if (home == null || home.isBlank()) {
            return "jdbc:h2:mem:parley;DB_CLOSE_DELAY=-1;" + QUERY_CACHE;
        }
        Path dataDir = Path.of(home, "data").toAbsolutePath();
        return "jdbc:h2:retry:" + dataDir.resolve("parley") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;" + QUERY_CACHE;
    }

    /** The URL without its parameters: credentials may be passed as URL parameters and must not be logged. */
    static String describe(String url) {
        int cut = url.length();
        for (char c : new char[] {';', '?'}) {
            int at = url.indexOf(c);
            if (at > 0) {
                cut = Math.min(cut, at);
            }
        }
        return url.substring(0, cut);
    }

    @Override
    @Deactivate
    public void close() {
        super.close();
        LOG.info("Store closed: {}", describe(getJdbcUrl()));
    }
}
