package dev.parley.runtime;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Keeps what only Parley's own user may read that way: {@code etc/} (account secrets),
 * {@code data/} (the database, ConfigAdmin state with secrets) and
 * {@code log/} are 0700 and the files in them 0600. Applied at every start, so an installation
 * made before this existed is tightened too; files the database creates while running are
 * already behind a 0700 folder. Does nothing on a file system without POSIX permissions.
 */
final class HomePermissions {

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private HomePermissions() {
    }

    static boolean supported() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** 0600 for a file, 0700 for a folder. */
    static void ownerOnly(Path path) throws IOException {
        if (supported()) {
            Files.setPosixFilePermissions(path, Files.isDirectory(path) ? FOLDER : FILE);
        }
    }

    /** The folder and everything under it, owner only (symbolic links are not followed). */
    static void ownerOnlyTree(Path root) throws IOException {
        if (!supported() || !Files.isDirectory(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(dir, FOLDER);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.setPosixFilePermissions(file, FILE);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
