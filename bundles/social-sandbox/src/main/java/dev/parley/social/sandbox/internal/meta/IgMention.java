package dev.parley.social.sandbox.internal.meta;

import java.time.Instant;
import java.util.Optional;

/**
 * An Instagram user's @mention of the account: in a comment ({@code commentId} set) on someone's
 * media, or in the caption of their media; what the Graph API's mentioned_comment / mentioned_media
 * answer about it.
 */
record IgMention(String mediaId, Optional<String> commentId, String username, String text, Instant at) {

    String permalink() {
        return "https://www.instagram.com/p/sandbox" + mediaId + "/";
    }
}
