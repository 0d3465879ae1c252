package dev.parley.social.connector.internal.outbound;

import java.util.Locale;

/**
 * Detects a public text repeating words said in private. Texts are compared normalized (case,
 * punctuation and spacing ignored); a private text counts as quoted when the public text
 * contains all of it (short texts), any run of {@link #RUN} characters of it (long ones), or any
 * of its number-like words (four digits or more: order and booking numbers, phone numbers), so an
 * order number or an address copied from a DM is caught while "Thanks!" is not.
 */
final class Quotes {

    static final int RUN = 24;
    private static final int SHORTEST = 12;

    private Quotes() {
    }

    static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    static boolean quotes(String publicText, String privateText) {
        String padded = " " + publicText + " ";
        for (String word : privateText.split(" ")) {
            if (word.chars().filter(Character::isDigit).count() >= 4 && padded.contains(" " + word + " ")) {
                return true;
            }
        }
        if (privateText.length() < SHORTEST) {
            return false;
        }
        if (privateText.length() <= RUN) {
            return publicText.contains(privateText);
        }
        for (int i = 0; i + RUN <= privateText.length(); i++) {
            if (publicText.contains(privateText.substring(i, i + RUN))) {
                return true;
            }
        }
        return false;
    }
}
