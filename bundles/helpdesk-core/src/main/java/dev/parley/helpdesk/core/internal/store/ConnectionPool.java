package dev.parley.helpdesk.core.internal.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.LoggerFactory;


/**
 * The host database as a pooled DataSource service, shared by the host and its plugins. Kept small
 * on purpose: a bounded set of physical connections handed out through proxies whose close()
 * returns them to the pool.
 */
@Component(service = DataSource.class, configurationPid = StoreConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "parley.datasource=helpdesk")
@Designate(ocd = StoreConfig.class)
public final class ConnectionPool implements DataSource {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    private final DataSource physical;
    private final Semaphore permits;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private final long acquireTimeoutMillis;
    private final String description;
    private final boolean flushOnCommit;
    private final H2Workarounds h2 = new H2Workarounds();
    private boolean startChecked; // guarded by startCheck
    private final Object startCheck = new Object();
    private volatile boolean closed;

    @Activate
    public ConnectionPool(@Reference DataSourceFactory factory, StoreConfig config, BundleContext context)
            throws SQLException {
        this(createPhysical(factory, config, context.getProperty("parley.home")), config.maxConnections(),
                config.acquireTimeoutMillis(), describe(config, context.getProperty("parley.home")),
                flushesOnCommit(url(config, context.getProperty("parley.home"))));
    }

    /** For tests and tools: pools connections of {@code physical}, committing as the driver does. */
    public ConnectionPool(DataSource physical, int maxConnections, long acquireTimeoutMillis, String description) {
        this(physical, maxConnections, acquireTimeoutMillis, description, false);
    }

    ConnectionPool(DataSource physical, int maxConnections, long acquireTimeoutMillis, String description,
            boolean flushOnCommit) {
        this.physical = physical;
        this.flushOnCommit = flushOnCommit;
        this.permits = new Semaphore(maxConnections, true);
        this.acquireTimeoutMillis = acquireTimeoutMillis;
        this.description = description;
        LOG.info("Store ready: {} (max {} connections)", description, maxConnections);
    }

    /**
     * H2 keeps 8 parsed statements per session by default; the plugins' statements together are many
     * more, so under load every prepareStatement parsed its SQL again (17% of server CPU in the inbound
     * profile). Pooled sessions live long, so a larger cache makes repeated statements parse once. Not
     * much larger: H2 2.5 walks every cached query on a transaction's first write to each table (to drop
     * cached results), which cost more than parsing at 256.
     */
    private static final String QUERY_CACHE = "QUERY_CACHE_SIZE=64";

    static String defaultUrl(String home) {
        if (home == null || home.isBlank()) {
            return "jdbc:h2:mem:parley;DB_CLOSE_DELAY=-1;" + QUERY_CACHE;
        }
        Path dataDir = Path.of(home, "data").toAbsolutePath();
        // WRITE_DELAY=100: H2 writes what was committed at most 100 ms later, in one go, and a commit through
        // this pool writes at once (see flushesOnCommit): durable when acknowledged, batched when it can be redone.
        // retry: a thread interrupted in file I/O (a plugin stopping its workers) closes a plain FileChannel, and with
        // it the database for every bundle; H2's retry file system reopens the file and carries on instead.
        return "jdbc:h2:retry:" + dataDir.resolve("parley") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=100;"
                + QUERY_CACHE;
    }

