package dev.parley.escalation.internal.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compound scores against the examples published in the VADER reference implementation's README. */
class VaderAnalyzerTest {

    private static final VaderAnalyzer VADER = new VaderAnalyzer();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "VADER is smart, handsome, and funny.|0.8316",
        "VADER is smart, handsome, and funny!|0.8439",
        "VADER is very smart, handsome, and funny.|0.8545",
        "VADER is VERY SMART, handsome, and FUNNY.|0.9227",
        "VADER is VERY SMART, handsome, and FUNNY!!!|0.9342",
        "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!|0.9469",
        "VADER is not smart, handsome, nor funny.|-0.7424",
        "The book was good.|0.4404",
        "At least it isn't a horrible book.|0.431",
        "The book was only kind of good.|0.3832",
        "The plot was good, but the characters are uncompelling and the dialog is not great.|-0.7042",
        "Today SUX!|-0.5461",
        "Make sure you :) or :D today!|0.8633",
        "Not bad at all|0.431",
    })
    void matchesTheReferenceCompoundScoresToTwoDecimals(String text, double expected) {
        assertThat(VADER.compound(text)).as(text).isCloseTo(expected, within(0.005));
    }

    @Test
    void readsEmojiAsTheirDescriptions() {
        assertThat(VADER.compound("my bag 😠")).isLessThan(-0.4); // "angry face"
        assertThat(VADER.compound("my bag😊")).isGreaterThan(0.4); // "smiling face with smiling eyes", spaced off
        assertThat(VADER.compound("my bag")).isZero();
    }

    @Test
    void neutralAndEmptyTextScoreZero() {
        assertThat(VADER.compound("")).isZero();
        assertThat(VADER.compound("my order id is 12345")).isZero();
    }

    @Test
    void pythonStyleUpperCase() {
        assertThat(Vader.isUpper(":D")).isTrue();
        assertThat(Vader.isUpper("SUX")).isTrue();
        assertThat(Vader.isUpper(":)")).isFalse();
        assertThat(Vader.isUpper("Sux")).isFalse();
    }
}
