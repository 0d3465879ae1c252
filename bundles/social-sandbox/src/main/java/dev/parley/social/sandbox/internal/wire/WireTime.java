package dev.parley.social.sandbox.internal.wire;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Timestamps in the platforms' formats. */
public final class WireTime {

    private static final DateTimeFormatter V11 = DateTimeFormatter
            .ofPattern("EEE MMM dd HH:mm:ss xx yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter V2 = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GRAPH = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ssxx", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private WireTime() {
    }

    /** X API v1.1 (webhooks): {@code Wed Oct 10 20:19:24 +0000 2018}. */
    public static String xV11(Instant time) {
        return V11.format(time);
    }

    /** X API v2: {@code 2022-10-19T20:58:00.000Z}. */
    public static String xV2(Instant time) {
        return V2.format(time);
    }

    /** Graph API object times: {@code 2024-05-01T10:00:00+0000}. */
    public static String graph(Instant time) {
        return GRAPH.format(time);
    }
}
