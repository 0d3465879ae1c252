package dev.parley.escalation.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.escalation.api.RuleAction;
import dev.parley.escalation.api.TriggerKind;
import dev.parley.helpdesk.api.Priority;

class RuleParserTest {

    @Test
    void shippedDefaultsParse() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("rules/defaults.json")) {
            List<DeclarativeRule> rules = RuleParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in");
            assertThat(rules).extracting(DeclarativeRule::name).contains("public-help-request-to-dm",
                    "public-complaint-suggest-reply", "negative-high-reach", "negative-high-reach-repeat",
                    "common-question-auto-reply", "sla-warning-supervisor", "sla-breached-escalate");
        }
    }

    @Test
    void aFullRuleReadsEveryPart() {
        DeclarativeRule rule = RuleParser.parse("""
                {"rules": [{"name": "vip", "version": "2", "ranking": 5, "on": ["message", "sla.breached"],
                  "when": {"any": [{"keywords": ["refund", "lost bag"]}, {"tags": "vip"}]},
                  "then": [{"setPriority": "urgent"}, {"assignGroup": "vip-desk"}, {"stop": true}],
                  "why": "VIP"}]}
                """, "etc/rules/a.json").get(0);
        assertThat(rule.version()).isEqualTo("2");
        assertThat(rule.ranking()).isEqualTo(5);
        assertThat(rule.on()).containsExactlyInAnyOrder(TriggerKind.MESSAGE, TriggerKind.SLA_BREACHED);
        assertThat(rule.then()).containsExactly(new RuleAction.SetPriority(Priority.URGENT),
                new RuleAction.AssignGroup("vip-desk"), new RuleAction.Stop());
        assertThat(rule.when().anchors()).isEmpty(); // "any" with an unanchored part cannot be indexed by words
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        assertThatThrownBy(() -> RuleParser.parse("{\"rules\": [\n  {\"name\": \"x\",,}]}", "f"))
                .isInstanceOfSatisfying(RuleFileException.class, e -> {
                    assertThat(e.path()).isEqualTo("$");
                    assertThat(e.reason()).startsWith("malformed JSON at line 2, column");
                });
    }

    @Test
    void errorsNameTheJsonPathAndTheReason() {
        assertRefused("{\"rules\": [{\"name\": \"a\", \"then\": [{\"stop\": true}]}, {\"name\": \"b\","
                + " \"when\": {\"all\": [{\"channel\": \"x\"}, {\"sentimentBelow\": \"low\"}]}, \"then\": [{\"stop\": true}]}]}",
                "$.rules[1].when.all[1].sentimentBelow", "expected a number, got \"low\"");
        assertRefused("{\"rules\": [{\"name\": \"a\", \"when\": {\"mood\": 1}, \"then\": [{\"stop\": true}]}]}",
                "$.rules[0].when.mood", "unknown condition 'mood'");
        assertRefused("{\"rules\": [{\"name\": \"a\", \"when\": {\"regex\": \"(unclosed\"}, \"then\": [{\"stop\": true}]}]}",
                "$.rules[0].when.regex", "invalid regular expression");
        assertRefused("{\"rules\": [{\"name\": \"a\", \"then\": [{\"setPriority\": \"SEVERE\"}]}]}",
                "$.rules[0].then[0].setPriority", "unknown Priority 'SEVERE'");
        assertRefused("{\"rules\": [{\"name\": \"a\", \"then\": []}]}", "$.rules[0].then", "non-empty array");
        assertRefused("{\"rules\": [{\"name\": \"a\", \"then\": [{\"stop\": true}]}, {\"name\": \"a\", \"then\": [{\"stop\": true}]}]}",
                "$.rules[1].name", "defined twice");
        assertRefused("{\"rules\": [{\"name\": \"a\", \"colour\": 1, \"then\": [{\"stop\": true}]}]}",
                "$.rules[0].colour", "unknown key");
        assertRefused("{\"rules\": [{\"name\": \"a\", \"when\": {\"sentimentBelow\": -3}, \"then\": [{\"stop\": true}]}]}",
                "$.rules[0].when.sentimentBelow", "from -1.0 to 1.0");
    }

    private static void assertRefused(String json, String path, String reason) {
        assertThatThrownBy(() -> RuleParser.parse(json, "f")).isInstanceOfSatisfying(RuleFileException.class, e -> {
            assertThat(e.path()).isEqualTo(path);
            assertThat(e.reason()).contains(reason);
        });
    }
}
