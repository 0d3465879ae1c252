package dev.parley.escalation.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.escalation.api.EscalationRule;
import dev.parley.escalation.api.RuleContext;
import dev.parley.escalation.api.RuleOutcome;
import dev.parley.escalation.internal.rules.Facts;
import dev.parley.escalation.internal.rules.QuestionList;
import dev.parley.escalation.internal.rules.RuleSet;

/**
 * Evaluates the declarative rules and the integrators' rule services for one context, merged by
 * ranking (declarative rules first on a tie, then services by service id). Integrator code runs on
 * the engine's pool under a time budget: a rule that throws or runs over is logged, counted and
 * skipped, and the others still run. Declarative rules are this bundle's own code and run inline,
 * each under the same budget (checked as its conditions run, see {@link Facts}), and all of them
 * together under {@code evaluationBudget}: explain, on a request thread, is bounded the same way.
 */
public final class RuleRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RuleRunner.class);

    /** An integrator rule with its ordering keys. */
    public record ServiceRule(EscalationRule rule, int ranking, long serviceId, String bundle) {
    }

    /** A rule that failed on this event. */
    public record Failure(String rule, String reason) {
    }

    public record Evaluation(List<Decision> decisions, List<Failure> failures) {
    }

    private final ExecutorService pool;
    private final Duration budget;
    private final Duration evaluationBudget;
    private final Map<String, AtomicLong> failureCounts = new ConcurrentHashMap<>();

    public RuleRunner(ExecutorService pool, Duration budget) {
        this(pool, budget, Duration.ofSeconds(1));
    }

    public RuleRunner(ExecutorService pool, Duration budget, Duration evaluationBudget) {
        this.pool = pool;
        this.budget = budget;
        this.evaluationBudget = evaluationBudget;
    }

    /** {@code enabled} answers (rule name, enabled by default) → runs. */
    public Evaluation evaluate(RuleContext context, RuleSet declarative, QuestionList questions,
            List<ServiceRule> services, BiPredicate<String, Boolean> enabled) {
        Facts facts = new Facts(context, questions, budget, evaluationBudget, System::nanoTime);
        List<Decision> decisions = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        List<RuleSet.Firing> fired = declarative.evaluate(facts, name -> enabled.test(name, true),
                (rule, reason) -> fail(rule.name(), reason, context, failures, null));
        int next = 0;
        boolean stopped = false;
        for (ServiceRule service : services) {
            while (next < fired.size() && fired.get(next).rule().ranking() >= service.ranking()) {
                RuleSet.Firing f = fired.get(next++);
                decisions.add(new Decision(f.rule().name(), f.rule().version(), f.rule().source(), f.outcome().why(),
                        f.outcome().actions()));
                if (f.outcome().stops()) {
                    return new Evaluation(decisions, failures);
                }
            }
            String name = safeName(service);
            if (!enabled.test(name, true)) {
                continue;
            }
            RuleOutcome outcome = run(service, name, context, failures);
            if (outcome != null && outcome.fired()) {
                decisions.add(new Decision(name, safeVersion(service), "bundle " + service.bundle(), outcome.why(),
                        outcome.actions()));
                if (outcome.stops()) {
                    stopped = true;
                    break;
                }
            }
        }
        while (!stopped && next < fired.size()) {
            RuleSet.Firing f = fired.get(next++);
            decisions.add(new Decision(f.rule().name(), f.rule().version(), f.rule().source(), f.outcome().why(),
                    f.outcome().actions()));
            stopped = f.outcome().stops();
        }
        return new Evaluation(decisions, failures);
    }

    private RuleOutcome run(ServiceRule service, String name, RuleContext context, List<Failure> failures) {
        Future<RuleOutcome> result = pool.submit(() -> service.rule().evaluate(context));
        try {
            RuleOutcome outcome = result.get(budget.toMillis(), TimeUnit.MILLISECONDS);
            if (outcome == null) {
                throw new ExecutionException(new NullPointerException("the rule returned null instead of RuleOutcome.none()"));
            }
            return outcome;
        } catch (TimeoutException e) {
            result.cancel(true);
            fail(name, "over its time budget of " + budget.toMillis() + " ms", context, failures, null);
        } catch (ExecutionException e) {
            fail(name, "threw " + e.getCause(), context, failures, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(name, "interrupted", context, failures, null);
        }
        return null;
    }

    private void fail(String name, String reason, RuleContext context, List<Failure> failures, Throwable cause) {
        long count = failureCounts.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
        failures.add(new Failure(name, reason));
        LOG.warn("escalation rule {} skipped for ticket {}: {} (failure {} of this rule)", name, context.ticket().id(),
                reason, count, cause);
    }

    /** How often each rule failed since the engine started. */
    public Map<String, Long> failureCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        failureCounts.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }

    static String safeName(ServiceRule service) {
        try {
            String name = service.rule().name();
            return name == null || name.isBlank() ? "service-" + service.serviceId() : name;
        } catch (RuntimeException e) {
            return "service-" + service.serviceId();
        }
    }

    private static String safeVersion(ServiceRule service) {
        try {
            return String.valueOf(service.rule().version());
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
