package dev.parley.sla.internal.clock;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bundle-wide settings the calculator applies: when a running target turns WARNING, and the
 * platforms' reply windows for private conversations, shortened by a margin so that agents are
 * warned while a reply is still allowed.
 */
public record SlaRules(int warningPercent, Map<String, Duration> platformWindows, Duration windowMargin) {

    public static final SlaRules DEFAULTS = new SlaRules(75,
            Map.of("messenger", Duration.ofHours(24), "instagram", Duration.ofHours(24), "whatsapp",
                    Duration.ofHours(24)),
            Duration.ofHours(1));

    public SlaRules {
        if (warningPercent < 1 || warningPercent > 99) {
            throw new IllegalArgumentException("warning percent must be between 1 and 99: " + warningPercent);
        }
        platformWindows = Map.copyOf(platformWindows);
        if (windowMargin.isNegative()) {
            throw new IllegalArgumentException("window margin must not be negative");
        }
    }

    /** The reply window of {@code channel}, if its private conversations have one. */
    public Optional<Duration> window(String channel) {
        return Optional.ofNullable(platformWindows.get(channel.toLowerCase(Locale.ROOT)));
    }

    /** Parses {@code channel=minutes} entries. */
    public static Map<String, Duration> parseWindows(String[] entries) {
        java.util.HashMap<String, Duration> windows = new java.util.HashMap<>();
        for (String entry : entries) {
            String[] kv = entry.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("platform window '" + entry + "' must look like messenger=1440");
            }
            windows.put(kv[0].trim().toLowerCase(Locale.ROOT), Duration.ofMinutes(Long.parseLong(kv[1].trim())));
        }
        return windows;
    }
}
