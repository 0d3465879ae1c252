package dev.parley.social.meta.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.LookedUpMessage;
import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.kit.Json;

/**
 * Who wrote a Page comment whose webhook left out {@code from} (Meta omits it for some commenters):
 * the Graph API's comment node, {@code GET /{comment-id}?fields=from,permalink_url,created_time} with
 * the Page's token. Meta may leave {@code from} out there too; the comment then keeps its own
 * anonymous author. The text is not asked for: the webhook carried it, and edits come as webhooks
 * that keep the message's history.
 */
final class MetaCommentAuthors {

    /** InboundMessage property the parser sets on a Page comment without {@code from}. */
    static final String COMMENT_ID = "feed.commentId";
    static final String FIELDS = "from,permalink_url,created_time";

    private final PlatformHttp http;

    MetaCommentAuthors(PlatformHttp http) {
        this.http = http;
    }

    static boolean handles(Map<String, String> properties) {
        return properties.containsKey(COMMENT_ID);
    }

    Optional<LookedUpMessage> lookup(SocialAccount account, Map<String, String> properties) throws IOException {
        String commentId = properties.get(COMMENT_ID);
        String url = account.apiBaseUrl(MetaPlatform.DEFAULT_API) + "/" + MetaGraph.encode(commentId) + "?fields="
                + MetaGraph.encode(FIELDS);
        PlatformHttp.Reply reply = http.get(url, Map.of("Authorization", "Bearer " + account.accessToken().orElse("")));
        if (!reply.ok()) {
            throw new IOException("Meta answered " + reply.status() + " to the comment lookup" + MetaGraph.error(reply));
        }
        JsonNode comment;
        try {
            comment = Json.object(reply.body(), "Meta comment");
        } catch (MalformedEventException e) {
            throw new IOException(e.getMessage(), e);
        }
        JsonNode from = comment.path("from");
        return Optional.of(new LookedUpMessage("", Optional.empty(),
                Json.text(from, "name"), Json.text(comment, "permalink_url"),
                Json.text(comment, "created_time").flatMap(MetaMentions::time), Json.text(from, "id")));
    }
}
