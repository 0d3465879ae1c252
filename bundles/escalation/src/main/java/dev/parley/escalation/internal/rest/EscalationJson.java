package dev.parley.escalation.internal.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.parley.escalation.api.RuleContext;
import dev.parley.escalation.internal.engine.EscalationEngine;
import dev.parley.escalation.internal.engine.RuleCatalog;
import dev.parley.escalation.internal.rules.DeclarativeRule;
import dev.parley.escalation.internal.rules.Facts;
import dev.parley.escalation.internal.rules.QuestionList;
import dev.parley.escalation.internal.store.AuditEntry;

/** The JSON shapes of the escalation REST calls and shell output, as plain maps for Jackson. */
public final class EscalationJson {

    private EscalationJson() {
    }

    public static Map<String, Object> explanation(EscalationEngine.Explanation e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("facts", facts(e.context(), e.questions()));
        List<Object> fired = new java.util.ArrayList<>();
        for (int i = 0; i < e.decisions().size(); i++) {
            var d = e.decisions().get(i);
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("rule", d.rule());
            rule.put("version", d.version());
            rule.put("source", d.source());
            rule.put("why", d.why());
            rule.put("actions", actions(e.actions().get(i)));
            fired.add(rule);
        }
        body.put("fired", fired);
        body.put("failures", e.failures().stream().map(f -> Map.of("rule", f.rule(), "reason", f.reason())).toList());
        body.put("changed", false);
        return body;
    }

    static Map<String, Object> facts(RuleContext c, QuestionList questions) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("trigger", c.trigger().name());
        facts.put("ticketId", c.ticket().id());
        facts.put("channel", c.ticket().channel());
        c.message().ifPresent(m -> facts.put("visibility", m.visibility().name()));
        facts.put("sentiment", Math.round(c.sentiment() * 10_000) / 10_000.0);
        facts.put("language", c.language());
        facts.put("followers", c.author().followers());
        facts.put("verified", c.author().verified());
        facts.put("canDm", c.author().canReceiveDm());
        facts.put("recentContacts", c.recentContacts().size());
        Facts derived = new Facts(c, questions);
        facts.put("asksForHelp", derived.asksForHelp());
        facts.put("commonQuestion", derived.answer().isPresent());
        c.sla().ifPresent(s -> facts.put("sla", Map.of("target", s.target(), "state", s.state(),
                "remainingSeconds", s.remaining().toSeconds(), "elapsedPercent", s.elapsedPercent())));
        return facts;
    }

    static List<Object> actions(List<AuditEntry.ActionRecord> records) {
        return records.stream().map(r -> (Object) Map.of("action", r.action(), "detail", r.detail(), "status",
                r.status(), "note", r.note())).toList();
    }

    public static Map<String, Object> audit(long ticketId, List<AuditEntry> entries) {
        return Map.of("ticketId", ticketId, "escalations", entries.stream().map(a -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("at", a.at().toString());
            entry.put("trigger", a.trigger());
            entry.put("rule", a.rule());
            entry.put("version", a.version());
            entry.put("source", a.source());
            entry.put("why", a.why());
            entry.put("actions", actions(a.actions()));
            return (Object) entry;
        }).toList());
    }

    public static Map<String, Object> rules(EscalationEngine engine) {
        RuleCatalog catalog = engine.catalog();
        Map<String, Long> failures = engine.failureCounts();
        List<Object> rules = new java.util.ArrayList<>();
        for (DeclarativeRule r : catalog.current().rules()) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("name", r.name());
            rule.put("version", r.version());
            rule.put("kind", "declarative");
            rule.put("source", r.source());
            rule.put("ranking", r.ranking());
            rule.put("enabled", catalog.enabled(r.name(), r.enabled()));
            rule.put("on", r.on().stream().map(Enum::name).sorted().toList());
            rule.put("when", r.when().description());
            rules.add(rule);
        }
        for (var s : engine.serviceRules()) {
            Map<String, Object> rule = new LinkedHashMap<>();
            String name = s.rule().name();
            rule.put("name", name);
            rule.put("version", s.rule().version());
            rule.put("kind", "service");
            rule.put("source", "bundle " + s.bundle());
            rule.put("ranking", s.ranking());
            rule.put("enabled", catalog.enabled(name, true));
            rule.put("failures", failures.getOrDefault(name, 0L));
            rules.add(rule);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("directory", catalog.directory().toString());
        body.put("rules", rules);
        body.put("errors", catalog.errors().stream().map(e -> Map.of("file", e.file(), "path", e.path(), "reason",
                e.reason(), "at", e.at().toString())).toList());
        return body;
    }
}
