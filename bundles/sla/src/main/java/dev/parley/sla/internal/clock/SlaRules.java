package dev.parley.sla.internal.clock;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bundle-wide settings the calculator applies: when a running target turns WARNING, and the
 * platforms' reply windows for private conversations, shortened by a margin so that agents are
 * warned while a reply is still allowed. {@code humanAgentWindows} are the longer windows a human
 * agent may still answer in once the standard one closed (Meta's human-agent tag: 7 days on
 * Messenger and Instagram; WhatsApp has none).
 */
public record SlaRules(int warningPercent, Map<String, Duration> platformWindows, Duration windowMargin,
        Map<String, Duration> humanAgentWindows) {

    public static final Map<String, Duration> STANDARD_WINDOWS = Map.of("messenger", Duration.ofHours(24),
            "instagram", Duration.ofHours(24), "whatsapp", Duration.ofHours(24));
    public static final Map<String, Duration> HUMAN_AGENT_WINDOWS = Map.of("messenger", Duration.ofDays(7),
            "instagram", Duration.ofDays(7));
    public static final SlaRules DEFAULTS = new SlaRules(75, STANDARD_WINDOWS, Duration.ofHours(1),
            HUMAN_AGENT_WINDOWS);

    public SlaRules {
        if (warningPercent < 1 || warningPercent > 99) {
            throw new IllegalArgumentException("warning percent must be between 1 and 99: " + warningPercent);
        }
        platformWindows = Map.copyOf(platformWindows);
        humanAgentWindows = Map.copyOf(humanAgentWindows);
        if (windowMargin.isNegative()) {
            throw new IllegalArgumentException("window margin must not be negative");
        }
    }

    /** The standard reply window of {@code channel}, if its private conversations have one. */
    public Optional<Duration> window(String channel) {
        return Optional.ofNullable(platformWindows.get(channel.toLowerCase(Locale.ROOT)));
    }

    /** The human-agent window of {@code channel}, if human agents may answer after the standard one closed. */
    public Optional<Duration> humanAgentWindow(String channel) {
        return Optional.ofNullable(humanAgentWindows.get(channel.toLowerCase(Locale.ROOT)));
    }

    /** Parses {@code channel=minutes} entries. */
    public static Map<String, Duration> parseWindows(String[] entries) {
        Map<String, Duration> windows = new HashMap<>();
        // a .cfg file gives one string: "messenger=1440, instagram=1440" counts as two
        for (String entry : Arrays.stream(entries).flatMap(e -> Arrays.stream(e.split(","))).map(String::strip)
                .filter(e -> !e.isEmpty()).toList()) {
            String[] kv = entry.split("=", 2);
            long minutes;
            try {
                minutes = kv.length == 2 ? Long.parseLong(kv[1].trim()) : -1;
            } catch (NumberFormatException e) {
                minutes = -1;
            }
            if (minutes <= 0) {
                throw new IllegalArgumentException("platform window '" + entry
                        + "' must look like messenger=1440 (channel=minutes, minutes > 0)");
            }
            windows.put(kv[0].trim().toLowerCase(Locale.ROOT), Duration.ofMinutes(minutes));
        }
        return windows;
    }
}
