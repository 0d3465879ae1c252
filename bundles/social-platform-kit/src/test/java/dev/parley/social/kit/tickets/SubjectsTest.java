package dev.parley.social.kit.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubjectsTest {

    @Test
    void theFirstLineIsTheSubject() {
        assertThat(Subjects.of("  \n  Where is my parcel?  \nOrder 42")).contains("Where is my parcel?");
    }

    @Test
    void aLongLineIsCutAtEightyCharactersWithoutSplittingAnEmoji() {
        String line = "😀".repeat(100);
        String subject = Subjects.of(line).orElseThrow();
        assertThat(subject.codePointCount(0, subject.length())).isEqualTo(80);
        assertThat(subject).endsWith("😀...");
    }

    @Test
    void noWordsNoSubject() {
        assertThat(Subjects.of(" \n\t ")).isEmpty();
    }
}
