package dev.parley.helpdesk.core.internal.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Believes {@code X-Forwarded-*} and {@code Forwarded} only from the configured reverse proxies:
 * Jetty's {@link ForwardedRequestCustomizer} runs for a connection whose peer is one of them, and
 * nobody else can make Parley see another client address (which the per-address cap counts) or scheme.
 */
final class TrustedProxies implements HttpConfiguration.Customizer {

    private record Range(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;
    private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * Parses literal addresses and CIDR ranges; never resolves a name (a proxy list that depends on
     * DNS would let whoever controls DNS pick who is trusted).
     *
     * @throws IllegalArgumentException naming the entry that is not an address or range
     */
    static TrustedProxies parse(String[] entries) {
        List<Range> ranges = new ArrayList<>();
        for (String raw : entries == null ? new String[0] : entries) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            byte[] address = literal(host, entry);
            int prefix = address.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException("trustedProxies: '" + entry + "' has an invalid prefix length");
                }
            }
            ranges.add(new Range(address, prefix));
        }
        return new TrustedProxies(List.copyOf(ranges));
    }

    private static byte[] literal(String host, String entry) {
        boolean literal = host.matches("[0-9.]+") && host.chars().filter(c -> c == '.').count() == 3
                || host.contains(":") && host.matches("[0-9A-Fa-f:.]+");
        if (!literal) {
            throw new IllegalArgumentException("trustedProxies: '" + entry + "' is not an IP address or CIDR range");
        }
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("trustedProxies: '" + entry + "' is not an IP address or CIDR range", e);
        }
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    boolean trusts(SocketAddress peer) {
        if (!(peer instanceof InetSocketAddress socket) || socket.getAddress() == null) {
            return false;
        }
        byte[] address = socket.getAddress().getAddress();
        return ranges.stream().anyMatch(r -> r.contains(address));
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        if (trusts(request.getConnectionMetaData().getRemoteSocketAddress())) {
            return forwarded.customize(request, responseHeaders);
        }
        return request;
    }
}
