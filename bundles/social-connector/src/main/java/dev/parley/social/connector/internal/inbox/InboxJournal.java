package dev.parley.social.connector.internal.inbox;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import dev.parley.social.api.InboundMessage;

/**
 * What the webhook endpoint acknowledged and the database may not have written yet: an append-only
 * file of deliveries, written (one write for a whole group) before the 2xx goes out, so the inbox's
 * own commit can wait for the store's next write instead of writing a chunk per webhook. Segments
 * rotate: once the store has committed what an old segment holds, the segment is deleted; segments
 * left by a crash are replayed into the inbox at start (storing is idempotent). A record is a
 * length, a CRC-32 and the deliveries' JSON; a torn last record (the process died mid-write, so it
 * was never acknowledged) is ignored.
 */
final class InboxJournal implements AutoCloseable {

    private static final String SUFFIX = ".journal";

    private final Path dir;
    private final List<Path> leftovers;
    private FileChannel current;
    private Path currentPath;
    private long written;
    private long sequence;

    InboxJournal(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            this.leftovers = files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        this.sequence = System.currentTimeMillis() * 1000;
        openNext();
    }

    /** Segments a previous run left behind, oldest first: deliveries to store again. */
    List<Path> leftovers() {
        return leftovers;
    }

    /** Appends the deliveries in one write; returns once the OS has them (they survive the process). */
    synchronized void append(List<Delivery> deliveries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (Delivery delivery : deliveries) {
            StringBuilder json = new StringBuilder("[");
            for (String payload : delivery.payloads()) {
                json.append(json.length() > 1 ? "," : "").append(payload);
            }
            byte[] record = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(record);
            out.writeInt(record.length);
            out.writeInt((int) crc.getValue());
            out.write(record);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
        while (buffer.hasRemaining()) {
            current.write(buffer);
        }
        written += bytes.size();
    }

    /** Starts a new segment if the current one holds anything; returns the finished one, if any. */
    synchronized Path rotate() throws IOException {
        if (written == 0) {
            return null;
        }
        Path finished = currentPath;
        current.close();
        openNext();
        return finished;
    }

    private void openNext() throws IOException {
        currentPath = dir.resolve(String.format("inbox-%020d%s", sequence++, SUFFIX));
        current = FileChannel.open(currentPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        written = 0;
    }

    /** The deliveries in a segment, up to a torn or damaged record. */
    static List<List<InboundMessage>> read(Path segment) throws IOException {
        List<List<InboundMessage>> deliveries = new ArrayList<>();
        try (InputStream file = Files.newInputStream(segment); DataInputStream in = new DataInputStream(file)) {
            while (true) {
                int length;
                int expected;
                byte[] record;
                try {
                    length = in.readInt();
                    expected = in.readInt();
                    if (length < 0 || length > 64 * 1024 * 1024) {
                        break;
                    }
                    record = in.readNBytes(length);
                } catch (EOFException e) {
                    break;
                }
                CRC32 crc = new CRC32();
                crc.update(record);
                if (record.length < length || (int) crc.getValue() != expected) {
                    break;
                }
                deliveries.add(InboundJson.readArray(new String(record, StandardCharsets.UTF_8)));
            }
        }
        return deliveries;
    }

    @Override
    public synchronized void close() throws IOException {
        current.close();
        if (written == 0) {
            Files.deleteIfExists(currentPath);
        }
    }
}
