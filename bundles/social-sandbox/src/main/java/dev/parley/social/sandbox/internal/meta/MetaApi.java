package dev.parley.social.sandbox.internal.meta;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.sandbox.internal.api.PlatformApi;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.ApiResponse;
import dev.parley.social.sandbox.internal.wire.PlatformIds;
import dev.parley.social.sandbox.internal.wire.WireJson;
import dev.parley.social.sandbox.internal.wire.WireTime;

/**
 * The Graph API calls a connector makes for a page: the Send API ({@code /{page}/messages}) with
 * Meta's messaging windows and text limit, public comment replies ({@code /{comment}/comments})
 * and customer profiles. Errors carry Meta's {@code {"error":{…,"fbtrace_id"}}} bodies.
 */
public final class MetaApi implements PlatformApi {

    private static final Pattern NODE = Pattern.compile("(?:/v[0-9]+\\.[0-9]+)?/([0-9_]+|me)(?:/(messages|comments))?/?");
    static final int TEXT_LIMIT = 2_000;
    private static final String WINDOW_MESSAGE = "(#10) This message is sent outside of allowed window. Learn more "
            + "about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview";

    private final MetaAccount account;
    private final MetaInbox inbox;
    private final WireJson json;
    private final PlatformIds ids;
    private final Clock clock;
    private final Consumer<SentMessage> messageEcho;
    private final Consumer<PageComment> commentEcho;

    MetaApi(MetaAccount account, MetaInbox inbox, WireJson json, PlatformIds ids, Clock clock,
            Consumer<SentMessage> messageEcho, Consumer<PageComment> commentEcho) {
        this.account = account;
        this.inbox = inbox;
        this.json = json;
        this.ids = ids;
        this.clock = clock;
        this.messageEcho = messageEcho;
        this.commentEcho = commentEcho;
    }

    /** A message the page sent, for its echo. */
    record SentMessage(MetaUser to, String mid, String text) {
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        Matcher m = NODE.matcher(request.path());
        if (!m.matches()) {
            return error(400, "Unknown path components: " + request.path(), "OAuthException", 2500, null);
        }
        String node = m.group(1);
        String edge = m.group(2);
        if (request.param("access_token").isEmpty() && request.authorization().isEmpty()) {
            return error(400, "An access token is required to request this resource.", "OAuthException", 104, null);
        }
        try {
            if (request.method().equals("GET") && edge == null && request.param("fields").map(f -> f.startsWith(
                    "mentioned_comment.") || f.startsWith("mentioned_media.")).orElse(false)) {
                return mentioned(node, request.param("fields").get());
            }
            if (request.method().equals("GET") && edge == null && inbox.comment(node).isPresent()) {
                return commentNode(inbox.comment(node).get(), request.param("fields").orElse(""));
            }
            if (request.method().equals("GET") && edge == null) {
                return profile(node);
            }
            if (request.method().equals("POST") && "messages".equals(edge)) {
                if (!node.equals("me") && !node.equals(account.pageId()) && !node.equals(account.instagramId())) {
                    return unknownObject(node);
                }
                return send(fields(request));
            }
            if (request.method().equals("POST") && "comments".equals(edge)) {
                return replyToComment(node, fields(request));
            }
        } catch (GraphError e) {
            return error(400, e.getMessage(), "OAuthException", e.code, e.subcode);
        }
        return error(400, "Unsupported " + request.method().toLowerCase() + " request.", "GraphMethodException", 100, null);
    }

    /** A transient 500, as the Graph API answers when it is having trouble. */
    @Override
    public ApiResponse serverError() {
        ObjectNode body = errorBody("An unexpected error has occurred. Please retry your request later.",
                "OAuthException", 2, null);
        ((ObjectNode) body.get("error")).put("is_transient", true);
        return ApiResponse.json(500, json.xBytes(body));
    }

    /** A 429 carrying {@code Retry-After} and Meta's application-level throttling error (code 613). */
    @Override
    public ApiResponse rateLimited(int retryAfterSeconds, boolean legacyBody) {
        ObjectNode body = errorBody("(#613) Calls to this api have exceeded the rate limit.", "OAuthException", 613, null);
        ((ObjectNode) body.get("error")).put("is_transient", true);
        return ApiResponse.json(429, json.xBytes(body)).withHeaders(Map.of("Retry-After",
                Integer.toString(retryAfterSeconds)));
    }

