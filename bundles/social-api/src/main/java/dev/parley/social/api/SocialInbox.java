package dev.parley.social.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable hand-off between receiving and processing: the connector stores every verified
 * message here before acknowledging the platform, and a processor claims, handles and completes
 * them asynchronously. Storing is idempotent on (platform, account, externalId). Claims are
 * transactional and leased, so a processor that is updated or stopped mid-stream loses and
 * doubles nothing: what it claimed and did not finish becomes claimable again. After storing new
 * messages the connector posts {@link #TOPIC_STORED} on EventAdmin so a processor need not wait for
 * its next poll.
 */
@ProviderType
public interface SocialInbox {

    /** EventAdmin topic posted after new messages were stored. */
    String TOPIC_STORED = "parley/social/inbox/STORED";
    /** Event property (Integer): how many new messages were stored. */
    String PROPERTY_COUNT = "count";

    /** Stores messages not stored before; returns how many were new. */
    int store(List<InboundMessage> messages);

    /**
     * Takes messages for storing and returns once they are durable, possibly before they are in the
     * inbox (an implementation may journal them and store them moments later, in batches, as the
     * webhook endpoint wants: the platform waits for its answer). Duplicates are dropped on storing.
     * By default, {@link #store}.
     *
     * @since 1.3
     */
    default void accept(List<InboundMessage> messages) {
        store(messages);
    }

    /**
     * Claims up to {@code max} due events for {@code lease}, the longest due first (in the order received
     * among those due at the same time); never the same event twice at once.
     */
    List<InboxEvent> claim(int max, Duration lease);

    /** Marks a claimed event handled; {@code outcome} says how (e.g. the ticket it went to). */
    void complete(long eventId, String outcome);

    /**
     * Marks many claimed events handled (event id to outcome) in one transaction. Call it after the
     * ticket writes that handled them committed: an event is then never marked done without its
     * message, and one handled again after a crash is stored once (ticket writes are idempotent).
     *
     * @since 1.2
     */
    void completeAll(Map<Long, String> outcomes);

    /** Gives a claimed event back for another try not before {@code notBefore}, counting an attempt. */
    void retry(long eventId, String reason, Instant notBefore);

    /** Parks an event for good with its reason; it stays visible until replayed. */
    void park(long eventId, String reason);

    /** Gives claimed events back untouched, without counting an attempt (a processor shutting down). */
    void release(Collection<Long> eventIds);

    InboxCounts counts();

    /**
     * Events acknowledged and deliberately not acted on ({@link MessageKind#UNSUPPORTED}: likes,
     * follows, retweets, unknown fields), counted per raw type over the events the inbox still
     * keeps (its retention). They are never parked: parked means something failed.
     *
     * @since 1.5
     */
    default Map<String, Long> ignoredCounts() {
        return Map.of();
    }

    Optional<InboxEvent> get(long eventId);

    /** Parked events, oldest first. */
    List<InboxEvent> parked(int limit);

    /** Makes a parked event pending again with its attempts reset; false if it is not parked. */
    boolean replay(long eventId);

    /** Replays every parked event; returns how many. */
    int replayParked();
}
