package dev.parley.social.api;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One social platform (X, Meta, ...), registered as an OSGi service with the property {@link
 * #PLATFORM} naming it ({@code parley.social.platform=x}); accounts whose {@code platform} has that
 * value are served by it. The connector owns transport and durability: it routes webhook calls
 * for {@code /webhooks/<platform>/<account>} here (verified with that account's secret, then
 * {@link #split} by the platform's own account ids and routed), stores what {@link #parse} returns before
 * acknowledging, runs {@link #poll} on its own threads and persists the cursor. Implementations
 * are stateless per account and thread-safe; they never log secrets or message text at INFO.
 * Parsing is kept apart from transport so that another receiver (a new platform API, a poller)
 * can feed the same normalized messages.
 */
@ConsumerType
public interface SocialPlatform {

    /** Service property: the platform id, lower case ("x", "meta"); also the webhook path segment. */
    String PLATFORM = "parley.social.platform";

    /**
     * Service property: the helpdesk channels its messages go to ({@code String} or {@code
     * String[]}, e.g. "messenger", "instagram", "facebook"); replies on tickets of these channels
     * are checked by the connector's messaging policy and sent through this platform. Without it,
     * the platform id is the one channel.
     */
    String CHANNELS = "parley.social.channels";

    /**
     * Service property: how people read the platform's channels ({@code String} or {@code String[]}
     * of {@code channel=Label}, e.g. "whatsapp=WhatsApp"), for screens that list channels (the SLA
     * widget) without knowing the platforms. Without it a channel shows as its id.
     *
     * @since 1.8
     */
    String CHANNEL_LABELS = "parley.social.channelLabels";

    /**
     * Answers the platform's verification call (a GET on the webhook URL: X's CRC, Meta's
     * hub.challenge). A request that is not a valid challenge gets a 4xx reply.
     */
    WebhookReply challenge(SocialAccount account, WebhookRequest request);

    /** Whether the request's signature matches its raw body for this account; compares in constant time. */
    boolean verify(SocialAccount account, WebhookRequest request);

    /**
     * Normalizes a verified webhook body into messages, in the order the platform sent them.
     * Events the helpdesk never needs (typing, read receipts) are left out; events it does not
     * understand come back as {@link MessageKind#UNSUPPORTED}; our own sends echoed back as
     * {@link MessageKind#ECHO}.
     *
     * @throws MalformedEventException if the body is not the platform's JSON
     */
    List<InboundMessage> parse(SocialAccount account, byte[] body);

    /**
     * Splits a verified delivery by the platform account each event is addressed to, in the order
     * the platform sent them; the connector then parses each part as the configured account with
     * that id (one Meta app posts every Page's and Instagram account's events to one URL, one X
     * webhook carries every subscribed user's). The default keeps the whole body for the account
     * it was posted to.
     *
     * @throws MalformedEventException if the body is not the platform's JSON
     */
    default List<DeliveryPart> split(SocialAccount postedTo, byte[] body) {
        return List.of(new DeliveryPart(postedTo.accountId(), body));
    }

    /** Whether {@link #poll} works for this platform. */
    default boolean canPoll() {
        return false;
    }

    /**
     * Whether {@link #poll} for {@code account} is a long poll: it waits on the platform until news
     * arrive or its own timeout passes (Telegram's {@code getUpdates} with a {@code timeout}), so the
     * connector polls again as soon as one returns rather than after the account's poll interval, and
     * gives each polling account a thread of its own. Default: false.
     *
     * @since 1.8
     */
    default boolean longPolls(SocialAccount account) {
        return false;
    }

    /**
     * Fetches what arrived since {@code cursor} (empty on the first poll). Returning the same
     * message twice is harmless: the inbox deduplicates on its external id.
     *
     * @throws UnsupportedOperationException if {@link #canPoll()} is false
     */
    default PollResult poll(SocialAccount account, String cursor) {
        throw new UnsupportedOperationException("platform does not support polling");
    }

    /** Sends a reply from {@code account}; platform failures are results, not exceptions. */
    SendResult send(SocialAccount account, OutboundMessage message);

    /**
     * Sends like {@link #send} without holding the caller's thread while the platform answers, so
     * the outbox keeps many replies in flight on a few threads (over {@link PlatformHttp}'s async
     * calls). The stage completes with the same results {@link #send} returns; failures are results
     * here too. Called from the connector's sender threads, never from the HTTP client's own. The
     * default calls {@link #send} on the calling thread.
     *
     * @since 1.8
     */
    default CompletionStage<SendResult> sendAsync(SocialAccount account, OutboundMessage message) {
        return CompletableFuture.completedFuture(send(account, message));
    }

    /**
     * Whether {@code userId} accepts direct messages from {@code account} (X's {@code
     * receives_your_dm}), when the platform can tell; asked before an unsolicited DM when no
     * received event said so. Empty: unknown.
     */
    default Optional<Boolean> acceptsDirectMessages(SocialAccount account, String userId) {
        return Optional.empty();
    }

    /**
     * Looks for {@code message} among what {@code account} posted since {@code since}, so a send
     * whose outcome was lost is not posted twice. {@code excluded} are platform ids already
     * recorded for other messages (an identical text sent twice on purpose). The default cannot
     * tell, and the connector then sends again.
     */
    default SentLookup findSent(SocialAccount account, OutboundMessage message, Instant since,
            Set<String> excluded) {
        return SentLookup.unknown();
    }

    /**
     * The profile of {@code userId} (the author id of a message this account received on {@code
     * channel}) as the platform's API tells it: Messenger's and Instagram's user profile, X's users
     * lookup. Called on the connector's own threads, off the webhook and ticket path, at most once
     * per user and cache period; may block on the platform. The default cannot tell.
     *
     * @throws IOException if the platform could not be asked or refused (the caller tries again later)
     */
    default Optional<SocialProfile> lookupProfile(SocialAccount account, String channel, String userId)
            throws IOException {
        return Optional.empty();
    }

    /**
     * The domains this platform serves message media from ({@code fbcdn.net}: the host and its
     * subdomains), fetched over {@code https:} only; an account may configure its own list instead.
     * Media anywhere else (and on private addresses) are not fetched. The default: none.
     */
    default Set<String> mediaHosts() {
        return Set.of();
    }

    /**
     * Headers a GET of the media at {@code url} needs, such as the account's token or a request
     * signature where the platform requires it (X's DM media: OAuth 1.0a over this very URL); never
     * logged. The connector asks again for each URL it fetches on the same host (a redirect), sends
     * them to that host only and keeps its host checks and size limits either way. The default: none
     * (CDN URLs that carry their own signature).
     *
     * @throws IllegalStateException if the account lacks the credentials this download needs: the
     *         attachment then fails at once with this exception's message as the reason (since 1.6)
     */
    default Map<String, String> mediaHeaders(SocialAccount account, String url) {
        return Map.of();
    }

    /**
     * The text, author and link of a message whose webhook carried only ids ({@link
     * InboundMessage#NEEDS_LOOKUP}), from the platform's API; {@code properties} are those {@link
     * #parse} gave the message (the ids to look up). Called on the connector's own threads, off the
     * webhook and ticket path; may block on the platform. The default cannot tell (empty).
     *
     * @throws IOException if the platform could not be asked or refused; the connector tries again
     *         later, with growing waits, and shows the reason on the message meanwhile
     * @since 1.6
     */
    default Optional<LookedUpMessage> lookupMessage(SocialAccount account, String channel,
            Map<String, String> properties) throws IOException {
        return Optional.empty();
    }

    /**
     * The reply window of {@code channel}'s private conversations for {@code account}, when the
     * platform has one; the connector's messaging policy enforces it. Empty: no window (X) or the
     * platform does not say.
     *
     * @since 1.6
     */
    default Optional<ReplyWindow> replyWindow(SocialAccount account, String channel) {
        return Optional.empty();
    }

    /**
     * The message templates {@code account} may send (outside the reply window too), as configured
     * for it or as the platform lists them; empty when the platform has none.
     *
     * @since 1.6
     */
    default List<MessageTemplate> templates(SocialAccount account) {
        return List.of();
    }

    /**
     * The URL to download a received attachment from, now: {@code url} as the message carried it,
     * or where a platform that names media by id answers it to be (WhatsApp's {@code GET /{media_id}}
     * gives a URL valid for 5 minutes; Telegram's {@code getFile} a path under a download URL that
     * holds the bot token). Called on the connector's attachment threads right before each download
     * attempt; may block on the platform. The answer may carry a credential: the connector fetches it
     * under the account's media host policy but never logs, stores or shows it (the attachment keeps
     * {@code url} as its source).
     *
     * @throws IOException if the platform could not be asked or refused (the download is tried again later)
     * @throws IllegalStateException if the platform will never give it (too large, unknown): the
     *         attachment fails at once with this exception's message as the reason (since 1.7)
     * @since 1.6
     */
    default String resolveMedia(SocialAccount account, String url) throws IOException {
        return url;
    }

    /**
     * The files {@code account} can send on {@code channel} and their size limits, as the platform
     * documents them, first match deciding; the connector's messaging policy refuses a reply whose
     * attachment is of no listed type or larger than its limit before it is stored, with these in
     * the reason. A platform that lists them also sends the files of Parley's attachment store (a
     * {@link MediaAttachment#content()}), by upload. Empty (the default): the platform does not say,
     * the connector applies its own table for the channel, and refuses stored files (the platform
     * sends links only).
     *
     * @since 1.8
     */
    default List<MediaLimit> outgoingMedia(SocialAccount account, String channel) {
        return List.of();
    }
}
