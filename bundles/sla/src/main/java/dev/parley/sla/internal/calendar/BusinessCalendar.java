package dev.parley.sla.internal.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When SLA clocks run: weekly opening hours in a time zone, minus holidays. Arithmetic is done on
 * instants of each day's opening spans, so a DST change shortens or lengthens only the spans it
 * actually falls into (a 24/7 calendar in Europe/Berlin has a 23-hour 2026-03-29).
 */
public final class BusinessCalendar {

    /** The id of the built-in calendar that is always open. */
    public static final String ALWAYS_ID = "24x7";
    public static final BusinessCalendar ALWAYS = new BusinessCalendar(ALWAYS_ID, ZoneOffset.UTC, null, Set.of());

    /** Searching further than this for opening hours means the calendar has none. */
    private static final int MAX_DAYS = 3 * 366;

    private final String id;
    private final ZoneId zone;
    private final Map<DayOfWeek, List<OpeningSpan>> week;
    private final Set<LocalDate> holidays;

    /** {@code week} null means open around the clock, every day, holidays aside. */
    public BusinessCalendar(String id, ZoneId zone, Map<DayOfWeek, List<OpeningSpan>> week, Set<LocalDate> holidays) {
        this.id = Objects.requireNonNull(id, "id");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.week = week == null ? null : new EnumMap<>(week);
        this.holidays = Set.copyOf(holidays);
        if (week != null && week.values().stream().allMatch(List::isEmpty)) {
            throw new IllegalArgumentException("calendar '" + id + "' has no opening hours");
        }
    }

    public String id() {
        return id;
    }

    public ZoneId zone() {
        return zone;
    }

    private boolean alwaysOpen() {
        return week == null && holidays.isEmpty();
    }

    /** The instant at which {@code amount} of business time has passed since {@code start}. */
    public Instant plus(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
        if (alwaysOpen() || amount.isZero()) {
            return start.plus(amount);
        }
        long left = amount.toMillis();
        LocalDate day = LocalDate.ofInstant(start, zone);
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            for (Interval open : openIntervals(day)) {
                long from = Math.max(open.from, start.toEpochMilli());
                if (from >= open.to) {
                    continue;
                }
                long length = open.to - from;
                if (left <= length) {
                    return Instant.ofEpochMilli(from + left);
                }
                left -= length;
            }
        }
        throw new IllegalStateException("calendar '" + id + "' has no opening hours within " + MAX_DAYS + " days");
    }

    /** Business time between two instants; zero when {@code to} is not after {@code from}. */
    public Duration between(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (alwaysOpen()) {
            return Duration.between(from, to);
        }
        long total = 0;
        long a = from.toEpochMilli();
        long b = to.toEpochMilli();
        LocalDate last = LocalDate.ofInstant(to, zone);
        for (LocalDate day = LocalDate.ofInstant(from, zone); !day.isAfter(last); day = day.plusDays(1)) {
            for (Interval open : openIntervals(day)) {
                long lo = Math.max(open.from, a);
                long hi = Math.min(open.to, b);
                if (hi > lo) {
                    total += hi - lo;
                }
            }
        }
        return Duration.ofMillis(total);
    }

    /** Whether the calendar is open at {@code instant}. */
    public boolean isOpen(Instant instant) {
        long t = instant.toEpochMilli();
        return openIntervals(LocalDate.ofInstant(instant, zone)).stream().anyMatch(i -> i.from <= t && t < i.to);
    }

    private List<Interval> openIntervals(LocalDate day) {
        if (holidays.contains(day)) {
            return List.of();
        }
        List<OpeningSpan> spans = week == null ? List.of(OpeningSpan.WHOLE_DAY) : week.getOrDefault(day.getDayOfWeek(), List.of());
        return spans.stream().map(s -> new Interval(startOf(day, s.opens()), s.closesAtMidnight()
                ? day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli()
                : startOf(day, s.closes()))).toList();
    }

    private long startOf(LocalDate day, LocalTime time) {
        // atZone moves a local time that falls into a DST gap forward by the gap's length
        return day.atTime(time).atZone(zone).toInstant().toEpochMilli();
    }

    @Override
    public String toString() {
        return id + " (" + zone + ")";
    }

    private record Interval(long from, long to) {
    }
}
