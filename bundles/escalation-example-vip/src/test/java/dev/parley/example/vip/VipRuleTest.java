package dev.parley.example.vip;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.parley.escalation.api.AuthorProfile;
import dev.parley.escalation.api.RuleAction;
import dev.parley.escalation.api.RuleContext;
import dev.parley.escalation.api.TriggerKind;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketStatus;

/** A rule is a pure function of its context: test it with a hand-made one, no framework needed. */
class VipRuleTest {

    private final VipRule rule = new VipRule(new VipConfig() {
        @Override
        public Class<? extends Annotation> annotationType() {
            return VipConfig.class;
        }

        @Override
        public String[] customers() {
            return new String[] {"@AnnVip, bob"};
        }

        @Override
        public String group() {
            return "vip-desk";
        }
    });

    @Test
    void aListedHandleIsUrgentAndAssigned() {
        var outcome = rule.evaluate(context("Ann Example", "annvip", TriggerKind.MESSAGE));
        assertThat(outcome.fired()).isTrue();
        assertThat(outcome.actions()).contains(new RuleAction.SetPriority(Priority.URGENT),
                new RuleAction.AssignGroup("vip-desk"));
    }

    @Test
    void aListedDisplayNameMatchesToo() {
        assertThat(rule.evaluate(context("Bob", "bobby", TriggerKind.MESSAGE)).fired()).isTrue();
    }

    @Test
    void othersAndSlaTriggersAreLeftAlone() {
        assertThat(rule.evaluate(context("Carl", "carl", TriggerKind.MESSAGE)).fired()).isFalse();
        assertThat(rule.evaluate(context("Bob", "bob", TriggerKind.SLA_WARNING)).fired()).isFalse();
    }

    private static RuleContext context(String name, String handle, TriggerKind trigger) {
        Instant now = Instant.now();
        Ticket ticket = new Ticket(1, "s", TicketStatus.NEW, Priority.NORMAL, "x", new Customer(7, name, List.of()),
                Optional.empty(), Optional.empty(), new TreeSet<>(), Optional.empty(), now, now, 1, List.of());
        return new RuleContext(trigger, ticket, Optional.empty(), 0, "en",
                new AuthorProfile(Optional.of(7L), name, Optional.of(handle), 0, false, false), List.of(),
                Optional.empty(), now);
    }
}
