package org.example.stwd.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/** The engine's clock (which tests move with ClockUtil), in the society's time zone. */
public final class EngineClock {

  private EngineClock() {}

  public static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }

  public static LocalDate today(ZoneId zone) {
    return now().atZone(zone).toLocalDate();
  }
}
