package org.example.stwd.core;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.example.stwd.engine.EngineAccess;

/**
 * The two rounds of per-unit reporting. Both run the same way (own process instance per unit,
 * reminder, overdue notices, cut-off, HQ review); this names what differs between them.
 */
public enum Phase {
  PLAN("unit-plan", "plan", "PlansSettled", "活动方案"),
  SUMMARY("unit-summary", "summary", "SummariesSettled", "活动总结");

  private final String processKey;
  private final String prefix;
  private final String settledMessage;
  private final String label;

  Phase(String processKey, String prefix, String settledMessage, String label) {
    this.processKey = processKey;
    this.prefix = prefix;
    this.settledMessage = settledMessage;
    this.label = label;
  }

  public String processKey() {
    return processKey;
  }

  /** Column and variable prefix: plan_status / planDueAt, summary_status / summaryDueAt. */
  public String prefix() {
    return prefix;
  }

  public String settledMessage() {
    return settledMessage;
  }

  public String label() {
    return label;
  }

  /**
   * The id of HQ's review task in the phase's unit process (Task_ReviewPlan, Task_ReviewSummary).
   */
  public String reviewTaskKey() {
    return this == PLAN ? "Task_ReviewPlan" : "Task_ReviewSummary";
  }

  /**
   * The campaign's open reviews of this phase (HQ's review queue, the digest's overdue reviews, the
   * same set as Tasklist's 待审核 filters).
   */
  public org.camunda.bpm.engine.task.TaskQuery openReviews(
      org.camunda.bpm.engine.TaskService tasks, String campaignCode) {
    return tasks
        .createTaskQuery()
        .processDefinitionKey(processKey)
        .taskDefinitionKey(reviewTaskKey())
        .processInstanceBusinessKeyLike(campaignCode + ":%");
  }

  /** The id of the unit's submit task (Task_SubmitPlan, Task_SubmitSummary). */
  public String submitTaskKey() {
    return this == PLAN ? "Task_SubmitPlan" : "Task_SubmitSummary";
  }

  public String variable(String suffix) {
    return prefix + suffix;
  }

  /**
   * The campaign's schedule of a phase, as process variables: the forwarding approval writes them
   * (planDeadline, planDueAt, …), the unit processes' task and timers read them.
   */
  public enum Schedule {
    DEADLINE("Deadline"),
    DUE_AT("DueAt"),
    REMINDER_AT("ReminderAt"),
    OVERDUE_CYCLE("OverdueCycle"),
    CUTOFF_AT("CutoffAt"),
    COLLECTION_ENDS_AT("CollectionEndsAt");

    /** What a unit process's submit task and its timers need. */
    public static final List<Schedule> UNIT_TIMERS =
        List.of(DUE_AT, REMINDER_AT, OVERDUE_CYCLE, CUTOFF_AT);

    private final String suffix;

    Schedule(String suffix) {
      this.suffix = suffix;
    }
  }

  /** The name of the phase's schedule variable: planDueAt, summaryCutoffAt, … */
  public String variable(Schedule value) {
    return prefix + value.suffix;
  }

  /** The phase of a unit process's execution (its process definition's key). */
  public static Phase of(DelegateExecution execution) {
    return ofProcessKey(EngineAccess.processDefinitionKey(execution));
  }

  public static Phase ofProcessKey(String key) {
    for (Phase phase : values()) {
      if (phase.processKey.equals(key)) {
        return phase;
      }
    }
    throw new IllegalArgumentException("not a unit process: " + key);
  }

  public static String businessKey(String campaignCode, String unitCode) {
    return campaignCode + ":" + unitCode;
  }
}
