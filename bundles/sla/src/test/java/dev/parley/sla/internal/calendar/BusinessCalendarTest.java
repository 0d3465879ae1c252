package dev.parley.sla.internal.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final BusinessCalendar office = CalendarSpec.parse("office", "Europe/Berlin",
            new String[] {"MON-FRI 09:00-17:00"}, new String[] {"2026-04-03"});

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    @Test
    void minutesWithinOneDayAddStraight() {
        assertThat(office.plus(berlin("2026-03-02T10:00"), Duration.ofMinutes(90))).isEqualTo(berlin("2026-03-02T11:30"));
    }

    @Test
    void aStartBeforeOpeningCountsFromOpening() {
        assertThat(office.plus(berlin("2026-03-02T06:00"), Duration.ofMinutes(30))).isEqualTo(berlin("2026-03-02T09:30"));
    }

    @Test
    void timeCarriesOverTheWeekend() {
        // Friday 16:30 + 60 business minutes: 30 on Friday, 30 on Monday
        Instant friday = berlin("2026-03-06T16:30");
        Instant due = office.plus(friday, Duration.ofMinutes(60));
        assertThat(due).isEqualTo(berlin("2026-03-09T09:30"));
        assertThat(office.between(friday, due)).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void aStartOnSaturdayBeginsOnMonday() {
        assertThat(office.plus(berlin("2026-03-07T12:00"), Duration.ofMinutes(1))).isEqualTo(berlin("2026-03-09T09:01"));
        assertThat(office.between(berlin("2026-03-07T00:00"), berlin("2026-03-09T00:00"))).isZero();
    }

    @Test
    void holidaysAreSkipped() {
        // Thursday 2026-04-02 16:00 + 2 h: 1 h Thursday, Good Friday is a holiday, weekend, 1 h Monday
        Instant due = office.plus(berlin("2026-04-02T16:00"), Duration.ofHours(2));
        assertThat(due).isEqualTo(berlin("2026-04-06T10:00"));
        assertThat(office.between(berlin("2026-04-02T16:00"), due)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void businessDaysCountEightHoursAcrossTheSpringDstChange() {
        // 2026-03-29 is a Sunday: clocks jump 02:00 -> 03:00; a week of office hours is still 40 h
        assertThat(office.between(berlin("2026-03-23T00:00"), berlin("2026-04-03T00:00")))
                .isEqualTo(Duration.ofHours(72));
        assertThat(office.plus(berlin("2026-03-27T16:00"), Duration.ofHours(2))).isEqualTo(berlin("2026-03-30T10:00"));
    }

    @Test
    void aroundTheClockCalendarsSeeTheShortAndTheLongDstDay() {
        BusinessCalendar always = CalendarSpec.parse("berlin-24x7", "Europe/Berlin", new String[] {"MON-SUN 00:00-24:00"},
                new String[0]);
        assertThat(always.between(berlin("2026-03-29T00:00"), berlin("2026-03-30T00:00"))).isEqualTo(Duration.ofHours(23));
        assertThat(always.between(berlin("2026-10-25T00:00"), berlin("2026-10-26T00:00"))).isEqualTo(Duration.ofHours(25));
        // local 01:30 + 1 h of real time on the spring-forward night is local 03:30
        assertThat(always.plus(berlin("2026-03-29T01:30"), Duration.ofHours(1))).isEqualTo(berlin("2026-03-29T03:30"));
        // the autumn night repeats 02:00-03:00: 24 h after midnight is 23:00 local
        assertThat(always.plus(berlin("2026-10-25T00:00"), Duration.ofHours(24))).isEqualTo(berlin("2026-10-25T23:00"));
    }

    @Test
    void hoursThatOverlapTheDstGapStartWhenTheGapEnds() {
        BusinessCalendar night = CalendarSpec.parse("night", "Europe/Berlin", new String[] {"SUN 02:00-06:00"}, new String[0]);
        // on 2026-03-29 local 02:00-03:00 does not exist: the span is 03:00-06:00, 3 h
        assertThat(night.between(berlin("2026-03-29T00:00"), berlin("2026-03-30T00:00"))).isEqualTo(Duration.ofHours(3));
        // on 2026-10-25 02:00-03:00 happens twice: the span is 5 h long
        assertThat(night.between(berlin("2026-10-25T00:00"), berlin("2026-10-26T00:00"))).isEqualTo(Duration.ofHours(5));
    }

    @Test
    void plusAndBetweenAreInversesOverManyStarts() {
        Instant start = berlin("2026-03-20T00:00");
        for (int i = 0; i < 24 * 20; i += 5) {
            Instant from = start.plus(Duration.ofMinutes(37L * i));
            for (long minutes : new long[] {1, 59, 480, 481, 2400, 10_000}) {
                Instant due = office.plus(from, Duration.ofMinutes(minutes));
                assertThat(office.between(from, due)).as("from %s + %d", from, minutes).isEqualTo(Duration.ofMinutes(minutes));
                assertThat(office.isOpen(due.minusMillis(1))).isTrue();
            }
        }
    }

    @Test
    void splitDaysAndBadInputAreHandled() {
        BusinessCalendar split = CalendarSpec.parse("split", "UTC", new String[] {"MON 09:00-12:00, 13:00-17:00"},
                new String[0]);
        assertThat(split.between(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z")))
                .isEqualTo(Duration.ofHours(7));
        assertThat(split.plus(Instant.parse("2026-03-02T11:30:00Z"), Duration.ofMinutes(60)))
                .isEqualTo(Instant.parse("2026-03-02T13:30:00Z"));
        assertThatThrownBy(() -> CalendarSpec.parse("x", "Mars/Olympus", new String[0], new String[0]))
                .hasMessageContaining("unknown time zone");
        assertThatThrownBy(() -> CalendarSpec.parse("x", "UTC", new String[] {"XYZ 09:00-17:00"}, new String[0]))
                .hasMessageContaining("unknown day");
        assertThatThrownBy(() -> CalendarSpec.parse("x", "UTC", new String[] {"MON 17:00-09:00"}, new String[0]))
                .hasMessageContaining("close after");
    }
}
