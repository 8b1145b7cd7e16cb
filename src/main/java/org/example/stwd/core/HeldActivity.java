package org.example.stwd.core;

import java.time.LocalDate;

/** An activity as actually held, from a unit's summary. */
public record HeldActivity(
    int seq,
    String name,
    LocalDate startDate,
    LocalDate endDate,
    int participants,
    String mediaLinks) {}
