package org.example.stwd.core;

/** One row of the per-unit status table (campaign x unit). */
public record CampaignUnit(
    String campaignCode,
    String unitCode,
    String unitName,
    UnitCategory category,
    int batchNo,
    UnitStatus planStatus,
    UnitStatus summaryStatus,
    int planReminders,
    int summaryReminders,
    boolean featured,
    boolean nominated,
    boolean commended) {

  public UnitStatus status(Phase phase) {
    return phase == Phase.PLAN ? planStatus : summaryStatus;
  }

  public int reminders(Phase phase) {
    return phase == Phase.PLAN ? planReminders : summaryReminders;
  }
}
