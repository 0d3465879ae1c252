package dev.parley.escalation.internal.sentiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The VADER scoring heuristics (Hutto &amp; Gilbert, 2014) over a valence lexicon: boosters and
 * dampeners up to three words back, negation, ALL-CAPS emphasis, "but" shifts, "least", idioms,
 * exclamation and question marks, emoji read as their descriptions. Written from the published
 * algorithm so that compound scores match the reference implementation; pure and thread-safe.
 */
public final class Vader {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private static final double B_INCR = 0.293;
    private static final double B_DECR = -0.293;
    private static final double C_INCR = 0.733;
    private static final double N_SCALAR = -0.74;

    private static final Set<String> NEGATE = Set.of("aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt",
            "doesnt", "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt",
            "havent", "isnt", "mightnt", "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't",
            "mightn't", "mustn't", "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
            "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "oughtn't", "shan't", "shouldn't", "uh-uh",
            "wasn't", "weren't", "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite");

    private static final Map<String, Double> BOOSTERS = boosters();

    private static final Map<String, Double> IDIOMS = Map.of("the shit", 3.0, "the bomb", 3.0, "bad ass", 1.5,
            "badass", 1.5, "bus stop", 0.0, "yeah right", -2.0, "kiss of death", -1.5, "to die for", 3.0,
            "beating heart", 3.1, "broken heart", -2.9);

    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final Map<String, Double> lexicon;
    private final Map<Integer, String> emoji;

    public Vader(Map<String, Double> lexicon, Map<Integer, String> emoji) {
        this.lexicon = Map.copyOf(lexicon);
        this.emoji = Map.copyOf(emoji);
    }

    /** The compound score, -1..+1. */
    public double compound(String raw) {
        String text = describeEmoji(raw == null ? "" : raw).strip();
        List<String> words = words(text);
        if (words.isEmpty()) {
            return 0.0;
        }
        boolean capDifferential = capDifferential(words);
        double[] sentiments = new double[words.size()];
        for (int i = 0; i < words.size(); i++) {
            String lower = words.get(i).toLowerCase(Locale.ROOT);
            if (BOOSTERS.containsKey(lower)
                    || (lower.equals("kind") && i + 1 < words.size() && lower(words, i + 1).equals("of"))) {
                continue; // modifiers carry no valence of their own
            }
            sentiments[i] = valence(words, i, capDifferential);
        }
        butCheck(words, sentiments);
        double sum = 0;
        for (double s : sentiments) {
            sum += s;
        }
        if (sum == 0) {
            return 0.0;
        }
        double emphasis = punctuationEmphasis(text);
        sum += sum > 0 ? emphasis : -emphasis;
        double normalized = sum / Math.sqrt(sum * sum + 15);
        return Math.max(-1.0, Math.min(1.0, normalized));
    }

    private double valence(List<String> words, int i, boolean capDifferential) {
        String item = words.get(i);
        String lower = item.toLowerCase(Locale.ROOT);
        Double base = lexicon.get(lower);
        if (base == null) {
            return 0.0;
        }
        double valence = base;
        if (lower.equals("no") && i + 1 < words.size() && lexicon.containsKey(lower(words, i + 1))) {
            valence = 0.0; // "no" modifying the next sentiment word, not a sentiment of its own
        }
        if ((i > 0 && lower(words, i - 1).equals("no")) || (i > 1 && lower(words, i - 2).equals("no"))
                || (i > 2 && lower(words, i - 3).equals("no") && Set.of("or", "nor").contains(lower(words, i - 1)))) {
            valence = base * N_SCALAR;
        }
        if (isUpper(item) && capDifferential) {
            valence += valence > 0 ? C_INCR : -C_INCR;
        }
        for (int back = 0; back < 3; back++) {
            int at = i - (back + 1);
            if (at < 0 || lexicon.containsKey(lower(words, at))) {
                continue;
            }
            double scalar = scalar(words.get(at), valence, capDifferential);
            if (back == 1) {
                scalar *= 0.95;
            } else if (back == 2) {
                scalar *= 0.9;
            }
            valence = negation(valence + scalar, words, back, i);
            if (back == 2) {
                valence = idioms(valence, words, i);
            }
        }
        return least(valence, words, i);
    }

    private static double scalar(String word, double valence, boolean capDifferential) {
        Double booster = BOOSTERS.get(word.toLowerCase(Locale.ROOT));
        if (booster == null) {
            return 0.0;
        }
        double scalar = valence < 0 ? -booster : booster;
        if (isUpper(word) && capDifferential) {
            scalar += valence > 0 ? C_INCR : -C_INCR;
        }
        return scalar;
    }

    private static double negation(double valence, List<String> words, int back, int i) {
        String one = lower(words, i - 1);
        if (back == 0) {
            return negated(one) ? valence * N_SCALAR : valence;
        }
        String two = lower(words, i - 2);
        if (back == 1) {
            if (two.equals("never") && (one.equals("so") || one.equals("this"))) {
                return valence * 1.25;
            }
            if (two.equals("without") && one.equals("doubt")) {
                return valence;
            }
            return negated(two) ? valence * N_SCALAR : valence;
        }
        String three = lower(words, i - 3);
        if ((three.equals("never") && (two.equals("so") || two.equals("this"))) || one.equals("so")
                || one.equals("this")) {
            return valence * 1.25;
        }
        if (three.equals("without") && (two.equals("doubt") || one.equals("doubt"))) {
            return valence;
        }
        return negated(three) ? valence * N_SCALAR : valence;
    }

