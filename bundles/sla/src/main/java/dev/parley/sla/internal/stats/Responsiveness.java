package dev.parley.sla.internal.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.parley.helpdesk.api.Visibility;
import dev.parley.sla.internal.clock.TicketClocks;

/**
 * Responsiveness figures per channel and group, the way platforms judge a page: first-reply times
 * in wall-clock minutes (platforms ignore business hours) over the last 7 and 30 days, public posts
 * and private messages apart. The badge text follows the 7-day median of private conversations
 * (public ones when there are none), as Facebook's "typically replies within …" does.
 */
public final class Responsiveness {

    /** Channels whose page shows Facebook's "very responsive" badge. */
    static final Set<String> FACEBOOK_BADGE_CHANNELS = Set.of("messenger", "facebook");
    static final int BADGE_RATE_PERCENT = 90;
    static final double BADGE_MINUTES = 15;

    private Responsiveness() {
    }

    /** Figures for one slice: {@code null} times when nothing was answered. */
    public record Figures(int tickets, int replied, double responseRatePercent, Double medianMinutes,
            Double p90Minutes, Double p95Minutes, double withinTargetPercent) {
    }

    /** One channel (and group, when tickets have one): periods "7d"/"30d" → visibility → figures. */
    public record ChannelFigures(String channel, String group, Map<String, Map<String, Figures>> periods,
            String badge, List<String> warnings) {
    }

    public static List<ChannelFigures> compute(List<TicketClocks> tickets, Instant now) {
        Map<List<String>, List<TicketClocks>> slices = new TreeMap<>(
                Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> Objects.toString(k.get(1), "")));
        for (TicketClocks t : tickets) {
            List<String> key = new ArrayList<>();
            key.add(t.channel());
            key.add(t.group().orElse(null));
            slices.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
        }
        List<ChannelFigures> result = new ArrayList<>();
        slices.forEach((key, slice) -> result.add(channel(key.get(0), key.get(1), slice, now)));
        return result;
    }

    private static ChannelFigures channel(String channel, String group, List<TicketClocks> slice, Instant now) {
        Map<String, Map<String, Figures>> periods = new LinkedHashMap<>();
        for (int days : new int[] {7, 30}) {
            Instant since = now.minus(Duration.ofDays(days));
            Map<String, Figures> byVisibility = new LinkedHashMap<>();
            for (Visibility v : new Visibility[] {Visibility.PUBLIC, Visibility.PRIVATE}) {
                byVisibility.put(v.name().toLowerCase(java.util.Locale.ROOT), figures(slice.stream()
                        .filter(t -> t.visibility() == v && !t.createdAt().isBefore(since)).toList()));
            }
            periods.put(days + "d", byVisibility);
        }
        Figures week = periods.get("7d").get("private").tickets() > 0 ? periods.get("7d").get("private")
                : periods.get("7d").get("public");
        List<String> warnings = new ArrayList<>();
        if (FACEBOOK_BADGE_CHANNELS.contains(channel) && week.tickets() > 0) {
            if (week.responseRatePercent() < BADGE_RATE_PERCENT) {
                warnings.add(String.format(java.util.Locale.ROOT,
                        "Facebook 'very responsive' badge at risk: response rate %.1f%% over 7 days (needs at least 90%%)",
                        week.responseRatePercent()));
            }
            if (week.medianMinutes() == null || week.medianMinutes() > BADGE_MINUTES) {
                warnings.add(String.format(java.util.Locale.ROOT,
                        "Facebook 'very responsive' badge at risk: typical response time %s over 7 days (needs 15 minutes or less)",
                        week.medianMinutes() == null ? "unknown" : String.format(java.util.Locale.ROOT, "%.0f min",
                                week.medianMinutes())));
            }
        }
        return new ChannelFigures(channel, group, periods, badge(week.medianMinutes()), warnings);
    }

    static Figures figures(List<TicketClocks> tickets) {
        List<Double> minutes = tickets.stream().filter(t -> t.firstReplyAt().isPresent())
                .map(t -> Duration.between(t.createdAt(), t.firstReplyAt().get()).toMillis() / 60_000.0).sorted()
                .collect(Collectors.toList());
        long within = tickets.stream().filter(t -> t.firstReplyElapsed().isPresent() && t.firstReplyTarget().isPresent()
                && t.firstReplyElapsed().get().compareTo(t.firstReplyTarget().get()) <= 0).count();
        int replied = minutes.size();
        return new Figures(tickets.size(), replied, tickets.isEmpty() ? 0 : round(100.0 * replied / tickets.size()),
                percentile(minutes, 50), percentile(minutes, 90), percentile(minutes, 95),
                replied == 0 ? 0 : round(100.0 * within / replied));
    }

    /** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
    static Double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return round(sorted.get(Math.max(rank, 1) - 1));
    }

    /** The text a customer would see on the page, or null when replies typically take longer than a day. */
    static String badge(Double medianMinutes) {
        if (medianMinutes == null) {
            return null;
        }
        if (medianMinutes <= 15) {
            return "typically replies within 15 minutes";
        }
        if (medianMinutes <= 60) {
            return "typically replies within an hour";
        }
        if (medianMinutes <= 240) {
            return "typically replies within a few hours";
        }
        return medianMinutes <= 1440 ? "typically replies within a day" : null;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
