package org.example.stwd.core;

import java.time.LocalDate;

/** One activity of a unit's plan (a row of 附件二 活动开展方案统计表). */
public record PlannedActivity(
    Long id,
    String unitCode,
    String unitName,
    int seq,
    String name,
    String category,
    LocalDate startDate,
    LocalDate endDate,
    String place,
    ActivityMode mode,
    String audience,
    int expectedParticipants,
    String description,
    String publicityChannels,
    boolean keyPublicityRequested,
    boolean featured) {

  /** Where an activity takes place. */
  public enum ActivityMode {
    OFFLINE("线下"),
    ONLINE("线上"),
    HYBRID("线上线下结合");

    private final String label;

    ActivityMode(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
