package dev.parley.helpdesk.core.internal.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The bytes of stored attachments, one file per distinct content under the store's folder, named
 * by its SHA-256 (in a sub-folder per first two hex digits): the same picture sent twice is kept
 * once, and a name says nothing a customer chose. A file is written under a temporary name and
 * moved into place only when complete and within the limit, so a crash leaves no half file under a
 * content name.
 */
public final class AttachmentFiles {

    /** What {@link #write} kept. */
    public record Written(String sha256, long size, byte[] head) {
    }

    /** More bytes than the limit: nothing was kept. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("larger than the limit of " + limit + " bytes");
        }
    }

    private final Path root;

    public AttachmentFiles(Path root) {
        this.root = root;
    }

    /** Looks at a complete file before it is kept; throws (an unchecked exception) to keep nothing. */
    @FunctionalInterface
    public interface Verifier {
        void verify(byte[] head, long size);
    }

    /** Reads {@code in} to its end (at most {@code maxBytes}) into the store. */
    public Written write(InputStream in, long maxBytes) throws IOException {
        return write(in, maxBytes, (head, size) -> { });
    }

    /** Reads {@code in} to its end (at most {@code maxBytes}) and keeps it if {@code verifier} agrees. */
    public Written write(InputStream in, long maxBytes, Verifier verifier) throws IOException {
        Files.createDirectories(root);
        Path temp = root.resolve("incoming-" + UUID.randomUUID());
        MessageDigest sha = sha256();
        byte[] head = new byte[MediaSniffer.HEAD_BYTES];
        int headLength = 0;
        long size = 0;
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0;) {
                    size += n;
                    if (size > maxBytes) {
                        throw new TooLarge(maxBytes);
                    }
                    if (headLength < head.length) {
                        int take = Math.min(n, head.length - headLength);
                        System.arraycopy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            verifier.verify(Arrays.copyOf(head, headLength), size);
            String digest = HexFormat.of().formatHex(sha.digest());
            Path target = path(digest);
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                Files.delete(temp); // the same content is already kept
                // fresh again: a sweep of an older unused copy must not take it now that it is wanted
                Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            } else {
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(temp);
                }
            }
            return new Written(digest, size, Arrays.copyOf(head, headLength));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The file of content {@code sha256}, if kept. */
    public Optional<Path> find(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        Path path = path(sha256);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    /**
     * Deletes the file of content {@code sha256} if it was last written before {@code cutoffMillis} (a
     * write of the same content since then makes it wanted again). Returns whether it was deleted.
     */
    public boolean deleteIfUnchangedSince(String sha256, long cutoffMillis) throws IOException {
        Optional<Path> file = find(sha256);
        if (file.isEmpty() || Files.getLastModifiedTime(file.get()).toMillis() >= cutoffMillis) {
            return false;
        }
        return Files.deleteIfExists(file.get());
    }

    private Path path(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
