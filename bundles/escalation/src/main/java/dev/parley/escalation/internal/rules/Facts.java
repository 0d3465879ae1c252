package dev.parley.escalation.internal.rules;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.parley.escalation.api.RuleContext;

/**
 * What declarative conditions test, derived once per event from the rule context: the text's
 * lower-case tokens, the help-request intent and the answer of a matching common question.
 */
public final class Facts {

    private final RuleContext context;
    private final String normalized;
    private final Set<String> tokens;
    private final QuestionList questions;
    private Boolean asksForHelp;
    private Optional<String> answer;

    public Facts(RuleContext context, QuestionList questions) {
        this.context = context;
        this.questions = questions;
        String[] words = Words.split(context.text().toLowerCase(Locale.ROOT));
        this.tokens = new LinkedHashSet<>(Arrays.asList(words));
        tokens.remove("");
        this.normalized = " " + String.join(" ", words).strip() + " ";
    }

    public RuleContext context() {
        return context;
    }

    /** The message's distinct lower-case words. */
    public Set<String> tokens() {
        return tokens;
    }

    /** Whether the lower-case words contain {@code phrase} (one or more lower-case words) as a whole. */
    public boolean containsPhrase(String phrase) {
        return phrase.indexOf(' ') < 0 ? tokens.contains(phrase) : normalized.contains(" " + phrase + " ");
    }

    public boolean asksForHelp() {
        if (asksForHelp == null) {
            asksForHelp = HelpIntent.matches(context.text());
        }
        return asksForHelp;
    }

    /** The configured answer of the first common question the message asks, if any. */
    public Optional<String> answer() {
        if (answer == null) {
            answer = questions.answerFor(this);
        }
        return answer;
    }
}
