package dev.parley.social.connector.internal.media;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs an account's media may be fetched from: {@code https:} on the account's media domains
 * (configured, else the platform's CDN domains; a domain covers its subdomains), or anything on the
 * host and port of the account's own API base URL (the sandbox, or a stand-in in tests), which is
 * the one place a private address is allowed. Where the host's addresses may point is checked
 * again when it is resolved ({@link GuardedDnsResolver}), and every redirect is a new URL checked
 * here.
 */
public final class MediaHostPolicy {

    private final List<String> domains;
    private final Optional<URI> apiBase;

    public MediaHostPolicy(List<String> domains, Optional<String> apiBaseUrl) {
        this.domains = domains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT))
                .map(d -> d.startsWith(".") ? d.substring(1) : d).filter(d -> !d.isEmpty()).toList();
        this.apiBase = apiBaseUrl.flatMap(MediaHostPolicy::parse).filter(u -> u.getHost() != null);
    }

    /** Empty if {@code url} may be fetched, else why not. */
    public Optional<String> refusal(String url) {
        Optional<URI> parsed = parse(url);
        if (parsed.isEmpty() || parsed.get().getHost() == null || parsed.get().getScheme() == null) {
            return Optional.of("not a fetchable URL");
        }
        URI uri = parsed.get();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            return Optional.of("a media URL with credentials is not fetched");
        }
        if (isApiHost(uri)) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of("media are fetched over https only (" + scheme + ": refused)");
        }
        boolean listed = domains.stream().anyMatch(d -> host.equals(d) || host.endsWith("." + d));
        if (!listed) {
            return Optional.of("host " + host + " is not one of the account's media hosts " + domains);
        }
        return Optional.empty();
    }

    /** Whether {@code url} is on the account's own API host, where private addresses are allowed. */
    public boolean isApiHost(URI uri) {
        if (apiBase.isEmpty() || uri.getHost() == null || uri.getScheme() == null) {
            return false;
        }
        URI base = apiBase.get();
        return uri.getScheme().equalsIgnoreCase(base.getScheme()) && uri.getHost().equalsIgnoreCase(base.getHost())
                && port(uri) == port(base);
    }

    /** The API base URL's host, if any. */
    public Optional<String> apiHost() {
        return apiBase.map(u -> u.getHost().toLowerCase(Locale.ROOT));
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static Optional<URI> parse(String url) {
        try {
            return Optional.of(new URI(url));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
