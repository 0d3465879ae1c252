package dev.parley.escalation.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.escalation.api.EscalationRule;
import dev.parley.escalation.api.RuleAction;
import dev.parley.escalation.api.RuleContext;
import dev.parley.escalation.api.RuleOutcome;
import dev.parley.escalation.api.TriggerKind;
import dev.parley.escalation.internal.store.AuditEntry;
import dev.parley.helpdesk.api.AuthorKind;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;

/** The shipped default rules and the engine's guarantees, against the real ticket service on H2. */
class EscalationEngineTest {

    private static final String ANGRY = "This is the worst airline ever, you lost my bag and nobody cares. Terrible!";

    @TempDir
    Path rules;
    private EngineFixture f;

    private EngineFixture fixture(boolean connector) {
        f = new EngineFixture(rules, new TestConfig(), connector);
        return f;
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void publicHelpRequestFromAnAuthorWeMayDmIsHandedOffOncePerConversation() {
        fixture(true);
        Customer ann = f.customer("ann");
        Message first = f.firstMessage(ann, "@acme please help, my booking ABC12345 vanished", Visibility.PUBLIC, 50, true);
        f.process(first);
        assertThat(f.handoffs).containsExactly(first.ticketId());
        assertThat(f.ticket(first.ticketId()).tags()).contains("dm-handoff");

        Message again = f.reply(first.ticketId(), ann, "@acme hello?? please help", Visibility.PUBLIC, 50, true);
        f.process(again);
        assertThat(f.handoffs).hasSize(1);
        assertThat(actions(first.ticketId(), "public-help-request-to-dm")).anyMatch(a -> a.status().equals("SKIPPED")
                && a.note().contains("already got a DM invitation"));
    }

    @Test
    void helpRequestNearMissesGetNoHandOff() {
        fixture(true);
        Customer bob = f.customer("bob");
        f.process(f.firstMessage(bob, "@acme please help, my booking ABC12345 vanished", Visibility.PUBLIC, 50, false));
        f.process(f.firstMessage(bob, "please help, my booking ABC12345 vanished", Visibility.PRIVATE, 50, true));
        f.process(f.firstMessage(bob, "@acme great flight today, thanks crew", Visibility.PUBLIC, 50, true));
        assertThat(f.handoffs).isEmpty();
    }

    @Test
    void withoutASocialConnectorTheHandOffIsAuditedAsSkipped() {
        fixture(false);
        Message m = f.firstMessage(f.customer("cy"), "@acme can you help? order 99812345", Visibility.PUBLIC, 5, true);
        f.process(m);
        assertThat(actions(m.ticketId(), "public-help-request-to-dm")).anyMatch(a -> a.action().equals("handOffToDm")
                && a.status().equals("SKIPPED") && a.note().contains("no social connector is installed"));
    }

    @Test
    void aHandOffTheChannelPolicyRefusesIsAuditedAndNotRetried() {
        fixture(true);
        int[] calls = {0};
        f.engine.bindForTest(new dev.parley.escalation.internal.sentiment.VaderAnalyzer(), null, (id, rule, pub, priv) -> {
            calls[0]++;
            throw new dev.parley.helpdesk.api.PolicyViolationException("dm-not-allowed",
                    "the customer does not accept DMs from us", "answer in public");
        });
        Message m = f.firstMessage(f.customer("oz"), "@acme please help, booking ABC12345", Visibility.PUBLIC, 5, true);
        f.process(m);
        f.process(m);
        assertThat(calls[0]).isEqualTo(1);
        assertThat(actions(m.ticketId(), "public-help-request-to-dm")).anyMatch(a -> a.status().equals("REFUSED")
                && a.note().startsWith("dm-not-allowed: the customer does not accept DMs"));
    }

    @Test
    void aPublicComplaintWithoutHelpRequestGetsAReplySuggestionAndNoDm() {
        fixture(true);
        Message m = f.firstMessage(f.customer("dee"), "@acme " + ANGRY, Visibility.PUBLIC, 20, true);
        f.process(m);
        Ticket t = f.ticket(m.ticketId());
        assertThat(f.handoffs).isEmpty();
        assertThat(t.tags()).contains("public-complaint");
        assertThat(t.messages()).anyMatch(x -> x.visibility() == Visibility.INTERNAL_NOTE
                && x.text().startsWith("Suggested public reply") && x.author().kind() == AuthorKind.BOT);
        assertThat(t.messages()).noneMatch(x -> x.visibility() == Visibility.PUBLIC && x.author().kind() == AuthorKind.BOT);
        assertThat(t.priority()).isEqualTo(Priority.NORMAL); // 20 followers: not high reach
    }

    @Test
    void strongNegativityFromHighReachIsHighAndUrgentOnARepeatedContact() {
        fixture(true);
        Customer eve = f.customer("eve");
        Message first = f.firstMessage(eve, ANGRY, Visibility.PUBLIC, 250_000, false);
        f.process(first);
        assertThat(f.ticket(first.ticketId()).priority()).isEqualTo(Priority.HIGH);

        Message second = f.reply(first.ticketId(), eve, "Still waiting. " + ANGRY, Visibility.PUBLIC,
                250_000, false);
        f.process(second);
        assertThat(f.ticket(first.ticketId()).priority()).isEqualTo(Priority.URGENT);
        assertThat(f.ticket(first.ticketId()).tags()).contains("high-reach", "repeat-contact");
    }

    @Test
    void commonQuestionInPrivateGetsAnInstantAnswerAndStaysOpen() {
        fixture(true);
        Message m = f.firstMessage(f.customer("fay"), "hi, where is my order?", Visibility.PRIVATE, 0, false);
        f.process(m);
        Ticket t = f.ticket(m.ticketId());
        Message answer = t.messages().get(t.messages().size() - 1);
        assertThat(answer.author().kind()).isEqualTo(AuthorKind.BOT);
        assertThat(answer.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(answer.text()).isEqualTo("Track it on the orders page.\n\n(automated reply)");
        assertThat(t.status()).isIn(TicketStatus.NEW, TicketStatus.OPEN);
        assertThat(t.tags()).contains("auto-answered");
    }

    @Test
    void noAutomatedMessageGoesToAPublicThreadWithoutAnExplicitPublicReply() throws Exception {
        Files.writeString(rules.resolve("faq-everywhere.json"), """
                {"rules": [{"name": "faq-anywhere", "when": {"question": true}, "then": [{"autoReply": "{answer}"}]}]}
                """);
        fixture(true);
        Message m = f.firstMessage(f.customer("gus"), "@acme where is my order", Visibility.PUBLIC, 0, false);
        f.process(m);
        assertThat(f.ticket(m.ticketId()).messages()).noneMatch(x -> x.author().kind() == AuthorKind.BOT
                && x.visibility() != Visibility.INTERNAL_NOTE);
        assertThat(actions(m.ticketId(), "faq-anywhere")).anyMatch(a -> a.status().equals("SKIPPED")
                && a.note().contains("never go to a public thread"));
    }

    @Test
    void autoRepliesAreRateLimitedPerCustomer() {
        TestConfig config = new TestConfig();
        config.limit = 2;
        f = new EngineFixture(rules, config, true);
        Customer hal = f.customer("hal");
        for (int i = 0; i < 3; i++) {
            f.process(f.firstMessage(hal, "opening hours?", Visibility.PRIVATE, 0, false));
        }
        long botReplies = f.tickets.query(dev.parley.helpdesk.api.TicketQuery.all().withRequester(hal.id())).tickets()
                .stream().flatMap(t -> t.messages().stream()).filter(x -> x.author().kind() == AuthorKind.BOT).count();
        assertThat(botReplies).isEqualTo(2);
    }

    @Test
    void anEventIsAppliedOnceEvenWhenDeliveredTwice() {
        fixture(true);
        Message m = f.firstMessage(f.customer("ida"), "where is my order", Visibility.PRIVATE, 0, false);
        f.process(m);
        f.process(m);
        assertThat(f.ticket(m.ticketId()).messages()).filteredOn(x -> x.author().kind() == AuthorKind.BOT).hasSize(1);
        assertThat(f.engine.audit(m.ticketId())).hasSize(1);
    }

    @Test
    void aThrowingOrSlowIntegratorRuleIsSkippedAndTheOthersStillRun() {
        TestConfig config = new TestConfig();
        config.budget = 100;
        f = new EngineFixture(rules, config, true);
        f.engine.addRule(EngineFixtures.reference(1, 10), rule("boom", c -> {
            throw new IllegalStateException("bug in an integrator rule");
        }));
        f.engine.addRule(EngineFixtures.reference(2, 5), rule("sleepy", c -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return RuleOutcome.fire("late", new RuleAction.AddTags(java.util.Set.of("late")));
        }));
        f.engine.addRule(EngineFixtures.reference(3, 0), rule("vip", c -> RuleOutcome.fire("VIP",
                new RuleAction.AssignGroup("vip-desk"))));
        Message m = f.firstMessage(f.customer("jo"), "where is my order", Visibility.PRIVATE, 0, false);
        f.process(m);
        Ticket t = f.ticket(m.ticketId());
        assertThat(t.group()).contains("vip-desk");
        assertThat(t.tags()).contains("auto-answered").doesNotContain("late");
        assertThat(f.engine.failureCounts()).containsEntry("boom", 1L).containsEntry("sleepy", 1L);
        assertThat(f.engine.audit(m.ticketId())).extracting(AuditEntry::why)
                .anyMatch(w -> w.contains("over its time budget")).anyMatch(w -> w.contains("bug in an integrator rule"));
    }

    @Test
    void aDisabledRuleDoesNotFire() {
        fixture(true);
        f.catalog.setEnabled("common-question-auto-reply", false);
        Message m = f.firstMessage(f.customer("kim"), "where is my order", Visibility.PRIVATE, 0, false);
        f.process(m);
        assertThat(f.ticket(m.ticketId()).messages()).hasSize(1);
    }

    @Test
    void slaBreachMakesTheTicketUrgentAndNotifiesSupervisors() {
        fixture(true);
        Message m = f.firstMessage(f.customer("lu"), "hello", Visibility.PRIVATE, 0, false);
        f.engine.process(TriggerKind.SLA_BREACHED, m.ticketId(), Optional.empty(), "sla:b:" + m.ticketId());
        assertThat(f.ticket(m.ticketId()).priority()).isEqualTo(Priority.URGENT);
        assertThat(f.notifications).singleElement().satisfies(e -> assertThat(e.getProperty("message").toString())
                .contains("SLA breached on ticket " + m.ticketId()));
    }

    @Test
    void slaWarningNotifiesSupervisorsOnlyOnceThreeQuartersAreUsed() {
        fixture(true);
        Message m = f.firstMessage(f.customer("mo"), "hello", Visibility.PRIVATE, 0, false);
        int[] elapsed = {60};
        f.engine.bindForTest(new dev.parley.escalation.internal.sentiment.VaderAnalyzer(),
                id -> Optional.of(new dev.parley.escalation.api.SlaSnapshot("FIRST_REPLY", "WARNING",
                        java.time.Duration.ofMinutes(10), elapsed[0])), null);
        f.engine.process(TriggerKind.SLA_WARNING, m.ticketId(), Optional.empty(), "sla:w60:" + m.ticketId());
        assertThat(f.notifications).isEmpty();
        elapsed[0] = 80;
        f.engine.process(TriggerKind.SLA_WARNING, m.ticketId(), Optional.empty(), "sla:w80:" + m.ticketId());
        assertThat(f.notifications).singleElement().satisfies(e -> assertThat(e.getProperty("message").toString())
                .contains("75% of its SLA time"));
        assertThat(f.ticket(m.ticketId()).tags()).contains("sla-warning");
    }

    @Test
    void anSlaEventsOwnTargetIsUsedWithoutTheSlaPlugin() {
        fixture(true);
        Message m = f.firstMessage(f.customer("ned"), "hello", Visibility.PRIVATE, 0, false);
        org.osgi.service.event.Event warning = new org.osgi.service.event.Event("parley/sla/WARNING", java.util.Map.of(
                "ticket.id", m.ticketId(), "sla.target", "FIRST_REPLY", "sla.cycle", 1, "sla.elapsedPercent", 75,
                "sla.due", System.currentTimeMillis() + 600_000L));
        Optional<dev.parley.escalation.api.SlaSnapshot> target = EscalationEngine.slaTarget(warning, TriggerKind.SLA_WARNING);
        assertThat(target).hasValueSatisfying(t -> {
            assertThat(t.elapsedPercent()).isEqualTo(75);
            assertThat(t.remaining()).isBetween(java.time.Duration.ofMinutes(9), java.time.Duration.ofMinutes(10));
        });
        f.engine.process(TriggerKind.SLA_WARNING, m.ticketId(), Optional.empty(), "sla:w:" + m.ticketId(), target);
        assertThat(f.ticket(m.ticketId()).tags()).contains("sla-warning");
    }

    @Test
    void explainChangesNothing() {
        fixture(true);
        Message m = f.firstMessage(f.customer("max"), "@acme please help, order 12345678 lost", Visibility.PUBLIC, 0, true);
        Ticket before = f.ticket(m.ticketId());
        RuleContext context = f.engine.contexts().build(TriggerKind.MESSAGE, before, Optional.of(m));
        EscalationEngine.Explanation e = f.engine.explain(context);
        assertThat(e.decisions()).extracting(Decision::rule).contains("public-help-request-to-dm");
        assertThat(e.actions().get(0)).allMatch(a -> a.status().equals("WOULD_APPLY") || a.status().equals("SKIPPED"));
        assertThat(f.ticket(m.ticketId())).isEqualTo(before);
        assertThat(f.handoffs).isEmpty();
        assertThat(f.engine.audit(m.ticketId())).isEmpty();
    }

    private List<AuditEntry.ActionRecord> actions(long ticketId, String rule) {
        return f.engine.audit(ticketId).stream().filter(a -> a.rule().equals(rule)).flatMap(a -> a.actions().stream())
                .toList();
    }

    private static EscalationRule rule(String name, java.util.function.Function<RuleContext, RuleOutcome> body) {
        return new EscalationRule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public RuleOutcome evaluate(RuleContext context) {
                return body.apply(context);
            }
        };
    }
}
