package dev.parley.helpdesk.core.internal.edge;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hardens Jetty against slow and oversized clients through Felix's {@link ConnectorFactory} hook,
 * the one place a bundle is handed the {@link Server}: an idle timeout, a minimum request data rate
 * (Felix's own configuration has neither), request-line and header limits (414/431), only trusted
 * proxies' {@code X-Forwarded-*}, and Jetty's own refusals as problem+json.
 * <p>
 * Felix builds the HTTP service's connector (the one on {@code org.osgi.service.http.port}) before
 * any bundle runs, so the same settings are applied to it in place, through Jetty's public API; the
 * connector this factory must return is Parley's own, hardened the same way, on
 * {@code connectorHost:connectorPort} (loopback, any free port by default). Everything is undone
 * when the component stops, so an updated bundle leaves no class of the old one inside Jetty.
 */
@Component(service = ConnectorFactory.class, configurationPid = EdgeConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EdgeConfig.class)
public final class EdgeConnectorFactory implements ConnectorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeConnectorFactory.class);

    private final EdgeConfig config;
    private final TrustedProxies proxies;
    private final ProblemErrorHandler errors = new ProblemErrorHandler();
    private volatile Server server;
    private volatile Request.Handler previousErrors;

    @Activate
    public EdgeConnectorFactory(EdgeConfig config) {
        this.config = config;
        this.proxies = TrustedProxies.parse(config.trustedProxies());
    }

    @Override
    public Connector createConnector(Server server) {
        this.server = server;
        this.previousErrors = server.getErrorHandler();
        server.setErrorHandler(errors);
        for (Connector existing : server.getConnectors()) {
            harden(existing);
        }
        ServerConnector own = new ServerConnector(server, new HttpConnectionFactory(new HttpConfiguration()));
        own.setHost(config.connectorHost());
        own.setPort(config.connectorPort());
        harden(own);
        LOG.info("HTTP edge: idle timeout {} ms, minimum request data rate {} B/s, request line and headers <= {} "
                + "bytes, {} trusted prox{}", config.idleTimeoutMillis(), config.minRequestDataRate(),
                config.maxRequestHeaderBytes(), config.trustedProxies().length,
                config.trustedProxies().length == 1 ? "y" : "ies");
        return own;
    }

    private void harden(Connector connector) {
        if (connector instanceof AbstractConnector abstractConnector) {
            abstractConnector.setIdleTimeout(config.idleTimeoutMillis());
        }
        HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
        if (http == null) {
            return;
        }
        HttpConfiguration settings = http.getHttpConfiguration();
        // the edge's BodyCollector checks the rate from when it starts reading; Jetty's check counts from the
        // request's first byte, so a request that waited for a thread on a busy server was refused with 408
        settings.setMinRequestDataRate(0);
        settings.setRequestHeaderSize(config.maxRequestHeaderBytes());
        settings.setSendServerVersion(false);
        settings.setSendXPoweredBy(false);
        settings.getCustomizers().stream().filter(TrustedProxies.class::isInstance).toList()
                .forEach(settings::removeCustomizer);
        if (!proxies.isEmpty()) {
            settings.addCustomizer(proxies);
        }
    }

    @Deactivate
    void deactivate() {
        Server current = server;
        if (current == null) {
            return;
        }
        for (Connector connector : current.getConnectors()) {
            HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
            if (http != null) {
                http.getHttpConfiguration().removeCustomizer(proxies);
            }
        }
        if (current.getErrorHandler() == errors) {
            current.setErrorHandler(previousErrors);
        }
    }
}
