package dev.parley.helpdesk.core.internal.plugins;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.ops4j.pax.url.mvn.MavenResolver;
import org.ops4j.pax.url.mvn.MavenResolvers;

/**
 * Where a plugin jar comes from: a {@code file:} or {@code http(s):} URL, or {@code
 * mvn:group/artifact/version[/type[/classifier]]} resolved by a Maven resolver (pax-url-aether:
 * the local repository, then the configured remote ones, snapshots and mirrors as Maven does).
 * Every read is bounded: a server that never answers costs at most the connect plus the read
 * timeout, a huge answer stops at {@code maxBytes}.
 */
final class PluginLocations {

    /**
     * One Maven coordinate part: letters, digits and {@code _ - . +}, starting with a letter or digit,
     * without {@code ..}: so no coordinate can name a path outside the repository ({@code mvn:../../x}).
     */
    private static final Pattern COORDINATE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,199}");

    /** A location the administrator wrote that cannot name a plugin: a 400, unlike an unreadable one. */
    static final class BadLocation extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadLocation(String message) {
            super(message);
        }
    }

    /** The bounds of one download. */
    record Limits(Duration connectTimeout, Duration readTimeout, long maxBytes) {
    }

    /** A checked {@code mvn:} coordinate. */
    record Coordinate(String group, String artifact, String version, String type, String classifier) {
    }

    /** The key prefix of pax-url-aether's settings (its ConfigAdmin PID; ours are passed directly, not through it). */
    private static final String RESOLVER_PID = "org.ops4j.pax.url.mvn";

    private final Supplier<MavenResolver> maven;
    private final Limits limits;

    /** {@code maven} is asked for the resolver at the first {@code mvn:} location only. */
    PluginLocations(Supplier<MavenResolver> maven, Limits limits) {
        this.maven = maven;
        this.limits = limits;
    }

    /**
     * A resolver with these settings only, in pax-url-aether's keys: these repositories (no fallback
     * to others), the install timeouts, no retries (a retry would double the time an administrator
     * waits for the 422). Close it when done.
     */
    static MavenResolver resolver(Path localRepository, List<String> remotes, Limits limits) {
        Hashtable<String, String> settings = new Hashtable<>();
        settings.put(RESOLVER_PID + ".localRepository", localRepository.toString());
        List<String> repositories = new ArrayList<>();
        for (int i = 0; i < remotes.size(); i++) {
            if (!remotes.get(i).isBlank()) {
                repositories.add(remotes.get(i).strip() + "@id=plugins-" + i + "@snapshots");
            }
        }
        settings.put(RESOLVER_PID + ".repositories", String.join(",", repositories));
        settings.put(RESOLVER_PID + ".defaultRepositories", "");
        settings.put(RESOLVER_PID + ".useFallbackRepositories", "false");
        settings.put(RESOLVER_PID + ".socket.connectionTimeout", Long.toString(limits.connectTimeout().toMillis()));
        settings.put(RESOLVER_PID + ".socket.readTimeout", Long.toString(limits.readTimeout().toMillis()));
        settings.put(RESOLVER_PID + ".timeout", Long.toString(limits.readTimeout().toMillis()));
        settings.put(RESOLVER_PID + ".connection.retryCount", "0");
        return MavenResolvers.createMavenResolver(settings, RESOLVER_PID);
    }

    /** The jar at {@code location}, read whole (so the framework never waits on the network). */
    byte[] fetch(String location) throws IOException {
        if (location.startsWith("mvn:")) {
            Coordinate gav = coordinate(location);
            File jar;
            try {
                jar = maven.get().resolve(gav.group(), gav.artifact(), gav.classifier(), gav.type(), gav.version());
            } catch (RuntimeException e) { // the resolver's own failures are "cannot read it from there" too
                throw new IOException("cannot resolve '" + location + "': " + e.getMessage(), e);
            }
            if (jar == null || !jar.isFile()) {
                throw new IOException("'" + location + "' was not found in the Maven repositories");
            }
            return read(jar.toURI().toURL(), location);
        }
        if (location.startsWith("file:") || location.startsWith("http:") || location.startsWith("https:")) {
            return read(url(location), location);
        }
        throw new BadLocation("a plugin location is mvn:group/artifact/version, file:… or http(s)://…, not '"
                + location + "'");
    }

    static Coordinate coordinate(String location) {
        String[] parts = location.substring("mvn:".length()).split("/", -1);
        if (parts.length < 3 || parts.length > 5) {
            throw new BadLocation("a Maven location is mvn:group/artifact/version[/type[/classifier]], not '"
                    + location + "'");
        }
        for (String part : parts) {
            if (!COORDINATE.matcher(part).matches() || part.contains("..")) {
                throw new BadLocation("'" + part + "' in '" + location + "' is not a Maven coordinate part (letters, "
                        + "digits, _ - . +, no '..', not starting with '.')");
            }
        }
        return new Coordinate(parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : "jar",
                parts.length > 4 ? parts[4] : "");
    }

    private static URL url(String location) {
        try {
            return new URI(location).toURL();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            throw new BadLocation("'" + location + "' is not a valid URL: " + e.getMessage());
        }
    }

    private byte[] read(URL url, String location) throws IOException {
        URLConnection connection = url.openConnection();
        connection.setConnectTimeout(Math.toIntExact(limits.connectTimeout().toMillis()));
        connection.setReadTimeout(Math.toIntExact(limits.readTimeout().toMillis()));
        try {
            connection.connect();
        } catch (SocketTimeoutException e) {
            throw new IOException("could not connect to " + url.getHost() + " within "
                    + limits.connectTimeout().toSeconds() + " s (connectTimeoutSeconds)");
        }
        try {
            if (connection instanceof HttpURLConnection http && http.getResponseCode() >= 400) {
                throw new IOException(location + " answered " + http.getResponseCode());
            }
            if (connection.getContentLengthLong() > limits.maxBytes()) {
                throw tooLarge(location);
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] jar = in.readNBytes(Math.toIntExact(limits.maxBytes() + 1));
                if (jar.length > limits.maxBytes()) {
                    throw tooLarge(location);
                }
                return jar;
            }
        } catch (SocketTimeoutException e) {
            throw new IOException(url.getHost() + " sent nothing for " + limits.readTimeout().toSeconds()
                    + " s (readTimeoutSeconds) while " + location + " was read");
        } finally {
            if (connection instanceof HttpURLConnection http) {
                http.disconnect();
            }
        }
    }

    private IOException tooLarge(String location) {
        return new IOException(location + " is larger than the " + limits.maxBytes() / (1024 * 1024)
                + " MB a plugin may have (maxPluginMegabytes)");
    }
}
