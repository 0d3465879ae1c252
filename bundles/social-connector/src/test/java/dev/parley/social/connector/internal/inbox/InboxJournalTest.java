package dev.parley.social.connector.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.social.api.InboundMessage;

class InboxJournalTest {

    @TempDir
    Path dir;

    private static InboundMessage dm(String id) {
        return JdbcSocialInboxTest.dm(id);
    }

    @Test
    void deliveriesRoundTripAndATornLastRecordIsIgnored() throws Exception {
        InboxJournal journal = new InboxJournal(dir);
        journal.append(deliveries(List.of(dm("a"), dm("b")), List.of(dm("c"))));
        journal.append(deliveries(List.of(dm("d"))));
        Path segment = journal.rotate();
        assertThat(InboxJournal.read(segment)).containsExactly(List.of(dm("a"), dm("b")), List.of(dm("c")),
                List.of(dm("d")));

        // the process died in the middle of a write: half a record at the end
        byte[] whole = Files.readAllBytes(segment);
        Files.write(segment, java.util.Arrays.copyOf(whole, whole.length - 7), StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(InboxJournal.read(segment)).containsExactly(List.of(dm("a"), dm("b")), List.of(dm("c")));
        journal.close();
    }

    @Test
    void aNewRunFindsTheSegmentsTheLastOneLeftAndOnlyThose() throws Exception {
        InboxJournal crashed = new InboxJournal(dir);
        crashed.append(deliveries(List.of(dm("a"))));
        assertThat(crashed.rotate()).isNotNull();
        assertThat(crashed.rotate()).as("nothing written since: nothing to settle").isNull();
        crashed.append(deliveries(List.of(dm("b"))));
        // no close: the process was killed

        InboxJournal next = new InboxJournal(dir);
        assertThat(next.leftovers()).hasSize(2);
        assertThat(next.leftovers().stream().flatMap(p -> read(p).stream()).toList())
                .containsExactly(List.of(dm("a")), List.of(dm("b")));
        next.close();
        assertThat(new InboxJournal(dir).leftovers()).as("an empty segment is removed on close").hasSize(2);
    }

    @Test
    void anInboxReplaysWhatACrashedRunAcknowledgedOnceAndDeletesTheJournal() throws Exception {
        InboxJournal crashed = new InboxJournal(dir);
        crashed.append(deliveries(List.of(dm("a"), dm("b")), List.of(dm("a")))); // a redelivery of "a" too
        TestDatabase db = new TestDatabase(); // the store never wrote them
        JdbcSocialInbox inbox = JdbcSocialInbox.journaled(db.dataSource(), db.migrator, Clock.systemUTC(), dir);
        try {
            assertThat(inbox.counts().pending()).isEqualTo(2);
            assertThat(Files.list(dir).filter(p -> read(p).size() > 0).count())
                    .as("replayed segments are gone").isZero();
            inbox.store(List.of(dm("c")));
            assertThat(inbox.counts().pending()).isEqualTo(3);
        } finally {
            inbox.close();
            db.close();
        }
    }

    @SafeVarargs
    private static List<Delivery> deliveries(List<InboundMessage>... each) {
        return java.util.Arrays.stream(each).map(Delivery::of).toList();
    }

    private static List<List<InboundMessage>> read(Path segment) {
        try {
            return InboxJournal.read(segment);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