    private ApiResponse send(JsonNode body) {
        JsonNode recipient = body.path("recipient");
        Optional<String> userId = text(recipient, "id");
        Optional<String> commentId = text(recipient, "comment_id");
        if (userId.isEmpty() && commentId.isEmpty()) {
            throw new GraphError("(#100) The parameter recipient is required", 100, null);
        }
        String messagingType = text(body, "messaging_type").orElse("RESPONSE");
        if (!MessagingWindow.MESSAGING_TYPES.contains(messagingType)) {
            throw new GraphError("(#100) param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG} - got \""
                    + messagingType + "\"", 100, null);
        }
        Optional<String> tag = text(body, "tag");
        if (messagingType.equals("MESSAGE_TAG") && tag.isEmpty()) {
            throw new GraphError("(#100) Tag is required for MESSAGE_TAG messaging type.", 100, null);
        }
        if (body.has("sender_action") && !body.has("message")) {
            return ok(json.object().put("recipient_id", userId.orElse("")));
        }
        JsonNode message = body.path("message");
        String text = text(message, "text").orElse("");
        if (text.isEmpty() && !message.has("attachment")) {
            throw new GraphError("(#100) Must send either message or state", 100, null);
        }
        if (text.codePointCount(0, text.length()) > TEXT_LIMIT) {
            throw new GraphError("(#100) Length of param message[text] must be less than or equal to " + TEXT_LIMIT,
                    100, null);
        }
        MetaUser to = commentId.isPresent() ? privateReplyTarget(commentId.get()) : windowedRecipient(userId.get(),
                messagingType, tag);
        if (to == null) {
            return windowError(inbox.user(userId.orElse("")).map(MetaUser::channel).orElse(Channel.MESSENGER));
        }
        String mid = ids.messageId();
        messageEcho.accept(new SentMessage(to, mid, text));
        return ok(json.object().put("recipient_id", to.id()).put("message_id", mid)).withCreatedId(mid);
    }

    /** The recipient if the window allows the send, null when it does not. */
    private MetaUser windowedRecipient(String userId, String messagingType, Optional<String> tag) {
        MetaUser user = inbox.user(userId)
                .orElseThrow(() -> new GraphError("(#100) No matching user found", 100, 2018001));
        Optional<String> refusal = inbox.lastCustomerMessage(userId)
                .map(last -> MessagingWindow.refusal(user.channel(), last, clock.instant(), messagingType, tag))
                .orElse(Optional.of("the customer never wrote"));
        return refusal.isEmpty() ? user : null;
    }

    private MetaUser privateReplyTarget(String commentId) {
        PageComment comment = inbox.comment(commentId).orElseThrow(() -> unknown(commentId));
        if (!MessagingWindow.privateReplyAllowed(comment.createdAt(), clock.instant())) {
            return null;
        }
        if (!inbox.answerPrivately(commentId)) {
            throw new GraphError("(#10900) Activity already replied to", 10900, null);
        }
        MetaUser user = new MetaUser(comment.fromId(), comment.fromName(), comment.fromName(), Channel.MESSENGER);
        inbox.remember(user);
        return user;
    }

    private ApiResponse replyToComment(String commentId, JsonNode body) {
        PageComment parent = inbox.comment(commentId).orElseThrow(() -> unknown(commentId));
        String message = text(body, "message").orElse("");
        if (message.isBlank() && !body.has("attachment_url") && !body.has("attachment_id")) {
            throw new GraphError("(#100) Missing message or attachment", 100, null);
        }
        String postNumber = parent.postId().substring(parent.postId().indexOf('_') + 1);
        PageComment reply = new PageComment(postNumber + "_" + ids.graphObjectId(), parent.postId(), parent.id(),
                account.pageId(), account.pageName(), message, clock.instant());
        inbox.add(reply);
        commentEcho.accept(reply);
        return ok(json.object().put("id", reply.id())).withCreatedId(reply.id());
    }

