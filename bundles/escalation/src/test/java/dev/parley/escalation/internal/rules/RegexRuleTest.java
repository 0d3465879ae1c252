package dev.parley.escalation.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.parley.escalation.api.AuthorProfile;
import dev.parley.escalation.api.RuleContext;
import dev.parley.escalation.api.TriggerKind;
import dev.parley.helpdesk.api.Author;
import dev.parley.helpdesk.api.AuthorKind;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;

/** Rule regexes: RE2 syntax in linear time, unsupported constructs refused with their index, a time budget per rule. */
class RegexRuleTest {

    private static final String CATASTROPHIC = """
            {"rules": [{"name": "nested", "when": {"regex": "(a+)+$"}, "then": [{"addTags": ["nested"]}]},
                       {"name": "after", "when": {"channel": "x"}, "then": [{"addTags": ["after"]}]}]}
            """;

    @Test
    void catastrophicPatternRunsInLinearTime() {
        RuleSet rules = new RuleSet(RuleParser.parse(CATASTROPHIC, "f"));
        String text = "a".repeat(50_000) + "!"; // java.util.regex: 2^50000 steps
        long started = System.nanoTime();
        List<RuleSet.Firing> fired = rules.evaluate(new Facts(context(text), QuestionList.parse(new String[0])),
                name -> true);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(fired).extracting(f -> f.rule().name()).containsExactly("after");
        assertThat(millis).as("evaluation time").isLessThan(2_000);
    }

    @Test
    void ruleOverItsBudgetIsSkippedAndReportedAndTheNextRuleRuns() {
        RuleSet rules = new RuleSet(RuleParser.parse(CATASTROPHIC, "f"));
        AtomicLong clock = new AtomicLong();
        // a clock that advances 1 ms per reading: the 50,000-character match reads it ~50 times
        Facts facts = new Facts(context("a".repeat(50_000) + "!"), QuestionList.parse(new String[0]),
                Duration.ofMillis(10), Duration.ofSeconds(10), () -> clock.addAndGet(1_000_000));
        List<String> skipped = new ArrayList<>();
        List<RuleSet.Firing> fired = rules.evaluate(facts, name -> true,
                (rule, reason) -> skipped.add(rule.name() + ": " + reason));
        assertThat(skipped).containsExactly("nested: over its time budget of 10 ms");
        assertThat(fired).extracting(f -> f.rule().name()).containsExactly("after");
    }

    @Test
    void rulesPastTheEvaluationBudgetAreSkippedNotRun() {
        RuleSet rules = new RuleSet(RuleParser.parse(CATASTROPHIC, "f"));
        AtomicLong clock = new AtomicLong();
        Facts facts = new Facts(context("a".repeat(50_000) + "!"), QuestionList.parse(new String[0]),
                Duration.ofSeconds(10), Duration.ofMillis(20), () -> clock.addAndGet(1_000_000));
        List<String> skipped = new ArrayList<>();
        rules.evaluate(facts, name -> true, (rule, reason) -> skipped.add(rule.name()));
        assertThat(skipped).containsExactly("nested", "after");
    }

    @Test
    void backreferenceIsRefusedWithItsIndex() {
        assertThatThrownBy(() -> RuleParser.parse("{\"rules\": [{\"name\": \"a\", \"when\": {\"regex\": \"(ab)x\\\\1\"},"
                + " \"then\": [{\"stop\": true}]}]}", "f")).isInstanceOfSatisfying(RuleFileException.class, e -> {
                    assertThat(e.path()).isEqualTo("$.rules[0].when.regex");
                    assertThat(e.reason()).contains("at index 5 (`\\1`)").contains("backreferences")
                            .contains("RE2 syntax");
                });
        assertThatThrownBy(() -> RuleParser.parse("{\"rules\": [{\"name\": \"a\", \"when\": {\"regex\": \"refund(?!ed)\"},"
                + " \"then\": [{\"stop\": true}]}]}", "f")).isInstanceOfSatisfying(RuleFileException.class,
                        e -> assertThat(e.reason()).contains("at index 6 (`(?!`)").contains("lookaround"));
    }

    @Test
    void matchingIsCaseInsensitive() {
        RuleSet rules = new RuleSet(RuleParser.parse("""
                {"rules": [{"name": "order", "when": {"regex": "order #?\\\\d{4,}"}, "then": [{"addTags": ["o"]}]}]}
                """, "f"));
        assertThat(rules.evaluate(new Facts(context("ORDER #12345 missing"), QuestionList.parse(new String[0])),
                name -> true)).hasSize(1);
    }

    private static RuleContext context(String text) {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        Ticket ticket = new Ticket(1, "t", TicketStatus.NEW, Priority.NORMAL, "x", new Customer(1, "c", List.of()),
                Optional.empty(), Optional.empty(), new TreeSet<>(), Optional.empty(), now, now, 0, List.of());
        Message message = new Message(1, 1, Direction.INBOUND, Visibility.PUBLIC, "x", Optional.empty(),
                new Author(AuthorKind.CUSTOMER, "c", Optional.of(1L)), text, List.of(), now, DeliveryState.NONE,
                Optional.empty(), Map.of());
        return new RuleContext(TriggerKind.MESSAGE, ticket, Optional.of(message), 0, "en",
                new AuthorProfile(Optional.of(1L), "c", Optional.empty(), 0, false, false), List.of(), Optional.empty(), now);
    }
}
