package dev.parley.escalation.internal.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import dev.parley.escalation.api.SentimentAnalyzer;

/**
 * The default {@link SentimentAnalyzer}: VADER over the lexicon embedded in this bundle (MIT, see
 * sentiment/LICENSE-vader.txt). Registered without a ranking, so any other analyzer with a positive
 * {@code service.ranking} replaces it.
 */
@Component(service = SentimentAnalyzer.class, property = "parley.sentiment=vader")
public final class VaderAnalyzer implements SentimentAnalyzer {

    private final Vader vader;

    public VaderAnalyzer() {
        this.vader = new Vader(lexicon(), emoji());
    }

    @Override
    public double compound(String text) {
        return vader.compound(text);
    }

    private static Map<String, Double> lexicon() {
        Map<String, Double> lexicon = new HashMap<>(8192);
        for (String[] row : rows("sentiment/vader_lexicon.txt")) {
            lexicon.put(row[0], Double.parseDouble(row[1])); // a later duplicate wins, as in the reference
        }
        return lexicon;
    }

    private static Map<Integer, String> emoji() {
        Map<Integer, String> emoji = new HashMap<>();
        for (String[] row : rows("sentiment/emoji.txt")) {
            emoji.put(Integer.parseInt(row[0], 16), row[1]);
        }
        return emoji;
    }

    private static java.util.List<String[]> rows(String resource) {
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        try (InputStream in = VaderAnalyzer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the bundle");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null;) {
                if (!line.isBlank() && !line.startsWith("# ")) {
                    rows.add(line.split("\t"));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
