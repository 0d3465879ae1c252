package dev.parley.escalation.internal.rules;

import java.util.regex.Pattern;

/**
 * The one tokenizer that messages, keyword conditions and common questions share, so a phrase
 * matches exactly when its words do. The pattern is compiled once: {@code String.split} compiles
 * its regular expression on every call, which for these Unicode classes cost ~50 KB of garbage
 * per message evaluated (a tenth of all allocation under webhook load).
 */
final class Words {

    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}'#@]+");

    private Words() {
    }

    /** The words of {@code text}, in order, split at anything but letters, digits, ', # and @; may start with "". */
    static String[] split(String text) {
        return SEPARATORS.split(text);
    }

    /** The words of {@code text} joined by single spaces. */
    static String normalize(String text) {
        return String.join(" ", split(text)).strip();
    }
}
