package dev.parley.social.kit.tickets;

import java.util.Optional;

/** A ticket's subject from a social message: its first non-blank line, cut to 80 characters. */
public final class Subjects {

    static final int MAX = 80;

    private Subjects() {
    }

    /** Empty when the text has no words (the caller names the ticket another way). */
    public static Optional<String> of(String text) {
        String line = text.strip().lines().findFirst().orElse("").strip();
        if (line.isEmpty()) {
            return Optional.empty();
        }
        int codePoints = line.codePointCount(0, line.length());
        return Optional.of(codePoints <= MAX ? line
                : line.substring(0, line.offsetByCodePoints(0, MAX - 3)) + "...");
    }
}
