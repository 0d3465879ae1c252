package dev.parley.bench.escalation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.jeasy.rules.api.Facts;
import org.jeasy.rules.api.Rules;
import org.jeasy.rules.core.DefaultRulesEngine;
import org.jeasy.rules.core.RuleBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.parley.escalation.api.AuthorProfile;
import dev.parley.escalation.api.RuleContext;
import dev.parley.escalation.api.TriggerKind;
import dev.parley.escalation.internal.rules.QuestionList;
import dev.parley.escalation.internal.rules.RuleParser;
import dev.parley.escalation.internal.rules.RuleSet;
import dev.parley.helpdesk.api.Author;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;

/**
 * Rule evaluation per event: N declarative rules ("the message mentions word i, on a public post,
 * with sentiment below 0.2 → tag i") through Parley's compiled, word-indexed RuleSet, and the same
 * N rules as Easy Rules 4.1 rules through its DefaultRulesEngine. Both sides start from the same
 * precomputed context (sentiment scored once, outside the measurement) and tokenize the message
 * once per event; two of the N rules match each message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RuleEvaluationBench {

    private static final String TEXT = "@acme my flight was cancelled and now the refund for booking ABC12345 is "
            + "missing, word7 and word3 apply here, please sort this out today";

    @Param({"10", "100", "1000"})
    public int rules;

    private RuleSet parley;
    private RuleContext context;
    private Rules easyRules;
    private DefaultRulesEngine easyEngine;

    @Setup
    public void setUp() {
        StringBuilder json = new StringBuilder("{\"rules\": [");
        for (int i = 0; i < rules; i++) {
            json.append(i == 0 ? "" : ",").append("{\"name\": \"r").append(i)
                    .append("\", \"when\": {\"all\": [{\"keywords\": [\"word").append(i)
                    .append("\"]}, {\"visibility\": \"PUBLIC\"}, {\"sentimentBelow\": 0.2}]}, \"then\": [{\"addTags\": [\"t")
                    .append(i).append("\"]}]}");
        }
        parley = new RuleSet(RuleParser.parse(json.append("]}").toString(), "bench"));
        context = context(TEXT);

        easyRules = new Rules();
        for (int i = 0; i < rules; i++) {
            String word = "word" + i;
            String tag = "t" + i;
            easyRules.register(new RuleBuilder().name("r" + i).priority(i)
                    .when(f -> {
                        RuleContext c = f.get("context");
                        Set<String> tokens = f.get("tokens");
                        return tokens.contains(word) && c.message().map(m -> m.visibility() == Visibility.PUBLIC).orElse(false)
                                && c.sentiment() < 0.2;
                    })
                    .then(f -> f.<List<String>>get("tags").add(tag)).build());
        }
        easyEngine = new DefaultRulesEngine();
        int parleyFired = parleyEvent();
        int easyFired = easyEvent();
        if (parleyFired != 2 || easyFired != 2) {
            throw new IllegalStateException("the two engines disagree: parley " + parleyFired + ", easy rules " + easyFired);
        }
    }

    @Benchmark
    public int parleyDeclarative() {
        return parleyEvent();
    }

    @Benchmark
    public int easyRules() {
        return easyEvent();
    }

    private int parleyEvent() {
        var facts = new dev.parley.escalation.internal.rules.Facts(context, QuestionList.empty());
        return parley.evaluate(facts, name -> true).size();
    }

    private int easyEvent() {
        Facts facts = new Facts();
        facts.put("context", context);
        facts.put("tokens", tokens(context.text()));
        List<String> tags = new ArrayList<>(2);
        facts.put("tags", tags);
        easyEngine.fire(easyRules, facts);
        return tags.size();
    }

    /** The same tokenization Parley's Facts does, so both sides pay for it once per event. */
    private static Set<String> tokens(String text) {
        Set<String> tokens = new HashSet<>(List.of(text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}'#@]+")));
        tokens.remove("");
        return tokens;
    }

    private static RuleContext context(String text) {
        Instant now = Instant.now();
        Customer ann = new Customer(1, "Ann", List.of());
        Message message = new Message(1, 1, Direction.INBOUND, Visibility.PUBLIC, "x", Optional.of("1"),
                Author.customer(ann), text, List.of(), now, DeliveryState.NONE, Optional.empty(), Map.of());
        Ticket ticket = new Ticket(1, "bench", TicketStatus.OPEN, Priority.NORMAL, "x", ann, Optional.empty(),
                Optional.empty(), new TreeSet<>(), Optional.empty(), now, now, 1, List.of(message));
        return new RuleContext(TriggerKind.MESSAGE, ticket, Optional.of(message), -0.4, "en",
                new AuthorProfile(Optional.of(1L), "Ann", Optional.of("ann"), 1200, false, true), List.of(),
                Optional.empty(), now);
    }
}