    /**
     * A Page comment node, {@code GET /{comment-id}?fields=…}: the fields asked for (Meta's default:
     * id), {@code from} with the commenter's id and name, even for a comment whose webhook left it out.
     */
    private ApiResponse commentNode(PageComment comment, String fieldsParam) {
        java.util.Set<String> fields = fieldSet(fieldsParam);
        ObjectNode node = json.object();
        if (fields.contains("from")) {
            node.putObject("from").put("name", comment.fromName()).put("id", comment.fromId());
        }
        if (fields.contains("message")) {
            node.put("message", comment.message());
        }
        if (fields.contains("created_time")) {
            node.put("created_time", WireTime.graph(comment.createdAt()));
        }
        if (fields.contains("permalink_url")) {
            node.put("permalink_url", "https://www.facebook.com/" + comment.postId().replace('_', '/')
                    + "?comment_id=" + comment.id());
        }
        return ok(node.put("id", comment.id()));
    }

    private static final Pattern MENTIONED = Pattern.compile(
            "(mentioned_comment)\\.comment_id\\(([0-9]+)\\)(?:\\{([^}]*(?:\\{[^}]*\\}[^}]*)*)\\})?"
                    + "|(mentioned_media)\\.media_id\\(([0-9]+)\\)(?:\\{([^}]*)\\})?");

    /**
     * The IG User's field expansion {@code mentioned_comment.comment_id(<id>){fields}} or {@code
     * mentioned_media.media_id(<id>){fields}}: the comment or caption the account was mentioned in,
     * with only the fields asked for (Meta's defaults: id), as {@code {"mentioned_comment":{…},"id":<ig-user-id>}}.
     */
    private ApiResponse mentioned(String node, String fieldsParam) {
        if (!node.equals(account.instagramId())) {
            throw new GraphError("(#100) Tried accessing nonexisting field (mentioned_comment) on node type (Page)", 100,
                    null);
        }
        Matcher m = MENTIONED.matcher(fieldsParam.strip());
        if (!m.matches()) {
            throw new GraphError("(#100) Syntax error \"Expected \"(\" instead of end of string.\" at character "
                    + fieldsParam.length() + ": " + fieldsParam, 100, null);
        }
        boolean comment = m.group(1) != null;
        String id = comment ? m.group(2) : m.group(5);
        java.util.Set<String> fields = fieldSet(comment ? m.group(3) : m.group(6));
        IgMention mention = (comment ? inbox.mentionInComment(id) : inbox.mentionInCaption(id))
                .orElseThrow(() -> unknown(id));
        ObjectNode found = json.object();
        String timestamp = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
                .withZone(java.time.ZoneOffset.UTC).format(mention.at());
        if (comment) {
            if (fields.contains("text")) {
                found.put("text", mention.text());
            }
            if (fields.contains("username")) {
                found.put("username", mention.username());
            }
            if (fields.contains("timestamp")) {
                found.put("timestamp", timestamp);
            }
            if (fields.contains("like_count")) {
                found.put("like_count", 0);
            }
            if (fields.stream().anyMatch(f -> f.startsWith("media"))) {
                ObjectNode media = found.putObject("media").put("id", mention.mediaId());
                if (fields.stream().anyMatch(f -> f.startsWith("media{") && f.contains("permalink"))) {
                    media.put("permalink", mention.permalink());
                }
            }
        } else {
            if (fields.contains("caption")) {
                found.put("caption", mention.text());
            }
            if (fields.contains("username")) {
                found.put("username", mention.username());
            }
            if (fields.contains("timestamp")) {
                found.put("timestamp", timestamp);
            }
            if (fields.contains("permalink")) {
                found.put("permalink", mention.permalink());
            }
            if (fields.contains("media_type")) {
                found.put("media_type", "IMAGE");
            }
            if (fields.contains("media_url")) {
                found.put("media_url", "https://scontent.cdninstagram.com/v/sandbox/" + mention.mediaId() + ".jpg");
            }
        }
        found.put("id", id);
        ObjectNode root = json.object();
        root.set(comment ? "mentioned_comment" : "mentioned_media", found);
        return ok(root.put("id", node));
    }

