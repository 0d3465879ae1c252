package dev.parley.escalation.internal.rules;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import dev.parley.escalation.api.RuleOutcome;
import dev.parley.escalation.api.TriggerKind;

/**
 * The declarative rules in force, compiled and indexed: ordered by ranking (highest first, then in
 * load order), and per trigger by the words their conditions require, so an event only evaluates
 * the rules that can match it instead of scanning them all. Immutable; rebuilt on every reload.
 */
public final class RuleSet {

    /** A rule that fired, with its outcome. */
    public record Firing(DeclarativeRule rule, RuleOutcome outcome) {
    }

    private record Index(Map<String, int[]> byWord, int[] always) {
    }

    private final List<DeclarativeRule> rules;
    private final Map<TriggerKind, Index> indexes = new EnumMap<>(TriggerKind.class);

    public RuleSet(List<DeclarativeRule> unordered) {
        List<DeclarativeRule> ordered = new ArrayList<>(unordered);
        ordered.sort(Comparator.comparingInt(DeclarativeRule::ranking).reversed()); // stable: load order breaks ties
        this.rules = List.copyOf(ordered);
        for (TriggerKind kind : TriggerKind.values()) {
            Map<String, List<Integer>> byWord = new HashMap<>();
            List<Integer> always = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                DeclarativeRule rule = rules.get(i);
                if (!rule.on().contains(kind)) {
                    continue;
                }
                if (rule.when().anchors().isEmpty()) {
                    always.add(i);
                } else {
                    for (String word : rule.when().anchors()) {
                        byWord.computeIfAbsent(word, w -> new ArrayList<>()).add(i);
                    }
                }
            }
            Map<String, int[]> compact = new HashMap<>();
            byWord.forEach((w, list) -> compact.put(w, list.stream().mapToInt(Integer::intValue).toArray()));
            indexes.put(kind, new Index(compact, always.stream().mapToInt(Integer::intValue).toArray()));
        }
    }

    public static RuleSet empty() {
        return new RuleSet(List.of());
    }

    public List<DeclarativeRule> rules() {
        return rules;
    }

    /**
     * Evaluates, in order, the rules that may match, skipping those {@code enabled} refuses; stops
     * after a rule whose outcome says stop.
     */
    public List<Firing> evaluate(Facts facts, Predicate<String> enabled) {
        return evaluate(facts, enabled, (rule, reason) -> { });
    }

    /**
     * As above; a rule that runs over its time budget ({@link Facts}) is skipped and handed to
     * {@code overBudget} with the reason, and the next rule runs.
     */
    public List<Firing> evaluate(Facts facts, Predicate<String> enabled, BiConsumer<DeclarativeRule, String> overBudget) {
        Index index = indexes.get(facts.context().trigger());
        BitSet candidates = new BitSet(rules.size());
        for (int i : index.always()) {
            candidates.set(i);
        }
        for (String word : facts.tokens()) {
            int[] hits = index.byWord().get(word);
            if (hits != null) {
                for (int i : hits) {
                    candidates.set(i);
                }
            }
        }
        List<Firing> fired = new ArrayList<>(2);
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            DeclarativeRule rule = rules.get(i);
            if (!rule.enabled() || !enabled.test(rule.name())) {
                continue;
            }
            RuleOutcome outcome;
            try {
                facts.startRule();
                outcome = rule.evaluate(facts);
            } catch (RuleOverBudget e) {
                overBudget.accept(rule, e.getMessage());
                continue;
            }
            if (outcome.fired()) {
                fired.add(new Firing(rule, outcome));
                if (outcome.stops()) {
                    break;
                }
            }
        }
        return fired;
    }
}
