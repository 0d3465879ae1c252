package dev.parley.helpdesk.core.internal.store;

/**
 * The store configuration as a service inside helpdesk-core, registered by {@link StoreConfigurations}
 * for {@link StoreDataSource}: the pool is configured from it rather than from DS component
 * properties, so the password never becomes a component property that {@code scr:info} prints.
 * Never printed itself ({@code toString} names no value).
 */
public final class StoreSettings {

    private final StoreConfig config;

    StoreSettings(StoreConfig config) {
        this.config = config;
    }

    StoreConfig config() {
        return config;
    }

    /** Whether {@code other} configures the same pool (a configuration saved again unchanged keeps the pool). */
    boolean sameAs(StoreSettings other) {
        StoreConfig a = config;
        StoreConfig b = other.config;
        return a.url().equals(b.url()) && a.user().equals(b.user()) && a.password().equals(b.password())
                && a.maxConnections() == b.maxConnections() && a.acquireTimeoutMillis() == b.acquireTimeoutMillis()
                && a.maxLifetimeMillis() == b.maxLifetimeMillis() && a.leakDetectionMillis() == b.leakDetectionMillis();
    }

    @Override
    public String toString() {
        return "StoreSettings";
    }
}
