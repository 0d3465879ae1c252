package dev.parley.escalation.internal.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The configurable common questions with their answers, one entry per question as {@code phrase |
 * phrase | ... => answer}: a message containing any of the phrases (whole words, any case) gets the
 * answer. Entries are tried in order.
 */
public final class QuestionList {

    /** One question: the phrases that ask it and the answer. */
    public record Entry(List<String> phrases, String answer) {
    }

    private final List<Entry> entries;

    private QuestionList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Parses configuration entries; throws IllegalArgumentException naming the entry that is malformed. */
    public static QuestionList parse(String[] raw) {
        List<Entry> entries = new ArrayList<>();
        for (String line : raw == null ? new String[0] : raw) {
            int arrow = line.indexOf("=>");
            if (line.isBlank()) {
                continue;
            }
            if (arrow < 0 || line.substring(arrow + 2).isBlank()) {
                throw new IllegalArgumentException("question entry '" + line + "' needs 'phrase | phrase => answer'");
            }
            List<String> phrases = Arrays.stream(line.substring(0, arrow).split("\\|"))
                    .map(p -> Words.normalize(p.toLowerCase(Locale.ROOT).strip()))
                    .filter(p -> !p.isEmpty()).toList();
            if (phrases.isEmpty()) {
                throw new IllegalArgumentException("question entry '" + line + "' has no phrase before '=>'");
            }
            entries.add(new Entry(phrases, line.substring(arrow + 2).strip()));
        }
        return new QuestionList(entries);
    }

    public static QuestionList empty() {
        return new QuestionList(List.of());
    }

    public List<Entry> entries() {
        return entries;
    }

    Optional<String> answerFor(Facts facts) {
        for (Entry entry : entries) {
            if (entry.phrases().stream().anyMatch(facts::containsPhrase)) {
                return Optional.of(entry.answer());
            }
        }
        return Optional.empty();
    }
}
