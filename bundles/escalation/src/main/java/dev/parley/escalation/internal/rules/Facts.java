package dev.parley.escalation.internal.rules;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

import dev.parley.escalation.api.RuleContext;

/**
 * What declarative conditions test, derived once per event from the rule context: the text's
 * lower-case tokens, the help-request intent and the answer of a matching common question.
 * It also keeps the time budget: each rule gets {@code ruleBudget} from {@link #startRule()}, all
 * rules together {@code evaluationBudget}; a condition over it throws {@link RuleOverBudget}.
 */
public final class Facts {

    /** How many characters a regex reads between two clock checks: a clock read costs ~20 ns. */
    private static final int CHECK_EVERY = 1024;

    private final RuleContext context;
    private final String normalized;
    private final Set<String> tokens;
    private final QuestionList questions;
    private Boolean asksForHelp;
    private Optional<String> answer;
    private final LongSupplier nanoTime;
    private final long ruleBudgetNanos;
    private final long evaluationDeadline;
    private long ruleDeadline;

    /** Without a budget worth the name (a day): for benchmarks and tests of the conditions themselves. */
    public Facts(RuleContext context, QuestionList questions) {
        this(context, questions, Duration.ofDays(1), Duration.ofDays(1), System::nanoTime);
    }

    public Facts(RuleContext context, QuestionList questions, Duration ruleBudget, Duration evaluationBudget,
            LongSupplier nanoTime) {
        this.context = context;
        this.nanoTime = nanoTime;
        this.ruleBudgetNanos = ruleBudget.toNanos();
        this.evaluationDeadline = nanoTime.getAsLong() + evaluationBudget.toNanos();
        this.ruleDeadline = evaluationDeadline;
        this.questions = questions;
        String[] words = Words.split(context.text().toLowerCase(Locale.ROOT));
        this.tokens = new LinkedHashSet<>(Arrays.asList(words));
        tokens.remove("");
        this.normalized = " " + String.join(" ", words).strip() + " ";
    }

    public RuleContext context() {
        return context;
    }

    /** A new rule starts: its budget, cut short by what is left of the evaluation's. */
    void startRule() {
        long now = nanoTime.getAsLong();
        if (now - evaluationDeadline >= 0) {
            throw new RuleOverBudget("not evaluated: the evaluation's time budget was spent by the rules before it");
        }
        ruleDeadline = Math.min(now + ruleBudgetNanos, evaluationDeadline);
    }

    /** Throws {@link RuleOverBudget} once the current rule's time is up. */
    void checkBudget() {
        if (nanoTime.getAsLong() - ruleDeadline > 0) {
            throw new RuleOverBudget("over its time budget of " + Duration.ofNanos(ruleBudgetNanos).toMillis() + " ms");
        }
    }

    /**
     * The message text for a regular expression: it checks the budget while the matcher reads it, so
     * even a pattern that reads the text many times stops when the rule's time is up.
     */
    CharSequence budgetedText() {
        return new BudgetedText(context.text(), 0, context.text().length());
    }

    private final class BudgetedText implements CharSequence {
        private final String text;
        private final int start;
        private final int end;
        private int reads;

        BudgetedText(String text, int start, int end) {
            this.text = text;
            this.start = start;
            this.end = end;
        }

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            if (++reads % CHECK_EVERY == 0) {
                checkBudget();
            }
            return text.charAt(start + index);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new BudgetedText(text, start + from, start + to);
        }

        @Override
        public String toString() {
            return text.substring(start, end);
        }
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