    /**
     * Whether a commit through the pool must also write to the file: an H2 file database whose URL
     * lets H2 delay writes. Every ordinary commit then ends with a CHECKPOINT, so a webhook or REST
     * call that was answered survives {@code kill -9}; a unit of work's commit does not, and reaches
     * the file with H2's next delayed write (or the next ordinary commit's), which is what makes a
     * busy inbox cheap: its work is redone from the inbox after a crash. With {@code WRITE_DELAY=0}
     * (or PostgreSQL) every commit is durable anyway.
     */
    static boolean flushesOnCommit(String url) {
        String settings = url.replace(" ", "").toUpperCase(java.util.Locale.ROOT) + ";";
        return (url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:retry:") || url.startsWith("jdbc:h2:nio"))
                && !settings.contains(";WRITE_DELAY=0;");
    }

    /** The configured URL, or the default one under the home. */
    private static String url(StoreConfig config, String home) {
        return config.url().isBlank() ? defaultUrl(home) : config.url();
    }

    private static DataSource createPhysical(DataSourceFactory factory, StoreConfig config, String home)
            throws SQLException {
        String url = url(config, home);
        if ((url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:retry:")) && home != null) {
            try {
                Files.createDirectories(Path.of(home, "data"));
            } catch (java.io.IOException e) {
                throw new SQLException("cannot create the data folder under " + home, e);
            }
        }
        Properties props = new Properties();
        props.setProperty(DataSourceFactory.JDBC_URL, url);
        if (!config.user().isBlank()) {
            props.setProperty(DataSourceFactory.JDBC_USER, config.user());
            props.setProperty(DataSourceFactory.JDBC_PASSWORD, config.password());
        }
        return factory.createDataSource(props);
    }

    private static String describe(StoreConfig config, String home) {
        String url = url(config, home);
        int params = url.indexOf(';');
        return params > 0 ? url.substring(0, params) : url; // never log credentials passed as URL parameters
    }

    @Override
    public Connection getConnection() throws SQLException {
        return lease(acquire());
    }

    /** A physical connection with a permit taken; {@link #giveBack} returns both. */
    private Connection acquire() throws SQLException {
        if (closed) {
            throw new SQLException("the store is shut down");
        }
        try {
            if (!permits.tryAcquire(acquireTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new SQLException("no database connection free after " + acquireTimeoutMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", e);
        }
        try {
            Connection connection = takeIdle();
            return connection != null ? connection : opened(physical.getConnection());
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** A new physical connection; the first one also finishes what a crash left half done, before anyone else runs. */
    private Connection opened(Connection connection) throws SQLException {
        synchronized (startCheck) {
            if (!startChecked) {
                try {
                    if (h2.finishInterruptedCommits(connection) > 0 && flushOnCommit) {
                        flush(connection);
                    }
                } catch (SQLException | RuntimeException e) {
                    closeQuietly(connection);
                    throw e;
                }
                startChecked = true;
            }
        }
        return connection;
    }

    private synchronized Connection takeIdle() {
        return idle.pollFirst();
    }

    private Connection lease(Connection target) {
        boolean[] returned = {false};
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            if (!returned[0]) {
                                returned[0] = true;
                                giveBack(target);
                            }
                            return null;
                        case "isClosed":
                            return returned[0] || target.isClosed();
                        case "unwrap":
                            return ((Class<?>) args[0]).isInstance(proxy) ? proxy : target.unwrap((Class<?>) args[0]);
                        case "commit":
                            if (!returned[0] && flushOnCommit) {
                                target.commit();
                                flush(target);
                                return null;
                            }
                            // fall through
                        default:
                            if (returned[0]) {
                                throw new SQLException("connection already returned to the pool");
                            }
                            try {
                                return method.invoke(target, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }

    /**
     * Writes everything committed so far to the file, so the caller's commit is on disk: H2's
     * CHECKPOINT, then the wait for a background write that had taken the commit already.
     */
    private void flush(Connection physicalConnection) throws SQLException {
        try (var statement = physicalConnection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
        h2.awaitBackgroundWrites(physicalConnection);
    }

    private void giveBack(Connection connection) {
        try {
            boolean reusable = !closed && !connection.isClosed();
            if (reusable && !connection.getAutoCommit()) {
                connection.rollback(); // a caller that forgot to commit must not leak its work to the next one
                connection.setAutoCommit(true);
            }
            if (reusable) {
                synchronized (this) {
                    idle.addFirst(connection);
                }
            } else {
                connection.close();
            }
        } catch (SQLException e) {
            LOG.warn("Dropping a broken database connection: {}", e.getMessage());
            closeQuietly(connection);
        } finally {
            permits.release();
        }
    }

    @Deactivate
    public void close() {
        closed = true;
        synchronized (this) {
            idle.forEach(ConnectionPool::closeQuietly);
            idle.clear();
        }
        LOG.info("Store closed: {}", description);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection failed", e);
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool's credentials come from its configuration");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // the pool logs through SLF4J
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // connections are created by the driver's DataSource, which keeps its own timeout
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
