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

import dev.parley.helpdesk.core.internal.auth.Caller;
import dev.parley.helpdesk.core.internal.auth.Role;

/**
 * The bearer tokens /api accepts outside the database: the configured ones and the first-run
 * admin token file. Only SHA-256 digests are kept in memory and compared in constant time; tokens
 * themselves are never logged.
 */
final class AccessTokens {

    private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);

    private record Entry(Caller caller, byte[] digest) {
    }

    private final List<Entry> entries;

    private AccessTokens(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * Tokens from configuration ({@code token}, {@code name:token} or {@code name:role:token}; without
     * a role, {@code agent}), and the admin token file (generated on first use) unless one of the
     * configured tokens is an admin's.
     */
    static AccessTokens load(String[] configured, Path adminTokenFile) {
        List<Entry> entries = new ArrayList<>();
        for (String item : configured) {
            if (item == null || item.isBlank()) {
                continue;
            }
            String[] parts = item.split(":", 3);
            Optional<Role> role = parts.length == 3 ? Role.parse(parts[1]) : Optional.empty();
            String name = parts.length > 1 && !parts[0].isBlank() ? parts[0].strip() : "agent";
            // name:role:token when the middle part is a role; otherwise the token itself may hold colons
            String token = role.isPresent() ? parts[2].strip()
                    : parts.length > 1 && !parts[0].isBlank() ? item.substring(item.indexOf(':') + 1).strip() : item.strip();
            if (token.isEmpty()) {
                LOG.warn("Ignoring the configured API token entry for '{}': it has no token", name);
                continue;
            }
            entries.add(new Entry(Caller.configured(name, role.orElse(Role.AGENT)), digest(token)));
        }
        if (entries.stream().noneMatch(e -> e.caller().role() == Role.ADMIN)) {
            entries.add(new Entry(Caller.configured("admin", Role.ADMIN), digest(adminToken(adminTokenFile))));
        }
        return new AccessTokens(List.copyOf(entries));
    }

    /** The caller owning {@code token}; every entry is compared so timing reveals nothing. */
    Optional<Caller> caller(String token) {
        byte[] candidate = digest(token);
        Caller match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), candidate) && match == null) {
                match = entry.caller();
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
