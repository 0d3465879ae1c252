package dev.parley.social.connector.internal.inbox;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.social.api.InboundMessage;

/**
 * Reads what an older Parley left in {@code <home>/data/inbox-journal/}: webhooks it had
 * acknowledged into that node-local journal and not yet written to the database when it stopped.
 * Today a webhook is in the database before its 200, so nothing writes these files any more; at
 * start each segment left behind is stored into the inbox once (storing is idempotent) and then
 * deleted, and the folder goes when it is empty, so an upgrade loses nothing that was acknowledged.
 * A segment is records of a length, a CRC-32 and the deliveries' JSON; a torn last record was
 * never acknowledged and is ignored.
 */
final class OldJournal {

    private static final Logger LOG = LoggerFactory.getLogger(OldJournal.class);
    private static final String SUFFIX = ".journal";

    private OldJournal() {
    }

    /** Stores every delivery found in {@code dir} with {@code store}, deleting each segment once stored; returns how many events were new. */
    static int replay(Path dir, ToIntFunction<List<InboundMessage>> store) {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            LOG.error("The inbox journal of an earlier version in {} could not be read: {}", dir, e.toString());
            return 0;
        }
        int stored = 0;
        for (Path segment : segments) {
            try {
                int fromSegment = 0;
                for (List<InboundMessage> delivery : read(segment)) {
                    fromSegment += store.applyAsInt(delivery);
                }
                Files.delete(segment);
                stored += fromSegment;
                LOG.info("Inbox journal {} of an earlier version stored: {} acknowledged events were not in the "
                        + "database yet", segment.getFileName(), fromSegment);
            } catch (IOException | RuntimeException e) {
                LOG.error("Inbox journal {} of an earlier version could not be stored; it stays for the next start",
                        segment, e);
            }
        }
        try (Stream<Path> left = Files.list(dir)) {
            if (left.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            LOG.debug("Inbox journal folder {} kept: {}", dir, e.toString());
        }
        return stored;
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
}