    /** The top-level names of a field list ({@code text,media{id,permalink}} gives text and media{id,permalink}). */
    private static java.util.Set<String> fieldSet(String list) {
        java.util.Set<String> fields = new java.util.HashSet<>();
        if (list == null || list.isBlank()) {
            return fields;
        }
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : list.toCharArray()) {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (c == ',' && depth == 0) {
                fields.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString().strip());
        return fields;
    }

    private ApiResponse profile(String id) {
        MetaUser user = inbox.user(id).orElseThrow(() -> unknown(id));
        ObjectNode body = json.object();
        if (user.channel() == Channel.INSTAGRAM) {
            body.put("name", user.name()).put("username", user.username())
                    .put("profile_pic", "https://scontent.cdninstagram.com/v/sandbox/" + id + ".jpg");
        } else {
            String[] names = user.name().split(" ", 2);
            body.put("first_name", names[0]).put("last_name", names.length > 1 ? names[1] : "")
                    .put("name", user.name())
                    .put("profile_pic", "https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=" + id);
        }
        return ok(body.put("id", id));
    }

    /** The request's fields: a JSON body, or form fields whose values may be JSON (as the Graph API accepts). */
    private JsonNode fields(ApiRequest request) {
        String raw = request.bodyText().strip();
        ObjectNode fields = json.object();
        try {
            if (raw.startsWith("{")) {
                JsonNode parsed = json.mapper().readTree(raw);
                parsed.fields().forEachRemaining(f -> fields.set(f.getKey(), f.getValue()));
            } else if (!raw.isEmpty()) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    fields.set(key, value.startsWith("{") ? json.mapper().readTree(value) : json.mapper().valueToTree(value));
                }
            }
        } catch (IOException e) {
            throw new GraphError("(#100) Invalid JSON in the request", 100, null);
        }
        for (String name : new String[] {"recipient", "message", "messaging_type", "tag"}) {
            request.param(name).filter(v -> !fields.has(name)).ifPresent(v -> fields.set(name, parse(v)));
        }
        return fields;
    }

    private JsonNode parse(String value) {
        try {
            return value.startsWith("{") ? json.mapper().readTree(value) : json.mapper().valueToTree(value);
        } catch (IOException e) {
            throw new GraphError("(#100) Invalid JSON for a parameter", 100, null);
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText()).filter(s -> !s.isEmpty());
    }

    private ApiResponse windowError(Channel channel) {
        return channel == Channel.INSTAGRAM
                ? error(403, WINDOW_MESSAGE, "OAuthException", 10, 2534022)
                : error(400, WINDOW_MESSAGE, "OAuthException", 10, 2018278);
    }

    private ApiResponse unknownObject(String id) {
        GraphError e = unknown(id);
        return error(400, e.getMessage(), "GraphMethodException", e.code, e.subcode);
    }

    private static GraphError unknown(String id) {
        return new GraphError("Unsupported post request. Object with ID '" + id + "' does not exist, cannot be loaded "
                + "due to missing permissions, or does not support this operation. Please read the Graph API "
                + "documentation at https://developers.facebook.com/docs/graph-api", 100, 33);
    }

    private ApiResponse ok(ObjectNode body) {
        return ApiResponse.json(200, json.xBytes(body));
    }

    private ApiResponse error(int status, String message, String type, int code, Integer subcode) {
        return ApiResponse.json(status, json.xBytes(errorBody(message, type, code, subcode)));
    }

    private ObjectNode errorBody(String message, String type, int code, Integer subcode) {
        ObjectNode root = json.object();
        ObjectNode error = root.putObject("error").put("message", message).put("type", type).put("code", code);
        if (subcode != null) {
            error.put("error_subcode", subcode);
        }
        error.put("fbtrace_id", fbtraceId());
        return root;
    }

    private static String fbtraceId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
        StringBuilder id = new StringBuilder("A");
        for (int i = 0; i < 22; i++) {
            id.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return id.toString();
    }

    /** A Graph API OAuthException, raised where the rule is checked. */
    private static final class GraphError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;
        private final Integer subcode;

        GraphError(String message, int code, Integer subcode) {
            super(message, null, false, false);
            this.code = code;
            this.subcode = subcode;
        }
    }
}
