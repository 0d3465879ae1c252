package dev.parley.social.meta.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.LookedUpMessage;
import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.kit.Json;

/**
 * What an Instagram {@code mentions} webhook leaves out, from the Graph API as Meta documents it:
 * the mentioned business account's field expansions {@code GET /{ig-user-id}?fields=
 * mentioned_comment.comment_id({comment-id}){text,username,timestamp,media{id,permalink}}} for a
 * mention in a comment and {@code mentioned_media.media_id({media-id}){caption,username,timestamp,
 * permalink,media_type,media_url}} for one in a caption, with the account's token. (The comment and
 * media themselves cannot be read directly: they belong to someone else.)
 */
final class MetaMentions {

    /** InboundMessage properties the parser sets on a mention. */
    static final String IG_USER_ID = "mention.igUserId";
    static final String MEDIA_ID = "mention.mediaId";
    static final String COMMENT_ID = "mention.commentId";
    static final String COMMENT_FIELDS = "{text,username,timestamp,media{id,permalink}}";
    static final String MEDIA_FIELDS = "{caption,username,timestamp,permalink,media_type,media_url}";
    /** Graph timestamps: {@code 2017-05-03T16:09:08+0000}. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

    private final PlatformHttp http;

    MetaMentions(PlatformHttp http) {
        this.http = http;
    }

    Optional<LookedUpMessage> lookup(SocialAccount account, Map<String, String> properties) throws IOException {
        Optional<String> igUser = Optional.ofNullable(properties.get(IG_USER_ID));
        Optional<String> comment = Optional.ofNullable(properties.get(COMMENT_ID));
        Optional<String> media = Optional.ofNullable(properties.get(MEDIA_ID));
        if (igUser.isEmpty() || (comment.isEmpty() && media.isEmpty())) {
            return Optional.empty(); // not a mention this parser recorded
        }
        String field = comment.isPresent() ? "mentioned_comment" : "mentioned_media";
        String fields = comment.isPresent() ? "mentioned_comment.comment_id(" + comment.get() + ")" + COMMENT_FIELDS
                : "mentioned_media.media_id(" + media.get() + ")" + MEDIA_FIELDS;
        String url = account.apiBaseUrl(MetaPlatform.DEFAULT_API) + "/" + MetaGraph.encode(igUser.get()) + "?fields="
                + MetaGraph.encode(fields);
        PlatformHttp.Reply reply = http.get(url, Map.of("Authorization", "Bearer " + account.accessToken().orElse("")));
        if (!reply.ok()) {
            throw new IOException("Meta answered " + reply.status() + " to the " + field + " lookup" + MetaGraph.error(reply));
        }
        JsonNode found;
        try {
            found = Json.object(reply.body(), "Meta " + field).path(field);
        } catch (MalformedEventException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!found.isObject()) {
            throw new IOException("Meta's answer has no " + field);
        }
        String text = Json.text(found, comment.isPresent() ? "text" : "caption").orElse("");
        Optional<String> permalink = comment.isPresent() ? Json.text(found.path("media"), "permalink")
                : Json.text(found, "permalink");
        Optional<String> username = Json.text(found, "username");
        return Optional.of(new LookedUpMessage(text, username, Optional.empty(), permalink,
                Json.text(found, "timestamp").flatMap(MetaMentions::time)));
    }

    static Optional<Instant> time(String value) {
        try {
            return Optional.of(OffsetDateTime.parse(value, TIMESTAMP).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
