package dev.parley.escalation.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;

import dev.parley.escalation.api.EscalationRule;
import dev.parley.escalation.api.RecentContact;
import dev.parley.escalation.api.RuleAction;
import dev.parley.escalation.api.RuleContext;
import dev.parley.escalation.api.RuleOutcome;
import dev.parley.escalation.internal.store.AuditEntry;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.Visibility;

/**
 * Events that queue while the worker is busy run as one batch: each ticket is read once for the
 * batch, and every event is still evaluated and applied as if it had come alone.
 */
class EscalationBatchTest {

    private static final String ANGRY = "This is the worst airline ever, you lost my bag and nobody cares. Terrible!";

    @TempDir
    Path rules;

    @Test
    void fiftyQueuedMessagesOnFiveTicketsReadEachTicketOnceAndAreEachEvaluatedOnce() throws Exception {
        try (EngineFixture f = new EngineFixture(rules, config(), true)) {
            List<Message> messages = new ArrayList<>();
            List<Long> ticketIds = new ArrayList<>();
            for (int c = 0; c < 5; c++) {
                Message first = f.firstMessage(f.customer("c" + c), "note 0 on my trip", Visibility.PRIVATE, 0, false);
                messages.add(first);
                ticketIds.add(first.ticketId());
            }
            for (int n = 1; n < 10; n++) {
                for (int c = 0; c < 5; c++) {
                    messages.add(f.reply(ticketIds.get(c), f.ticket(ticketIds.get(c)).requester(),
                            "note " + n + " on my trip", Visibility.PRIVATE, 0, false));
                }
            }
            Message fires = messages.get(23);
            Probe probe = new Probe(m -> m.id() == fires.id());
            f.engine.addRule(EngineFixtures.reference(1, 0), probe);

            runQueued(f, messages);
            await(() -> probe.seen.size() == 50 && !f.engine.audit(fires.ticketId()).isEmpty());

            assertThat(probe.seen).extracting(s -> s.messageId()).containsExactlyElementsOf(
                    messages.stream().map(Message::id).toList());
            // 1 for the first event's batch (held), 5 for the other 49, 1 re-read: the probe changed one ticket
            assertThat(f.reads.wholeTickets).hasValue(7);
            assertThat(f.reads.gets).hasValue(1);
            assertThat(ticketIds.stream().flatMap(id -> f.engine.audit(id).stream()))
                    .singleElement().satisfies(a -> {
                        assertThat(a.trigger()).isEqualTo("message:" + fires.id());
                        assertThat(a.rule()).isEqualTo("probe");
                    });
            assertThat(f.ticket(fires.ticketId()).tags()).contains("probed");
            // the event after the firing one on the same ticket saw the tag the decision added
            assertThat(probe.seen.get(28).tags()).contains("probed");
            assertThat(probe.seen.get(18).tags()).doesNotContain("probed");
            // the worker runs behind webhook answers; integrator rules at normal priority, within their budget
            assertThat(f.reads.readingThreadPriorities).containsExactly(Thread.MIN_PRIORITY);
            assertThat(probe.threadPriorities).containsExactly(Thread.NORM_PRIORITY);
        }
    }

    @Test
    void aBatchDecidesExactlyAsTheSameEventsOneByOne() throws Exception {
        try (EngineFixture one = new EngineFixture(rules, config(), true);
                EngineFixture batched = new EngineFixture(rules, config(), true)) {
            Outcome alone = run(one, false);
            Outcome together = run(batched, true);

            assertThat(together.contexts()).hasSize(alone.contexts().size()).isEqualTo(alone.contexts());
            assertThat(together.tickets()).isEqualTo(alone.tickets());
            assertThat(together.audits()).isEqualTo(alone.audits());
            assertThat(batched.handoffs).isEqualTo(one.handoffs);
            assertThat(batched.notifications).hasSameSizeAs(one.notifications);
            // the comparison means something: rules fired, contacts span tickets, and the batch read less
            assertThat(alone.audits()).extracting(a -> a.split(" ")[1]).contains("negative-high-reach",
                    "negative-high-reach-repeat", "public-help-request-to-dm", "common-question-auto-reply",
                    "public-complaint-suggest-reply");
            assertThat(alone.contexts()).anyMatch(c -> c.contactTickets().stream().distinct().count() == 2);
            assertThat(batched.reads.wholeTickets.get()).isLessThan(one.reads.wholeTickets.get());
        }
    }

    @Test
    void anSlaEventQueuedBetweenMessagesKeepsItsPlace() throws Exception {
        try (EngineFixture f = new EngineFixture(rules, config(), true)) {
            Customer ann = f.customer("ann");
            Message first = f.firstMessage(ann, "note 1", Visibility.PRIVATE, 0, false);
            long ticket = first.ticketId();
            Message before = f.reply(ticket, ann, "note 2", Visibility.PRIVATE, 0, false);
            Message after = f.reply(ticket, ann, "note 3", Visibility.PRIVATE, 0, false);
            Probe probe = new Probe(m -> false);
            f.engine.addRule(EngineFixtures.reference(1, 0), probe);

            CountingTickets.Hold hold = f.reads.holdNextRead();
            f.post(first);
            hold.awaitEntered();
            f.post(before);
            f.engine.handleEvent(new Event(EscalationEngine.SLA_BREACHED, Map.of("ticket.id", ticket,
                    "sla.target", "FIRST_REPLY", "sla.cycle", 1, "sla.elapsedPercent", 100,
                    "sla.due", System.currentTimeMillis())));
            f.post(after);
            hold.release();
            await(() -> probe.seen.size() == 4);

            assertThat(probe.seen).extracting(Seen::priority).containsExactly("NORMAL", "NORMAL", "NORMAL", "URGENT");
            assertThat(probe.seen.get(3).tags()).contains("sla-breached");
            assertThat(f.engine.audit(ticket)).extracting(AuditEntry::rule).containsExactly("sla-breached-escalate");
        }
    }

