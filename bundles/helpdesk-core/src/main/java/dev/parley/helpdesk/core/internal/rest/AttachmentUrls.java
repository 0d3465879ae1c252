package dev.parley.helpdesk.core.internal.rest;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which attachment URLs an agent's reply may carry. A channel plugin (or a customer's client)
 * fetches them, so a URL pointing inside the network (cloud metadata at 169.254.169.254, localhost,
 * private ranges) or at another scheme ({@code javascript:}, {@code file:}, {@code data:}) would
 * turn a reply into a request forgery or a script. Only http(s) to a public host name or address.
 * Names are not resolved here (the answer could change before the fetch); names that only exist
 * inside a network (single labels, {@code .local}, {@code .internal}, ...) are refused instead.
 */
final class AttachmentUrls {

    private static final List<String> INTERNAL_SUFFIXES = List.of(".localhost", ".local", ".internal", ".lan",
            ".home.arpa", ".localdomain", ".intranet", ".corp");

    private AttachmentUrls() {
    }

    /** Why the URL is refused, or empty when it may be sent. */
    static Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL" + (scheme.isEmpty() ? "" : ", not " + scheme + ":"));
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry a user name or password");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("has no host name");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return ipv6(host.substring(1, host.length() - 1));
        }
        if (host.matches("[0-9.]+")) {
            return ipv4(host);
        }
        return name(host);
    }

    private static Optional<String> name(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.equals("localhost") || INTERNAL_SUFFIXES.stream().anyMatch(name::endsWith)) {
            return Optional.of("points at a host inside the network (" + name + ")");
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Optional.of("needs a fully qualified public host name, not '" + name + "'");
        }
        String tld = name.substring(dot + 1);
        if (tld.isEmpty() || tld.chars().noneMatch(Character::isLetter)) {
            // 0x7f.1 and friends: numeric forms of an address that resolvers accept
            return Optional.of("has a numeric host that is not a plain IP address (" + name + ")");
        }
        return Optional.empty();
    }

    private static Optional<String> ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.of("has a numeric host that is not a dotted IPv4 address (" + host + ")");
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            // leading zeros are octal to some resolvers: 0177.0.0.1 is 127.0.0.1
            if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255) {
                return Optional.of("has a numeric host that is not a dotted IPv4 address (" + host + ")");
            }
            octets[i] = Integer.parseInt(part);
        }
        return privateIpv4(octets) ? Optional.of("points at a private, loopback or link-local address (" + host + ")")
                : Optional.empty();
    }

    private static boolean privateIpv4(int[] o) {
        return o[0] == 0 || o[0] == 10 || o[0] == 127 || o[0] >= 224
                || o[0] == 100 && o[1] >= 64 && o[1] <= 127
                || o[0] == 169 && o[1] == 254
                || o[0] == 172 && o[1] >= 16 && o[1] <= 31
                || o[0] == 192 && o[1] == 168
                || o[0] == 192 && o[1] == 0 && (o[2] == 0 || o[2] == 2)
                || o[0] == 198 && (o[1] == 18 || o[1] == 19)
                || o[0] == 198 && o[1] == 51 && o[2] == 100
                || o[0] == 203 && o[1] == 0 && o[2] == 113;
    }

    private static Optional<String> ipv6(String literal) {
        byte[] bytes;
        try {
            // a bracketed literal is an address, never a name: getByName does not query DNS for it
            bytes = InetAddress.getByName(literal.contains("%") ? literal.substring(0, literal.indexOf('%')) : literal)
                    .getAddress();
        } catch (UnknownHostException e) {
            return Optional.of("has an invalid IPv6 address");
        }
        if (bytes.length == 4) {
            // ::ffff:a.b.c.d comes back as the IPv4 address it maps
            return ipv4((bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff));
        }
        boolean zeroPrefix = true;
        for (int i = 0; i < 12; i++) {
            zeroPrefix &= bytes[i] == 0;
        }
        int first = bytes[0] & 0xff;
        boolean internal = zeroPrefix // ::, ::1 and IPv4-compatible forms
                || first == 0xfc || first == 0xfd // unique local
                || first == 0xfe && (bytes[1] & 0xc0) == 0x80 // link-local
                || first == 0xff // multicast
                || first == 0x20 && (bytes[1] & 0xff) == 0x01 && (bytes[2] & 0xff) == 0x0d && (bytes[3] & 0xff) == 0xb8;
        return internal ? Optional.of("points at a private, loopback or link-local address ([" + literal + "])")
                : Optional.empty();
    }
}
