package dev.parley.social.connector.internal.outbound;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.social.api.SendResult;

/**
 * The claimed replies on their way: each conversation's leave one after the other over the
 * platform's async call, the conversations' without waiting for each other, and the answers that
 * come in meanwhile are settled together by one task on the sender threads (so the SENT of many
 * replies is one commit). Counts the replies in flight, so the dispatcher claims no more than it
 * may hold, and wakes it whenever one is done.
 */
final class ConversationSends {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationSends.class);

    /** A platform's answer to the request of {@code chain.get(index)}. */
    private record Answer(List<ReplySender.Ready> chain, int index, SendResult result) {
        ReplySender.Ready ready() {
            return chain.get(index);
        }
    }

    private final ReplySender sender;
    private final OutboxStore outbox;
    private final Clock clock;
    private final Executor senders;
    private final BooleanSupplier running;
    private final Runnable wake;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean settling = new AtomicBoolean();

    ConversationSends(ReplySender sender, OutboxStore outbox, Clock clock, Executor senders, BooleanSupplier running,
            Runnable wake) {
        this.sender = sender;
        this.outbox = outbox;
        this.clock = clock;
        this.senders = senders;
        this.running = running;
        this.wake = wake;
    }

    /** Replies claimed and not yet settled or handed back. */
    int inFlight() {
        return inFlight.get();
    }

    /** Sends a conversation's claimed replies (IN_FLIGHT already), in order. */
    void start(List<ReplySender.Ready> chain) {
        inFlight.addAndGet(chain.size());
        sendChain(chain, 0);
    }

    /** A reply an earlier attempt may have posted: looked up on its platform before anything else, on a sender thread. */
    void lookUpFirst(OutboxStore.Entry entry) {
        begin();
        try {
            senders.execute(() -> {
                try {
                    sendIfRunning(entry);
                } finally {
                    end();
                }
            });
        } catch (RejectedExecutionException stopped) {
            end(); // stopping: taken back on the next start
        }
    }

    /**
     * Sends a conversation's claimed replies one after the other, each as soon as the one before it
     * is settled for good; when one is not (a retry, a rate limit, an unknown outcome), the rest are
     * handed back unsent and claimed again in order.
     */
    private void sendChain(List<ReplySender.Ready> chain, int index) {
        ReplySender.Ready r = chain.get(index);
        try {
            CompletableFuture.supplyAsync(() -> sender.request(r), senders)
                    .thenCompose(Function.identity())
                    .whenComplete((result, failure) -> answered(new Answer(chain, index,
                            failure == null ? result : sender.adapterFailed(r, failure))));
        } catch (RejectedExecutionException stopped) {
            handBack(chain, index); // stopping: never left; claimed again on the next start
        }
    }

    /**
     * On the HTTP client's thread: queues the answer for the one settling task, which records all
     * answers that came meanwhile together (the SENT ones in one commit), so under load the
     * commits per reply fall instead of queueing on the database.
     */
    private void answered(Answer answer) {
        answers.add(answer);
        if (settling.compareAndSet(false, true)) {
            try {
                senders.execute(this::settleAnswers);
            } catch (RejectedExecutionException stopped) {
                settling.set(false);
            }
        }
    }

    private void settleAnswers() {
        do {
            List<Answer> batch = new ArrayList<>();
            for (Answer a; (a = answers.poll()) != null;) {
                batch.add(a);
            }
            if (!batch.isEmpty()) {
                boolean[] done;
                try {
                    done = sender.settleAll(batch.stream().map(Answer::ready).toList(),
                            batch.stream().map(Answer::result).toList());
                } catch (RuntimeException e) {
                    LOG.warn("Settling {} answers failed; those replies are looked up after their lease: {}",
                            batch.size(), e.toString());
                    done = new boolean[batch.size()];
                }
                for (int i = 0; i < batch.size(); i++) {
                    next(batch.get(i), done[i]);
                }
            }
            settling.set(false);
        } while (!answers.isEmpty() && settling.compareAndSet(false, true));
    }

    private void next(Answer answer, boolean settledForGood) {
        int following = answer.index() + 1;
        if (following < answer.chain().size() && running.getAsBoolean() && settledForGood) {
            end();
            sendChain(answer.chain(), following);
            return;
        }
        handBack(answer.chain(), following);
        end();
    }

    /** Hands the chain's replies from {@code from} on back unsent (PENDING, due now). */
    private void handBack(List<ReplySender.Ready> chain, int from) {
        if (from >= chain.size()) {
            return;
        }
        List<Long> rest = chain.subList(from, chain.size()).stream().map(c -> c.entry().messageId()).toList();
        try {
            outbox.release(rest, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Could not hand back {} unsent replies; they are looked up after their lease: {}", rest.size(),
                    e.toString());
        }
        inFlight.addAndGet(-rest.size());
        wake.run();
    }

    private void begin() {
        inFlight.incrementAndGet();
    }

    private void end() {
        inFlight.decrementAndGet();
        wake.run();
    }

    private void sendIfRunning(OutboxStore.Entry entry) {
        if (running.getAsBoolean()) {
            sender.send(entry);
        }
    }
}