    /** A generous rule budget: a probe timing out on a loaded machine would make two runs differ. */
    private static TestConfig config() {
        TestConfig config = new TestConfig();
        config.budget = 10_000;
        return config;
    }

    /** The script: five customers, one of them with two tickets, angry, public, FAQ and neutral messages. */
    private static Outcome run(EngineFixture f, boolean queued) throws InterruptedException {
        Customer ann = f.customer("ann");
        Customer eve = f.customer("eve");
        Customer fay = f.customer("fay");
        Customer max = f.customer("max");
        List<Message> messages = new ArrayList<>();
        Message a1 = f.firstMessage(ann, "hello, a question about my booking", Visibility.PRIVATE, 0, false);
        Message e1 = f.firstMessage(eve, ANGRY, Visibility.PUBLIC, 250_000, false);
        Message f1 = f.firstMessage(fay, "where is my order?", Visibility.PRIVATE, 0, false);
        Message m1 = f.firstMessage(max, "@acme please help, my booking ABC12345 vanished", Visibility.PUBLIC, 50, true);
        Message a2 = f.firstMessage(ann, "@acme " + ANGRY, Visibility.PUBLIC, 20, true);
        messages.addAll(List.of(a1, e1, f1, m1, a2));
        for (int round = 0; round < 4; round++) {
            messages.add(f.reply(e1.ticketId(), eve, "Still waiting. " + ANGRY, Visibility.PUBLIC, 250_000, false));
            messages.add(f.reply(f1.ticketId(), fay, "opening hours?", Visibility.PRIVATE, 0, false));
            messages.add(f.reply(a1.ticketId(), ann, "any news on " + round + "?", Visibility.PRIVATE, 0, false));
            messages.add(f.reply(m1.ticketId(), max, "@acme hello?? please help", Visibility.PUBLIC, 50, true));
            messages.add(f.reply(a2.ticketId(), ann, "@acme still broken " + round, Visibility.PUBLIC, 20, true));
        }
        Message sentinel = f.firstMessage(f.customer("zed"), "sentinel", Visibility.PRIVATE, 0, false);
        messages.add(sentinel);
        Probe probe = new Probe(m -> m.id() == sentinel.id());
        f.engine.addRule(EngineFixtures.reference(1, 0), probe);
        f.reads.resetCounts();

        if (queued) {
            runQueued(f, messages);
            // events apply in order: once the last one is audited, all are done
            await(() -> !f.engine.audit(sentinel.ticketId()).isEmpty());
        } else {
            messages.forEach(f::process);
        }
        List<Long> ticketIds = messages.stream().map(Message::ticketId).distinct().toList();
        return new Outcome(List.copyOf(probe.seen), ticketIds.stream().map(id -> view(f.ticket(id))).toList(),
                ticketIds.stream().flatMap(id -> f.engine.audit(id).stream()).map(EscalationBatchTest::view).toList());
    }

    /** Posts the first event, holds the worker in its first read while the others queue, then lets it go. */
    private static void runQueued(EngineFixture f, List<Message> messages) throws InterruptedException {
        CountingTickets.Hold hold = f.reads.holdNextRead();
        f.post(messages.get(0));
        hold.awaitEntered();
        messages.subList(1, messages.size()).forEach(f::post);
        hold.release();
    }

    private record Outcome(List<Seen> contexts, List<String> tickets, List<String> audits) {
    }

    /** What a rule saw, without the instants that differ between two runs. */
    private record Seen(long messageId, long ticketId, String priority, List<String> tags, int messages, String status,
            double sentiment, String language, String author, List<Long> contactTickets, int contacts72h) {

        static Seen of(RuleContext c) {
            Ticket t = c.ticket();
            return new Seen(c.message().map(Message::id).orElse(-1L), t.id(), t.priority().name(),
                    List.copyOf(t.tags()), t.messages().size(), t.status().name(), c.sentiment(), c.language(),
                    c.author().toString(), c.recentContacts().stream().map(RecentContact::ticketId).sorted().toList(),
                    c.contactsWithin(Duration.ofHours(72)));
        }
    }

    private static String view(Ticket t) {
        return t.id() + " " + t.priority() + " " + t.status() + " " + t.tags() + " " + t.messages().stream()
                .map(m -> m.id() + "/" + m.direction() + "/" + m.visibility() + "/" + m.author().kind() + "/" + m.text())
                .toList();
    }

    private static String view(AuditEntry a) {
        return a.trigger() + " " + a.rule() + " " + a.why() + " " + a.actions();
    }

    /** An integrator rule that records what it saw and fires on the messages {@code fireOn} picks. */
    private static final class Probe implements EscalationRule {
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final java.util.Set<Integer> threadPriorities = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final Predicate<Message> fireOn;

        Probe(Predicate<Message> fireOn) {
            this.fireOn = fireOn;
        }

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public RuleOutcome evaluate(RuleContext context) {
            seen.add(Seen.of(context));
            threadPriorities.add(Thread.currentThread().getPriority());
            return context.message().filter(fireOn).isPresent()
                    ? RuleOutcome.fire("probed", new RuleAction.AddTags(java.util.Set.of("probed")))
                    : RuleOutcome.none();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(10);
        }
    }
}
