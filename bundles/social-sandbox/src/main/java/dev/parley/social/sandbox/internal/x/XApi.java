package dev.parley.social.sandbox.internal.x;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.sandbox.internal.api.PlatformApi;
import dev.parley.social.sandbox.internal.customer.SandboxMedia;
import dev.parley.social.sandbox.internal.faults.RateLimits;
import dev.parley.social.sandbox.internal.faults.RateLimits.Quota;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.ApiResponse;
import dev.parley.social.sandbox.internal.wire.OAuth1Verifier;
import dev.parley.social.sandbox.internal.wire.PlatformIds;
import dev.parley.social.sandbox.internal.wire.WireJson;

/**
 * The X API v2 endpoints a connector calls, with X's paths, parameters, status codes, error
 * bodies and rate-limit headers: mentions and DM listings, replies and DM sends. Sends refused by
 * X's rules (DM to someone who never wrote and does not accept DMs, a duplicate reply) fail as
 * they do on X.
 */
public final class XApi implements PlatformApi {

    private static final Pattern MENTIONS = Pattern.compile("/2/users/([0-9]+)/mentions");
    private static final Pattern USER = Pattern.compile("/2/users/([0-9]+)");
    private static final Pattern USER_TWEETS = Pattern.compile("/2/users/([0-9]+)/tweets");
    private static final Pattern DM_WITH = Pattern.compile("/2/dm_conversations/with/([0-9]+)/messages");
    private static final Pattern DM_IN = Pattern.compile("/2/dm_conversations/([0-9]+)-([0-9]+)/messages");
    private static final Pattern TON_DM = Pattern.compile("/1\\.1/ton/data/dm/([0-9]+)/([0-9]+)/([A-Za-z0-9._-]+)");
    private static final Duration WINDOW = Duration.ofMinutes(15);
    static final int TWEET_LENGTH = 280;
    static final int DM_LENGTH = 10_000;

    private final XAccount account;
    private final XTimeline timeline;
    private final XPayloads payloads;
    private final WireJson json;
    private final PlatformIds ids;
    private final Clock clock;
    private final RateLimits limits;
    private final Consumer<Tweet> tweetEcho;
    private final Consumer<DirectMessage> dmEcho;
    private final OAuth1Verifier oauth;

    XApi(XAccount account, XTimeline timeline, XPayloads payloads, WireJson json, PlatformIds ids, Clock clock,
            RateLimits limits, Consumer<Tweet> tweetEcho, Consumer<DirectMessage> dmEcho) {
        this.account = account;
        this.timeline = timeline;
        this.payloads = payloads;
        this.json = json;
        this.ids = ids;
        this.clock = clock;
        this.limits = limits;
        this.tweetEcho = tweetEcho;
        this.dmEcho = dmEcho;
        this.oauth = new OAuth1Verifier(clock);
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String path = request.path();
        String method = request.method();
        Matcher mentions = MENTIONS.matcher(path);
        Matcher dmWith = DM_WITH.matcher(path);
        Matcher dmIn = DM_IN.matcher(path);
        Matcher user = USER.matcher(path);
        Matcher userTweets = USER_TWEETS.matcher(path);
        Matcher ton = TON_DM.matcher(path);
        if (ton.matches()) {
            return dmMedia(request, ton.group(1), ton.group(2), ton.group(3));
        }
        String endpoint;
        int limit;
        if (method.equals("GET") && mentions.matches()) {
            endpoint = "mentions";
            limit = 300;
        } else if (method.equals("GET") && user.matches()) {
            endpoint = "user";
            limit = 900;
        } else if (method.equals("GET") && userTweets.matches()) {
            endpoint = "user_tweets";
            limit = 900;
        } else if (method.equals("GET") && path.equals("/2/dm_events")) {
            endpoint = "dm_events";
            limit = 15;
        } else if (method.equals("POST") && path.equals("/2/tweets")) {
            endpoint = "tweets";
            limit = 100;
        } else if (method.equals("POST") && (dmWith.matches() || dmIn.matches())) {
            endpoint = "dm_send";
            limit = 15;
        } else {
            return ApiResponse.json(404, bytes(legacyError(34, "Sorry, that page does not exist")));
        }
        if (request.authorization().isEmpty()) {
            return problem(401, "Unauthorized", "Unauthorized", "about:blank");
        }
        Quota quota = limits.consume(endpoint, limit, WINDOW);
        if (quota.exceeded()) {
            return rateLimited(quota, false);
        }
        ApiResponse response;
        try {
            response = switch (endpoint) {
                case "mentions" -> mentions(mentions.group(1), request);
                case "dm_events" -> dmEvents(request);
                case "user" -> user(user.group(1), request);
                case "user_tweets" -> ownTweets(userTweets.group(1), request);
                case "tweets" -> postTweet(body(request));
                default -> dmWith.matches() ? sendDm(dmWith.group(1), body(request))
                        : sendDmInConversation(dmIn.group(1), dmIn.group(2), body(request));
            };
        } catch (InvalidRequest e) {
            response = invalidRequest(e.parameter, e.value, e.getMessage());
        }
        return response.withHeaders(quota.xHeaders());
    }

