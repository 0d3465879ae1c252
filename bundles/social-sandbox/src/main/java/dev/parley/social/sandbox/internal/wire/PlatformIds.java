package dev.parley.social.sandbox.internal.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids shaped like the platforms' own, unique and increasing in creation order: X snowflakes
 * (milliseconds since the Twitter epoch, shifted 22 bits), Messenger {@code mid.$…} message ids,
 * and stable per-handle user ids so one fake customer keeps one id across posts.
 */
public final class PlatformIds {

    static final long TWITTER_EPOCH_MILLIS = 1288834974657L;
    private static final long WORKER_BITS = 1L << 12;

    private final Clock clock;
    private final AtomicLong lastSnowflake = new AtomicLong();
    private final AtomicLong lastMetaSequence = new AtomicLong();

    public PlatformIds(Clock clock) {
        this.clock = clock;
    }

    /** An X id (tweet, DM event) as its decimal string; never equal to or below an earlier one. */
    public String snowflake() {
        long candidate = (clock.millis() - TWITTER_EPOCH_MILLIS) << 22 | WORKER_BITS;
        return Long.toString(lastSnowflake.updateAndGet(previous -> Math.max(previous + 1, candidate)));
    }

    /** A Messenger or Instagram message id such as {@code mid.$cAAJ0000018c2f1a3b2c0001}. */
    public String messageId() {
        return "mid.$cAAJ" + HexFormat.of().toHexDigits(metaSequence());
    }

    /** A numeric Graph object id (comments, posts), increasing. */
    public String graphObjectId() {
        return Long.toString(metaSequence() % 1_000_000_000_000_000L + 100_000_000_000_000L);
    }

    private long metaSequence() {
        long candidate = clock.millis() << 12;
        return lastMetaSequence.updateAndGet(previous -> Math.max(previous + 1, candidate));
    }

    /**
     * A stable numeric id for a fake customer's handle, with a prefix digit per id space (X user
     * ids, page-scoped ids, Instagram-scoped ids) so the spaces never collide.
     */
    public static String stableUserId(char prefix, String handle) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(handle.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | (digest[i] & 0xff);
            }
            return prefix + String.format("%015d", Math.floorMod(value, 1_000_000_000_000_000L));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
