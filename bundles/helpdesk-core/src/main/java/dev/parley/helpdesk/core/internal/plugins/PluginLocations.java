package dev.parley.helpdesk.core.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a plugin jar comes from: a {@code file:} or {@code http(s):} URL, or {@code
 * mvn:group/artifact/version} looked up in the local Maven repository, then in the configured
 * remote repositories (Maven Central by default).
 */
final class PluginLocations {

    private final Path localRepository;
    private final List<String> remotes;

    PluginLocations(Path localRepository, List<String> remotes) {
        this.localRepository = localRepository;
        this.remotes = remotes;
    }

    InputStream open(String location) throws IOException {
        if (location.startsWith("mvn:")) {
            String[] gav = location.substring(4).split("/");
            if (gav.length < 3 || gav.length > 4) {
                throw new IllegalArgumentException("a Maven location is mvn:group/artifact/version[/type], not '"
                        + location + "'");
            }
            String type = gav.length == 4 ? gav[3] : "jar";
            String path = gav[0].replace('.', '/') + "/" + gav[1] + "/" + gav[2] + "/" + gav[1] + "-" + gav[2] + "." + type;
            Path local = localRepository.resolve(path);
            if (Files.isRegularFile(local)) {
                return Files.newInputStream(local);
            }
            IOException last = null;
            for (String remote : remotes) {
                try {
                    return URI.create(remote.endsWith("/") ? remote + path : remote + "/" + path).toURL().openStream();
                } catch (IOException e) {
                    last = e;
                }
            }
            throw new IOException("'" + location + "' is neither in " + localRepository + " nor in " + remotes
                    + (last == null ? "" : ": " + last.getMessage()));
        }
        if (location.startsWith("file:") || location.startsWith("http:") || location.startsWith("https:")) {
            return new URL(location).openStream();
        }
        throw new IllegalArgumentException("a plugin location is mvn:group/artifact/version, file:… or http(s)://…, not '"
                + location + "'");
    }
}
