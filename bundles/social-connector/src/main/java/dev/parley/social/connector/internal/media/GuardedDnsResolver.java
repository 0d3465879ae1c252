package dev.parley.social.connector.internal.media;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves media hosts for the download client and refuses any host that resolves to a
 * non-public address ({@link PublicAddresses}), unless it is the host of a configured account's
 * API base URL (the sandbox runs on this machine). Checked here, where the connection's addresses
 * come from, so a name that resolves differently the second time (DNS rebinding) cannot slip past
 * a check made earlier.
 */
final class GuardedDnsResolver implements DnsResolver {

    private final Supplier<Set<String>> trustedHosts;
    private final DnsResolver system;

    GuardedDnsResolver(Supplier<Set<String>> trustedHosts) {
        this(trustedHosts, SystemDefaultDnsResolver.INSTANCE);
    }

    GuardedDnsResolver(Supplier<Set<String>> trustedHosts, DnsResolver system) {
        this.trustedHosts = trustedHosts;
        this.system = system;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = system.resolve(host);
        if (trustedHosts.get().contains(host.toLowerCase(Locale.ROOT))) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            if (!PublicAddresses.isPublic(address)) {
                throw new PrivateAddressException(host, address);
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return system.resolveCanonicalHostname(host);
    }

    /** A media host that resolves to an address a download must not reach. */
    static final class PrivateAddressException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        PrivateAddressException(String host, InetAddress address) {
            super("host " + host + " resolves to a non-public address (" + address.getHostAddress() + "): refused");
        }
    }
}