    /**
     * ton.twitter.com's DM media: a DM's picture, to a GET signed with OAuth 1.0a as the account
     * (X's "Retrieving media": the user's access token and the app's consumer key). Anything else is
     * a 401 with X's code 32 (135 for a stale timestamp); an unknown DM or file a 404.
     */
    private ApiResponse dmMedia(ApiRequest request, String dmId, String mediaId, String file) {
        if (!request.method().equals("GET")) {
            return ApiResponse.json(405, bytes(legacyError(34, "Sorry, that page does not exist")));
        }
        if (account.accessTokenSecret().isEmpty() || account.consumerKey().isBlank()) {
            return ApiResponse.json(401, bytes(legacyError(32, "Could not authenticate you.")));
        }
        java.util.Optional<OAuth1Verifier.Refusal> refusal = oauth.check("GET", request.url(),
                request.header("authorization"), account.consumerKey(), account.consumerSecret(), account.accessToken(),
                account.accessTokenSecret().get());
        if (refusal.isPresent()) {
            ObjectNode body = legacyError(refusal.get().code(), refusal.get().message());
            return ApiResponse.json(401, bytes(body)).withHeaders(java.util.Map.of("x-sandbox-refusal",
                    refusal.get().detail()));
        }
        Optional<DirectMessage.Media> media = timeline.directMessage(dmId).flatMap(DirectMessage::media)
                .filter(m -> m.id().equals(mediaId) && m.file().equals(file));
        Optional<SandboxMedia.File> bytes = media.flatMap(m -> SandboxMedia.file(m.file()));
        if (bytes.isEmpty()) {
            return ApiResponse.json(404, bytes(legacyError(34, "Sorry, that page does not exist")));
        }
        return new ApiResponse(200, java.util.Map.of("Content-Type", bytes.get().contentType()), bytes.get().bytes(),
                Optional.empty());
    }

    /** A 503 as X's edge answers when overloaded. */
    @Override
    public ApiResponse serverError() {
        return problem(503, "Service Unavailable", "Service Unavailable", "about:blank");
    }

    /** A 429 whose headers say to wait {@code retryAfterSeconds}; {@code legacy} uses the code-88 body. */
    @Override
    public ApiResponse rateLimited(int retryAfterSeconds, boolean legacy) {
        long reset = clock.instant().plusSeconds(retryAfterSeconds).getEpochSecond();
        return rateLimited(new Quota(15, 0, reset, true), legacy);
    }

    private ApiResponse rateLimited(Quota quota, boolean legacy) {
        ObjectNode body = legacy ? legacyError(88, "Rate limit exceeded")
                : problemBody(429, "Too Many Requests", "Too Many Requests", "about:blank");
        return ApiResponse.json(429, bytes(body)).withHeaders(quota.xHeaders());
    }

    private ApiResponse mentions(String userId, ApiRequest request) {
        int max = intParam(request, "max_results", 5, 100, 10);
        Optional<String> since = idParam(request, "since_id");
        Optional<String> until = idParam(request, "until_id");
        if (!userId.equals(account.userId())) {
            return ApiResponse.json(200, bytes(emptyListing()));
        }
        TimelinePage<Tweet> page = timeline.mentions(since, until, max, token(request));
        Set<String> fields = listParam(request, "tweet.fields");
        ObjectNode root = json.object();
        ObjectNode meta = json.object();
        if (!page.items().isEmpty()) {
            ArrayNode data = root.putArray("data");
            page.items().forEach(t -> data.add(payloads.tweetV2(t, fields)));
            if (listParam(request, "expansions").contains("author_id")) {
                includeUsers(root, request, page.items().stream().map(Tweet::author).toList());
            }
            meta.put("newest_id", page.items().get(0).id()).put("oldest_id", page.items().get(page.items().size() - 1).id());
        }
        meta.put("result_count", page.items().size());
        page.nextToken().ifPresent(t -> meta.put("next_token", t));
        root.set("meta", meta);
        return ApiResponse.json(200, bytes(root));
    }

