package dev.parley.helpdesk.core.internal.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens /api accepts. Only SHA-256 digests are kept in memory and compared in constant
 * time; tokens themselves are never logged.
 */
final class AccessTokens {

    private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);

    private record Entry(String principal, byte[] digest) {
    }

    private final List<Entry> entries;

    private AccessTokens(List<Entry> entries) {
        this.entries = entries;
    }

    /** Tokens from configuration, or else the admin token file (generated on first use). */
    static AccessTokens load(String[] configured, Path adminTokenFile) {
        List<Entry> entries = new ArrayList<>();
        for (String item : configured) {
            if (item == null || item.isBlank()) {
                continue;
            }
            int colon = item.indexOf(':');
            String name = colon > 0 ? item.substring(0, colon).strip() : "agent";
            String token = colon > 0 ? item.substring(colon + 1).strip() : item.strip();
            entries.add(new Entry(name, digest(token)));
        }
        if (entries.isEmpty()) {
            entries.add(new Entry("admin", digest(adminToken(adminTokenFile))));
        }
        return new AccessTokens(List.copyOf(entries));
    }

    /** The principal owning {@code token}; every entry is compared so timing reveals nothing. */
    Optional<String> principal(String token) {
        byte[] candidate = digest(token);
        String match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), candidate) && match == null) {
                match = entry.principal();
            }
        }
        return Optional.ofNullable(match);
    }

    private static String adminToken(Path file) {
        try {
            if (Files.exists(file)) {
                String token = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!token.isEmpty()) {
                    return token;
                }
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(file.getParent());
            writeOwnerOnly(file, token);
            LOG.info("Generated the admin API token into {} (readable by its owner only)", file.toAbsolutePath());
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write the admin token file " + file + ": " + e.getMessage(),
                    e);
        }
    }

    private static void writeOwnerOnly(Path file, String token) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            // another start wrote it between our delete and create; overwrite below keeps one token
        }
        Files.writeString(file, token + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
