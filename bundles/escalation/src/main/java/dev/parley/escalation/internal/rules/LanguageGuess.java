package dev.parley.escalation.internal.rules;

import java.util.Map;
import java.util.Set;

/**
 * A deliberately small language guess for short social messages: the language whose common words
 * appear most (English, German, French, Spanish, Dutch), {@code "und"} when none does. A message
 * property {@code language} set by a channel wins.
 */
public final class LanguageGuess {

    private static final Map<String, Set<String>> COMMON = Map.of(
            "en", Set.of("the", "and", "is", "my", "you", "your", "to", "of", "it", "not", "please", "was", "with", "i"),
            "de", Set.of("der", "die", "das", "und", "ist", "nicht", "ich", "mein", "meine", "bitte", "ein", "mit", "sie"),
            "fr", Set.of("le", "la", "les", "et", "est", "pas", "je", "mon", "ma", "merci", "vous", "une", "avec"),
            "es", Set.of("el", "los", "las", "y", "es", "mi", "por", "gracias", "que", "una", "con", "usted", "favor"),
            "nl", Set.of("de", "het", "een", "en", "niet", "mijn", "ik", "alsjeblieft", "bedankt", "jullie", "met"));

    private LanguageGuess() {
    }

    public static String of(Set<String> lowerCaseWords) {
        String best = "und";
        int bestHits = 0;
        for (var language : COMMON.entrySet()) {
            int hits = 0;
            for (String w : lowerCaseWords) {
                hits += language.getValue().contains(w) ? 1 : 0;
            }
            if (hits > bestHits || (hits == bestHits && hits > 0 && language.getKey().equals("en"))) {
                best = language.getKey();
                bestHits = hits;
            }
        }
        return best;
    }
}
