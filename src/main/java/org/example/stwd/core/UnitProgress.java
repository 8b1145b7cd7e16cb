package org.example.stwd.core;

import java.time.Instant;

/** Where one unit stands in one phase of a campaign: what urging and the digest look at. */
public record UnitProgress(
    String unitCode,
    String unitName,
    UnitCategory category,
    UnitStatus status,
    String processInstanceId,
    int reminders,
    Instant lastReminderAt,
    Instant submittedAt,
    boolean featured) {}
