package dev.parley.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The sandbox's endpoints take no credentials: anyone who reaches them can post as a "customer"
 * of its accounts. Beside a real account of the same platform, such posts would become tickets
 * on the same channel as real customers', so the launcher refuses that mix unless asked for it.
 */
final class SandboxAccounts {

    private static final String ACCOUNT_FILE_PREFIX = "dev.parley.social.account-";

    private SandboxAccounts() {
    }

    /** The first account file in {@code etc} that talks to a real platform API (not the sandbox's), as "file (platform)". */
    static Optional<String> firstRealAccount(Path etc) throws IOException {
        if (!Files.isDirectory(etc)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(etc, ACCOUNT_FILE_PREFIX + "*.cfg")) {
            for (Path file : files) {
                Properties p = new Properties();
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                String platform = p.getProperty("platform", "").strip();
                String api = p.getProperty("apiBaseUrl", "").strip();
                if (!platform.isEmpty() && !api.contains("/sandbox/")) {
                    return Optional.of(file.getFileName() + " (" + platform + ")");
                }
            }
        }
        return Optional.empty();
    }
}
