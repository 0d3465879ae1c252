package dev.parley.escalation.internal.rules;

import static dev.parley.escalation.internal.rules.ConditionParser.bool;
import static dev.parley.escalation.internal.rules.ConditionParser.constant;
import static dev.parley.escalation.internal.rules.ConditionParser.lowerStrings;
import static dev.parley.escalation.internal.rules.ConditionParser.number;
import static dev.parley.escalation.internal.rules.ConditionParser.onlyKeys;
import static dev.parley.escalation.internal.rules.ConditionParser.text;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.escalation.api.RuleAction;
import dev.parley.escalation.api.TriggerKind;
import dev.parley.helpdesk.api.Priority;

/**
 * Reads a rule file: {@code {"rules": [{"name", "version", "enabled", "ranking", "on", "when",
 * "then", "why"}]}}. The whole file is refused at its first error, reported with the JSON path and
 * the reason, so a half-valid file never runs.
 */
public final class RuleParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RULE_KEYS = Set.of("name", "version", "enabled", "ranking", "on", "when", "then",
            "why");
    private static final Map<String, TriggerKind> TRIGGERS = Map.of("message", TriggerKind.MESSAGE, "sla.warning",
            TriggerKind.SLA_WARNING, "sla.breached", TriggerKind.SLA_BREACHED);
    static final String ACTIONS = "setPriority, addTags, removeTags, assignGroup, assignAgent, suggestReply, "
            + "publicReply, handOffToDm, autoReply, notify, stop";

    private RuleParser() {
    }

    public static List<DeclarativeRule> parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new RuleFileException("$", "malformed JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new RuleFileException("$", "expected an object {\"rules\": [...]}");
        }
        onlyKeys(root, "$", Set.of("rules"));
        JsonNode rules = root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new RuleFileException("$.rules", "expected an array of rules");
        }
        List<DeclarativeRule> parsed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            String path = "$.rules[" + i + "]";
            DeclarativeRule rule = rule(rules.get(i), path, source);
            if (!names.add(rule.name())) {
                throw new RuleFileException(path + ".name", "rule '" + rule.name() + "' is defined twice in this file");
            }
            parsed.add(rule);
        }
        return parsed;
    }

    private static DeclarativeRule rule(JsonNode node, String path, String source) {
        if (node == null || !node.isObject()) {
            throw new RuleFileException(path, "expected a rule object");
        }
        onlyKeys(node, path, RULE_KEYS);
        String name = text(node.get("name"), path + ".name");
        if (!name.matches("[A-Za-z0-9._:-]{1,100}")) {
            throw new RuleFileException(path + ".name", "names use letters, digits and . _ : - (at most 100)");
        }
        String version = node.has("version") ? text(node.get("version"), path + ".version") : "1";
        boolean enabled = !node.has("enabled") || bool(node.get("enabled"), path + ".enabled");
        int ranking = node.has("ranking") ? (int) number(node.get("ranking"), path + ".ranking", -1e6, 1e6) : 0;
        Set<TriggerKind> on = EnumSet.noneOf(TriggerKind.class);
        if (node.has("on")) {
            for (String trigger : lowerStrings(node.get("on"), path + ".on")) {
                TriggerKind kind = TRIGGERS.get(trigger);
                if (kind == null) {
                    throw new RuleFileException(path + ".on", "unknown trigger '" + trigger
                            + "'; use message, sla.warning or sla.breached");
                }
                on.add(kind);
            }
        } else {
            on.add(TriggerKind.MESSAGE);
        }
        Condition when = node.has("when") ? ConditionParser.parse(node.get("when"), path + ".when")
                : new Condition("always", f -> true);
        JsonNode then = node.get("then");
        if (then == null || !then.isArray() || then.isEmpty()) {
            throw new RuleFileException(path + ".then", "expected a non-empty array of actions, each one of: " + ACTIONS);
        }
        List<RuleAction> actions = new ArrayList<>();
        for (int i = 0; i < then.size(); i++) {
            actions.add(action(then.get(i), path + ".then[" + i + "]"));
        }
        String why = node.has("why") ? text(node.get("why"), path + ".why") : "";
        return new DeclarativeRule(name, version, ranking, enabled, on, when, actions, why, source);
    }

    private static RuleAction action(JsonNode node, String path) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new RuleFileException(path, "an action is an object with exactly one key, one of: " + ACTIONS);
        }
        Map.Entry<String, JsonNode> entry = node.fields().next();
        String at = path + "." + entry.getKey();
        JsonNode value = entry.getValue();
        return switch (entry.getKey()) {
            case "setPriority" -> new RuleAction.SetPriority(constant(text(value, at), at, Priority.class));
            case "addTags" -> new RuleAction.AddTags(lowerStrings(value, at));
            case "removeTags" -> new RuleAction.RemoveTags(lowerStrings(value, at));
            case "assignGroup" -> new RuleAction.AssignGroup(text(value, at));
            case "assignAgent" -> new RuleAction.AssignAgent(text(value, at));
            case "suggestReply" -> new RuleAction.SuggestPublicReply(text(value, at));
            case "publicReply" -> new RuleAction.SendPublicReply(text(value, at));
            case "autoReply" -> new RuleAction.AutoReply(text(value, at));
            case "handOffToDm" -> handOff(value, at);
            case "notify" -> notify(value, at);
            case "stop" -> {
                if (!bool(value, at)) {
                    throw new RuleFileException(at, "write {\"stop\": true}, or leave the action out");
                }
                yield new RuleAction.Stop();
            }
            default -> throw new RuleFileException(at, "unknown action '" + entry.getKey() + "'; known: " + ACTIONS);
        };
    }

    private static RuleAction handOff(JsonNode value, String path) {
        if (value != null && value.isBoolean() && value.asBoolean()) {
            return new RuleAction.HandOffToDm(Optional.empty(), Optional.empty());
        }
        if (value == null || !value.isObject()) {
            throw new RuleFileException(path, "expected true or {\"publicText\": ..., \"privateText\": ...}");
        }
        onlyKeys(value, path, Set.of("publicText", "privateText"));
        return new RuleAction.HandOffToDm(optionalText(value, "publicText", path),
                optionalText(value, "privateText", path));
    }

    private static RuleAction notify(JsonNode value, String path) {
        if (value == null || !value.isObject()) {
            throw new RuleFileException(path, "expected {\"message\", \"topic\", \"group\", \"webhook\"}");
        }
        onlyKeys(value, path, Set.of("message", "topic", "group", "webhook"));
        Optional<URI> webhook = optionalText(value, "webhook", path).map(w -> {
            try {
                URI uri = URI.create(w);
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException("not an http(s) URL");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new RuleFileException(path + ".webhook", "expected an http(s) URL, got '" + w + "'");
            }
        });
        Optional<String> topic = optionalText(value, "topic", path);
        if (topic.isPresent() && !topic.get().matches("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*")) {
            throw new RuleFileException(path + ".topic", "an EventAdmin topic is tokens separated by '/', e.g. acme/escalation");
        }
        return new RuleAction.Notify(topic, webhook, optionalText(value, "group", path),
                text(value.get("message"), path + ".message"));
    }

    private static Optional<String> optionalText(JsonNode object, String key, String path) {
        return object.has(key) ? Optional.of(text(object.get(key), path + "." + key)) : Optional.empty();
    }
}
