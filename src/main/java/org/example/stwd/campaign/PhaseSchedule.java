package org.example.stwd.campaign;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;

/**
 * The moments one unit deadline drives, evaluated in the society's time zone.
 *
 * <p>A deadline date D means "by the end of D": the task is due at D 23:59:59 local; the reminder
 * goes out {@code leadDays} before D at the reminder hour; overdue notices go out daily at the
 * reminder hour from D+1 for {@code graceDays} days; the cut-off is the end of D+graceDays, after
 * which a unit that has not submitted is recorded as missed.
 */
public record PhaseSchedule(
    LocalDate deadline,
    Date dueAt,
    Date reminderAt,
    String overdueCycle,
    Date cutoffAt,
    Date collectionEndsAt) {

  public static PhaseSchedule of(
      LocalDate deadline, int leadDays, int graceDays, ZoneId zone, int reminderHour) {
    LocalTime reminderTime = LocalTime.of(reminderHour, 0);
    ZonedDateTime due = deadline.atTime(23, 59, 59).atZone(zone);
    ZonedDateTime reminder = deadline.minusDays(leadDays).atTime(reminderTime).atZone(zone);
    ZonedDateTime firstOverdue = deadline.plusDays(1).atTime(reminderTime).atZone(zone);
    ZonedDateTime cutoff = deadline.plusDays(graceDays + 1L).atStartOfDay(zone);
    String cycle =
        "R"
            + graceDays
            + "/"
            + firstOverdue.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            + "/P1D";
    // the campaign stops waiting shortly after the units' cut-off timers have fired
    ZonedDateTime collectionEnds = cutoff.plusHours(1);
    return new PhaseSchedule(
        deadline,
        Date.from(due.toInstant()),
        Date.from(reminder.toInstant()),
        cycle,
        Date.from(cutoff.toInstant()),
        Date.from(collectionEnds.toInstant()));
  }

  /**
   * An unbounded daily cycle half an hour after the reminder hour (so it reports that day's
   * reminders), anchored on a day: a timer created later fires at the next such moment.
   */
  public static String dailyAfterReminders(LocalDate day, ZoneId zone, int reminderHour) {
    return "R/"
        + day.atTime(LocalTime.of(reminderHour, 30))
            .atZone(zone)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
        + "/P1D";
  }
}
