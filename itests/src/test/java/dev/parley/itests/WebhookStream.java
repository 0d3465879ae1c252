package dev.parley.itests;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

import dev.parley.helpdesk.api.TicketService;

/**
 * Signed webhooks of one platform posted one after another on a thread of their own until closed:
 * the traffic the other plugins carry while one plugin is removed and installed again.
 */
final class WebhookStream implements AutoCloseable {

    /** One posted webhook: the message it carried and the status it was answered with. */
    record Posted(String externalId, int status) {
    }

    private final String channel;
    private final List<String> acked = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private WebhookStream(String channel, IntFunction<Posted> post) {
        this.channel = channel;
        this.thread = new Thread(() -> {
            for (int i = 0; running; i++) {
                Posted posted = post.apply(i);
                if (posted.status() == 200) {
                    acked.add(posted.externalId());
                } else {
                    refused.add(posted.externalId() + ": " + posted.status());
                }
            }
        }, channel + "-webhooks");
    }

    /** Starts posting {@code post.apply(0)}, {@code post.apply(1)}, ... for messages on {@code channel}. */
    static WebhookStream start(String channel, IntFunction<Posted> post) {
        WebhookStream stream = new WebhookStream(channel, post);
        stream.thread.start();
        return stream;
    }

    /** Waits until {@code more} further webhooks have been acknowledged. */
    void awaitAcked(int more, Duration timeout) {
        int from = acked.size();
        Await.condition(more + " more " + channel + " webhooks acknowledged", timeout, () -> acked.size() >= from + more);
    }

    /** Stops posting; every webhook was acknowledged and each acknowledged message is on a ticket. */
    void assertEveryMessageOnATicket(TicketService tickets, Duration timeout) throws InterruptedException {
        close();
        assertEquals("every " + channel + " webhook was acknowledged", List.of(), refused);
        for (String id : acked) {
            Await.until(channel + " message " + id + " on a ticket", timeout,
                    () -> tickets.findMessage(channel, id).orElse(null));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