    private static boolean negated(String lowerWord) {
        return NEGATE.contains(lowerWord) || lowerWord.contains("n't");
    }

    private static double idioms(double valence, List<String> words, int i) {
        String w0 = lower(words, i);
        String w1 = lower(words, i - 1);
        String w2 = lower(words, i - 2);
        String w3 = lower(words, i - 3);
        for (String seq : List.of(w1 + " " + w0, w2 + " " + w1 + " " + w0, w2 + " " + w1, w3 + " " + w2 + " " + w1,
                w3 + " " + w2)) {
            Double idiom = IDIOMS.get(seq);
            if (idiom != null) {
                valence = idiom;
                break;
            }
        }
        if (i + 1 < words.size()) {
            Double idiom = IDIOMS.get(w0 + " " + lower(words, i + 1));
            valence = idiom == null ? valence : idiom;
        }
        if (i + 2 < words.size()) {
            Double idiom = IDIOMS.get(w0 + " " + lower(words, i + 1) + " " + lower(words, i + 2));
            valence = idiom == null ? valence : idiom;
        }
        for (String gram : List.of(w3 + " " + w2 + " " + w1, w3 + " " + w2, w2 + " " + w1)) {
            Double booster = BOOSTERS.get(gram);
            if (booster != null) {
                valence += booster;
            }
        }
        return valence;
    }

    private double least(double valence, List<String> words, int i) {
        if (i > 1 && !lexicon.containsKey(lower(words, i - 1)) && lower(words, i - 1).equals("least")) {
            String before = lower(words, i - 2);
            return before.equals("at") || before.equals("very") ? valence : valence * N_SCALAR;
        }
        if (i > 0 && !lexicon.containsKey(lower(words, i - 1)) && lower(words, i - 1).equals("least")) {
            return valence * N_SCALAR;
        }
        return valence;
    }

    /** Sentiment before "but" counts half, after it one and a half times. */
    private static void butCheck(List<String> words, double[] sentiments) {
        int but = -1;
        for (int i = 0; i < words.size() && but < 0; i++) {
            but = lower(words, i).equals("but") ? i : -1;
        }
        if (but < 0) {
            return;
        }
        for (int i = 0; i < sentiments.length; i++) {
            if (i < but) {
                sentiments[i] *= 0.5;
            } else if (i > but) {
                sentiments[i] *= 1.5;
            }
        }
    }

    private static double punctuationEmphasis(String text) {
        long exclamations = Math.min(4, text.chars().filter(c -> c == '!').count());
        long questions = text.chars().filter(c -> c == '?').count();
        double questionEmphasis = questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0;
        return exclamations * 0.292 + questionEmphasis;
    }

    private String describeEmoji(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean previousSpace = true;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            String description = emoji.get(cp);
            if (description != null) {
                if (!previousSpace) {
                    out.append(' ');
                }
                out.append(description);
                previousSpace = false;
            } else {
                out.appendCodePoint(cp);
                previousSpace = cp == ' ';
            }
        }
        return out.toString();
    }

    /** Whitespace tokens, with surrounding punctuation stripped unless that leaves two characters or fewer (emoticons). */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String token : WHITESPACE.split(text)) {
            if (token.isEmpty()) {
                continue;
            }
            int start = 0;
            int end = token.length();
            while (start < end && PUNCTUATION.indexOf(token.charAt(start)) >= 0) {
                start++;
            }
            while (end > start && PUNCTUATION.indexOf(token.charAt(end - 1)) >= 0) {
                end--;
            }
            words.add(end - start <= 2 ? token : token.substring(start, end));
        }
        return words;
    }

    private static boolean capDifferential(List<String> words) {
        long upper = words.stream().filter(Vader::isUpper).count();
        return upper > 0 && upper < words.size();
    }

    /** Python's str.isupper(): at least one cased character and no lower-case one. */
    static boolean isUpper(String word) {
        boolean cased = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isLowerCase(c) || Character.isTitleCase(c)) {
                return false;
            }
            cased |= Character.isUpperCase(c);
        }
        return cased;
    }

    private static String lower(List<String> words, int i) {
        return i < 0 ? "" : words.get(i).toLowerCase(Locale.ROOT);
    }

    private static Map<String, Double> boosters() {
        Map<String, Double> map = new java.util.HashMap<>();
        for (String w : ("absolutely amazingly awfully completely considerable considerably decidedly deeply effing "
                + "enormous enormously entirely especially exceptional exceptionally extreme extremely fabulously "
                + "flipping flippin frackin fracking fricking frickin frigging friggin fully fuckin fucking fuggin "
                + "fugging greatly hella highly hugely incredible incredibly intensely major majorly more most "
                + "particularly purely quite really remarkably so substantially thoroughly total totally tremendous "
                + "tremendously uber unbelievably unusually utter utterly very").split(" ")) {
            map.put(w, B_INCR);
        }
        for (String w : ("almost barely hardly kinda kindof kind-of less little marginal marginally occasional "
                + "occasionally partly scarce scarcely slight slightly somewhat sorta sortof sort-of").split(" ")) {
            map.put(w, B_DECR);
        }
        for (String w : List.of("just enough", "kind of", "sort of")) {
            map.put(w, B_DECR);
        }
        return Map.copyOf(map);
    }
}
