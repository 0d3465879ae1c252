package dev.parley.escalation.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordsTest {

    @Test
    void splitsAtAnythingButLettersDigitsApostrophesHashesAndAts() {
        assertThat(Words.split("@acme my bag's lost!! #fail, día 2"))
                .containsExactly("@acme", "my", "bag's", "lost", "#fail", "día", "2");
    }

    @Test
    void normalizesToSingleSpacedWords() {
        assertThat(Words.normalize("  where is -- my   order? ")).isEqualTo("where is my order");
        assertThat(Words.normalize("?!")).isEmpty();
    }
}