    /** {@code GET /2/users/{id}}; {@code receives_your_dm} as X reports it to a user-context token. */
    private ApiResponse user(String userId, ApiRequest request) {
        Optional<XUser> found = timeline.user(userId);
        if (found.isEmpty()) {
            return problem(404, "Not Found Error", "Could not find user with id: [" + userId + "].",
                    "https://api.twitter.com/2/problems/resource-not-found");
        }
        ObjectNode root = json.object();
        ObjectNode data = payloads.userV2(found.get(), listParam(request, "user.fields"));
        if (listParam(request, "user.fields").contains("receives_your_dm")) {
            data.put("receives_your_dm", timeline.acceptsDirectMessages(userId));
        }
        root.set("data", data);
        return ApiResponse.json(200, bytes(root));
    }

    /** {@code GET /2/users/{id}/tweets}: the account's own posts, newest first (how a lost send is found). */
    private ApiResponse ownTweets(String userId, ApiRequest request) {
        int max = intParam(request, "max_results", 5, 100, 10);
        TimelinePage<Tweet> page = userId.equals(account.userId()) ? timeline.ownTweets(max, token(request))
                : new TimelinePage<>(List.of(), Optional.empty());
        Set<String> fields = listParam(request, "tweet.fields");
        ObjectNode root = json.object();
        if (!page.items().isEmpty()) {
            ArrayNode data = root.putArray("data");
            page.items().forEach(t -> data.add(payloads.tweetV2(t, fields)));
        }
        ObjectNode meta = root.putObject("meta").put("result_count", page.items().size());
        page.nextToken().ifPresent(t -> meta.put("next_token", t));
        return ApiResponse.json(200, bytes(root));
    }

    private ApiResponse dmEvents(ApiRequest request) {
        int max = intParam(request, "max_results", 1, 100, 100);
        Set<String> types = listParam(request, "event_types");
        TimelinePage<DirectMessage> page = types.isEmpty() || types.contains("MessageCreate")
                ? timeline.directMessages(max, token(request)) : new TimelinePage<>(List.of(), Optional.empty());
        Set<String> fields = listParam(request, "dm_event.fields");
        ObjectNode root = json.object();
        if (!page.items().isEmpty()) {
            ArrayNode data = root.putArray("data");
            page.items().forEach(dm -> data.add(payloads.dmEventV2(dm, fields)));
            Set<String> expansions = listParam(request, "expansions");
            if (expansions.contains("sender_id") || expansions.contains("participant_ids")) {
                includeUsers(root, request, page.items().stream()
                        .flatMap(dm -> expansions.contains("participant_ids") ? java.util.stream.Stream.of(dm.sender(), dm.recipient())
                                : java.util.stream.Stream.of(dm.sender()))
                        .toList());
            }
        }
        ObjectNode meta = root.putObject("meta").put("result_count", page.items().size());
        page.nextToken().ifPresent(t -> meta.put("next_token", t));
        return ApiResponse.json(200, bytes(root));
    }

