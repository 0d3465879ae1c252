package dev.parley.sla.internal.calendar;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a calendar from its configuration text: weekly hours such as {@code MON-FRI 09:00-17:00}
 * or {@code SAT 10:00-14:00} (several spans per line separated by commas, {@code 24:00} for
 * midnight), holidays as ISO dates.
 */
public final class CalendarSpec {

    private CalendarSpec() {
    }

    public static BusinessCalendar parse(String id, String zone, String[] hours, String[] holidays) {
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("calendar '" + id + "': unknown time zone '" + zone + "'", e);
        }
        Map<DayOfWeek, List<OpeningSpan>> week = null;
        if (hours != null && hours.length > 0) {
            week = new EnumMap<>(DayOfWeek.class);
            for (String line : hours) {
                if (!line.isBlank()) {
                    parseLine(id, line.trim(), week);
                }
            }
        }
        Set<LocalDate> days = new HashSet<>();
        for (String holiday : holidays == null ? new String[0] : holidays) {
            if (!holiday.isBlank()) {
                try {
                    days.add(LocalDate.parse(holiday.trim()));
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException("calendar '" + id + "': holiday '" + holiday
                            + "' is not an ISO date like 2026-12-25", e);
                }
            }
        }
        return new BusinessCalendar(id, zoneId, week, days);
    }

    private static void parseLine(String id, String line, Map<DayOfWeek, List<OpeningSpan>> week) {
        String[] parts = line.split("\\s+", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("calendar '" + id + "': hours '" + line
                    + "' must look like 'MON-FRI 09:00-17:00'");
        }
        List<DayOfWeek> days = days(id, parts[0]);
        for (String span : parts[1].split(",")) {
            String[] times = span.trim().split("-");
            if (times.length != 2) {
                throw new IllegalArgumentException("calendar '" + id + "': span '" + span + "' must look like 09:00-17:00");
            }
            OpeningSpan opening = new OpeningSpan(time(id, times[0]), time(id, times[1]));
            days.forEach(d -> week.computeIfAbsent(d, k -> new ArrayList<>()).add(opening));
        }
        week.values().forEach(spans -> spans.sort((a, b) -> a.opens().compareTo(b.opens())));
    }

    private static List<DayOfWeek> days(String id, String text) {
        String[] range = text.toUpperCase(Locale.ROOT).split("-");
        DayOfWeek first = day(id, range[0]);
        DayOfWeek last = range.length > 1 ? day(id, range[1]) : first;
        List<DayOfWeek> days = new ArrayList<>();
        for (DayOfWeek d = first; ; d = d.plus(1)) {
            days.add(d);
            if (d == last) {
                return days;
            }
        }
    }

    private static DayOfWeek day(String id, String abbreviation) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(abbreviation) && abbreviation.length() >= 2) {
                return d;
            }
        }
        throw new IllegalArgumentException("calendar '" + id + "': unknown day '" + abbreviation + "' (use MON..SUN)");
    }

    private static LocalTime time(String id, String text) {
        String t = text.trim();
        if (t.equals("24:00")) {
            return LocalTime.MIDNIGHT;
        }
        try {
            return LocalTime.parse(t);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("calendar '" + id + "': time '" + t + "' must look like 09:00", e);
        }
    }
}
