package dev.parley.social.sandbox.internal.meta;

import java.time.Instant;

/**
 * A comment under a page post.
 *
 * @param parentId the post for a top-level comment, else the comment it answers
 */
public record PageComment(String id, String postId, String parentId, String fromId, String fromName, String message,
        Instant createdAt) {
}