    private ApiResponse postTweet(JsonNode body) {
        String text = text(body, TWEET_LENGTH);
        Optional<String> replyTo = Optional.ofNullable(body.path("reply").get("in_reply_to_tweet_id"))
                .map(JsonNode::asText).filter(s -> !s.isEmpty());
        if (replyTo.isPresent() && !replyTo.get().matches("[0-9]{1,19}")) {
            throw new InvalidRequest("reply.in_reply_to_tweet_id", replyTo.get(),
                    "The `reply.in_reply_to_tweet_id` field must be a numeric tweet id");
        }
        Optional<Tweet> parent = replyTo.flatMap(timeline::tweet);
        String id = ids.snowflake();
        Tweet tweet = new Tweet(id, text, account.asUser(), replyTo, parent.map(Tweet::author),
                parent.map(Tweet::conversationId).orElse(id), clock.instant());
        if (!timeline.addOwnTweet(tweet)) {
            return problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.",
                    "about:blank");
        }
        tweetEcho.accept(tweet);
        ObjectNode root = json.object();
        ObjectNode data = root.putObject("data").put("id", id).put("text", text);
        data.putArray("edit_history_tweet_ids").add(id);
        return ApiResponse.json(201, bytes(root)).withCreatedId(id);
    }

    private ApiResponse sendDm(String participantId, JsonNode body) {
        String text = text(body, DM_LENGTH);
        if (participantId.equals(account.userId())) {
            throw new InvalidRequest("participant_id", participantId, "You cannot send a Direct Message to yourself");
        }
        return deliverDm(participantId, text);
    }

    private ApiResponse sendDmInConversation(String first, String second, JsonNode body) {
        String text = text(body, DM_LENGTH);
        String other = first.equals(account.userId()) ? second : second.equals(account.userId()) ? first : null;
        if (other == null || other.equals(account.userId())) {
            return problem(403, "Forbidden", "You are not a participant in this conversation.", "about:blank");
        }
        return deliverDm(other, text);
    }

    private ApiResponse deliverDm(String recipientId, String text) {
        Optional<XUser> recipient = timeline.user(recipientId);
        if (recipient.isEmpty() || !timeline.acceptsDirectMessages(recipientId)) {
            return problem(403, "Forbidden", "You cannot send messages to this user. The recipient may have DM "
                    + "settings that prevent messages from unknown users, or may have blocked you.", "about:blank");
        }
        DirectMessage dm = new DirectMessage(ids.snowflake(), DirectMessage.conversationId(account.userId(), recipientId),
                account.asUser(), recipient.get(), text, clock.instant(), true);
        timeline.add(dm);
        dmEcho.accept(dm);
        ObjectNode root = json.object();
        root.putObject("data").put("dm_conversation_id", dm.conversationId()).put("dm_event_id", dm.id());
        return ApiResponse.json(201, bytes(root)).withCreatedId(dm.id());
    }

    private void includeUsers(ObjectNode root, ApiRequest request, List<XUser> users) {
        Set<String> fields = listParam(request, "user.fields");
        ArrayNode out = root.putObject("includes").putArray("users");
        users.stream().collect(Collectors.toMap(XUser::id, u -> u, (a, b) -> a, java.util.LinkedHashMap::new))
                .values().forEach(u -> out.add(payloads.userV2(u, fields)));
    }

    private JsonNode body(ApiRequest request) {
        try {
            JsonNode node = json.mapper().readTree(request.body());
            if (node == null || !node.isObject()) {
                throw new InvalidRequest("body", "", "The request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidRequest("body", "", "The request body is not valid JSON");
        }
    }

    private static String text(JsonNode body, int maxLength) {
        JsonNode text = body.get("text");
        boolean hasMedia = body.has("attachments") || body.has("media");
        if ((text == null || text.asText().isEmpty()) && !hasMedia) {
            throw new InvalidRequest("text", "", "The `text` field is required when no media is attached");
        }
        String value = text == null ? "" : text.asText();
        if (value.codePointCount(0, value.length()) > maxLength) {
            throw new InvalidRequest("text", value.substring(0, 20) + "…",
                    "The `text` field must be at most " + maxLength + " characters");
        }
        return value;
    }

    private static int intParam(ApiRequest request, String name, int min, int max, int fallback) {
        Optional<String> raw = request.param(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, as X reports any out-of-range value
        }
        throw new InvalidRequest(name, raw.get(),
                "The `" + name + "` query parameter value [" + raw.get() + "] is not between " + min + " and " + max);
    }

    private static Optional<String> idParam(ApiRequest request, String name) {
        Optional<String> raw = request.param(name);
        if (raw.isPresent() && !raw.get().matches("[0-9]{1,19}")) {
            throw new InvalidRequest(name, raw.get(),
                    "The `" + name + "` query parameter value [" + raw.get() + "] is not a valid Tweet ID");
        }
        return raw;
    }

    private static Optional<String> token(ApiRequest request) {
        Optional<String> raw = request.param("pagination_token");
        raw.ifPresent(t -> {
            try {
                TimelinePage.decode(t);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequest("pagination_token", t, "The `pagination_token` query parameter value ["
                        + t + "] is not valid");
            }
        });
        return raw;
    }

    private static Set<String> listParam(ApiRequest request, String name) {
        return request.param(name).map(v -> Arrays.stream(v.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet())).orElse(Set.of());
    }

    private ObjectNode emptyListing() {
        ObjectNode root = json.object();
        root.putObject("meta").put("result_count", 0);
        return root;
    }

    private ApiResponse invalidRequest(String parameter, String value, String message) {
        ObjectNode root = json.object();
        ObjectNode error = root.putArray("errors").addObject();
        error.putObject("parameters").putArray(parameter).add(value);
        error.put("message", message);
        root.put("title", "Invalid Request").put("detail", "One or more parameters to your request was invalid.")
                .put("type", "https://api.x.com/2/problems/invalid-request");
        return ApiResponse.json(400, bytes(root));
    }

    private ApiResponse problem(int status, String title, String detail, String type) {
        return ApiResponse.json(status, bytes(problemBody(status, title, detail, type)));
    }

    private ObjectNode problemBody(int status, String title, String detail, String type) {
        return json.object().put("title", title).put("detail", detail).put("type", type).put("status", status);
    }

    private ObjectNode legacyError(int code, String message) {
        ObjectNode root = json.object();
        root.putArray("errors").addObject().put("code", code).put("message", message);
        return root;
    }

    private byte[] bytes(JsonNode node) {
        return json.xBytes(node);
    }

    /** A request X rejects with its invalid-request problem, naming the parameter. */
    private static final class InvalidRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String parameter;
        private final String value;

        InvalidRequest(String parameter, String value, String message) {
            super(message, null, false, false);
            this.parameter = parameter;
            this.value = value;
        }
    }
}
