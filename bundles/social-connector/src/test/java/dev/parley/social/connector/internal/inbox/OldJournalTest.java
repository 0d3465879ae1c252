package dev.parley.social.connector.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.social.api.InboundMessage;

/** An upgrade from a version that kept acknowledged webhooks in a node-local journal loses none of them. */
class OldJournalTest {

    @TempDir
    Path home;

    private static InboundMessage dm(String id) {
        return JdbcSocialInboxTest.dm(id);
    }

    /** A segment in the format the old journal wrote: per delivery a length, a CRC-32 and its JSON array. */
    private static byte[] segment(List<List<InboundMessage>> deliveries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (List<InboundMessage> delivery : deliveries) {
            byte[] record = ("[" + String.join(",", Delivery.of(delivery).payloads()) + "]")
                    .getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(record);
            out.writeInt(record.length);
            out.writeInt((int) crc.getValue());
            out.write(record);
        }
        return bytes.toByteArray();
    }

    @Test
    void whatAnOlderVersionAcknowledgedIsStoredOnceAtStartAndTheJournalIsGone() throws Exception {
        Path dir = Files.createDirectories(home.resolve("data/inbox-journal"));
        Files.write(dir.resolve("inbox-00000000000000000001.journal"),
                segment(List.of(List.of(dm("a"), dm("b")), List.of(dm("a"))))); // a redelivery of "a" too
        byte[] torn = segment(List.of(List.of(dm("c")), List.of(dm("never-acknowledged"))));
        Files.write(dir.resolve("inbox-00000000000000000002.journal"), Arrays.copyOf(torn, torn.length - 7));
        TestDatabase db = new TestDatabase();
        JdbcSocialInbox inbox = JdbcSocialInbox.create(db.dataSource(), db.migrator, Clock.systemUTC());
        try {
            assertThat(inbox.replayOldJournal(dir)).isEqualTo(3);
            assertThat(inbox.counts().pending()).as("a, b and c; the torn record was never acknowledged").isEqualTo(3);
            assertThat(dir).as("the folder goes once every segment is stored").doesNotExist();
            assertThat(inbox.replayOldJournal(dir)).as("nothing to do at the next start").isZero();
        } finally {
            inbox.close();
            db.close();
        }
    }

    @Test
    void noJournalFolderIsNothingToDo() {
        TestDatabase db = new TestDatabase();
        JdbcSocialInbox inbox = JdbcSocialInbox.create(db.dataSource(), db.migrator, Clock.systemUTC());
        try {
            assertThat(inbox.replayOldJournal(home.resolve("data/inbox-journal"))).isZero();
        } finally {
            inbox.close();
            db.close();
        }
    }
}
