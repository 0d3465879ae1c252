package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceException;

class BootWatchTest {

    @Test
    void theFirstErrorBlockWithTheExceptionItsComponentThrewIsTheReason() {
        BootWatch watch = new BootWatch();
        for (String line : """
                2026-12-06T20:08:34.009Z [FelixStartLevel] INFO StoreDataSource - Store ready
                ERROR : bundle dev.parley.helpdesk-core:0.1.0.SNAPSHOT (28)[JdbcSchemaMigrator(9)] : Error during instantiation of the implementation object
                java.lang.reflect.InvocationTargetException
                \tat java.base/jdk.internal.reflect.DirectConstructorHandleAccessor.newInstance(Unknown Source)
                Caused by: dev.parley.StoreException: database error: Connection is broken: "java.net.ConnectException: Connection refused: 127.0.0.1:1"
                \tat dev.parley.ConnectionPool.open(ConnectionPool.java:10)
                \t... 3 more
                Caused by: java.net.ConnectException: Connection refused

                ERROR : bundle dev.parley.sla (29)[SlaEngine(12)] : Unable to get service for reference migrator
                """.lines().toList()) {
            watch.accept(line);
        }
        assertThat(watch.fatal()).isEmpty();
        assertThat(watch.reasonForTimeout()).isEqualTo("ERROR : bundle dev.parley.helpdesk-core:0.1.0.SNAPSHOT (28)"
                + "[JdbcSchemaMigrator(9)] : Error during instantiation of the implementation object | "
                + "dev.parley.StoreException: database error: Connection is broken: \"java.net.ConnectException: "
                + "Connection refused: 127.0.0.1:1\"");
    }

    @Test
    void anSlf4jErrorLineCountsAndNothingAfterReadyDoes() {
        BootWatch watch = new BootWatch();
        watch.accept("2026-12-06T20:08:34.009Z [main] INFO A - fine");
        assertThat(watch.reasonForTimeout()).startsWith("no error was logged");
        watch.accept("2026-12-06T20:08:34.009Z [qtp 1] ERROR Jetty - Failed to start: Address already in use");
        assertThat(watch.reasonForTimeout()).endsWith("ERROR Jetty - Failed to start: Address already in use");

        BootWatch ready = new BootWatch();
        ready.stop();
        ready.accept("ERROR: late");
        assertThat(ready.reasonForTimeout()).startsWith("no error was logged");
    }

    @Test
    void aShippedBundleThatCannotResolveIsFatalAtOnceAndNothingElseIs() {
        BootWatch watch = new BootWatch();
        watch.frameworkEvent(new FrameworkEvent(FrameworkEvent.ERROR, bundle("file:/deploy/x.jar", "x"),
                new BundleException("Unable to resolve x")));
        watch.frameworkEvent(new FrameworkEvent(FrameworkEvent.ERROR, bundle("parley:helpdesk-core", "dev.parley.helpdesk-core"),
                new ServiceException("Service factory returned null.")));
        assertThat(watch.fatal()).isEmpty();

        watch.frameworkEvent(new FrameworkEvent(FrameworkEvent.ERROR, bundle("parley:helpdesk-core", "dev.parley.helpdesk-core"),
                new BundleException("Unable to resolve dev.parley.helpdesk-core [28](R 28.0): missing requirement\n"
                        + "  [dev.parley.helpdesk-core] osgi.wiring.package; (osgi.wiring.package=org.h2)")));
        assertThat(watch.fatal()).contains("bundle dev.parley.helpdesk-core failed to start: Unable to resolve "
                + "dev.parley.helpdesk-core [28](R 28.0): missing requirement [dev.parley.helpdesk-core] "
                + "osgi.wiring.package; (osgi.wiring.package=org.h2)");
        assertThat(watch.reasonForTimeout()).isEqualTo(watch.fatal().orElseThrow());
    }

    /** Just enough of a Bundle for a FrameworkEvent: its location and symbolic name. */
    private static Bundle bundle(String location, String symbolicName) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getLocation" -> location;
                    case "getSymbolicName" -> symbolicName;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
