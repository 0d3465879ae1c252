package dev.parley.sla.internal.calendar;

import java.time.LocalTime;
import java.util.Objects;

/** One opening span of a day in local time; {@code closes} of midnight means the end of the day. */
public record OpeningSpan(LocalTime opens, LocalTime closes) {

    static final OpeningSpan WHOLE_DAY = new OpeningSpan(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    public OpeningSpan {
        Objects.requireNonNull(opens, "opens");
        Objects.requireNonNull(closes, "closes");
        if (!closes.equals(LocalTime.MIDNIGHT) && !closes.isAfter(opens)) {
            throw new IllegalArgumentException("a span must close after it opens: " + opens + "-" + closes);
        }
    }

    boolean closesAtMidnight() {
        return closes.equals(LocalTime.MIDNIGHT);
    }
}
