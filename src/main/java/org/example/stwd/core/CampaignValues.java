package org.example.stwd.core;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.CampaignRepository.CampaignInfo;
import org.example.stwd.engine.EngineAccess;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.support.Remembered;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The campaign's values that a unit's process needs but does not keep a copy of: its schedule (the
 * task's due date, the reminder, overdue and cut-off timers, as {@code
 * ${campaignValues.dueAt(execution)}} in unit-plan.bpmn and unit-summary.bpmn) and the forwarding
 * notice's details for the mails. They are read from the campaign's process instance, where the
 * approval of the forwarding notice set them. A unit process keeps only what its forms and the
 * Tasklist list show (ADR 0005).
 *
 * <p>The batch starter hands over the values it has already read, for the hundreds of units it
 * starts in one transaction ({@link #withPreloaded}).
 *
 * <p>The values are set when the forwarding notice is approved, before any unit process starts, and
 * are not changed afterwards by the product; yet every unit mail, plan check and unit page read
 * needs some of them (issue 21: ten thousand reminders read them ten thousand times). What was read
 * is therefore remembered for {@code stwd.campaign-values-ttl} (one minute; {@code 0s} reads every
 * time): a value an operator changes in Cockpit reaches the units' mails and checks within that
 * time.
 */
@Component("campaignValues")
public class CampaignValues {

  private record Preloaded(String campaignCode, Map<String, Object> values) {}

  private static final ThreadLocal<Preloaded> PRELOADED = new ThreadLocal<>();

  /** Values read from campaigns' processes, by process instance and names (at most 1,000 keys). */
  private final Remembered<Map<String, Object>> remembered;

  private final CampaignRepository campaigns;
  private final StwdProperties properties;

  // the engine's beans are created with the process engine, which evaluates this bean's methods
  private final ObjectProvider<HistoryService> history;

  public CampaignValues(
      CampaignRepository campaigns,
      StwdProperties properties,
      ObjectProvider<HistoryService> history) {
    this.campaigns = campaigns;
    this.properties = properties;
    this.history = history;
    this.remembered = new Remembered<>(properties::campaignValuesTtl, 1_000);
  }

  /**
   * Due date of HQ's review task ({@code stwd.review-time} after the submission): Tasklist's 已逾期
   * filter and HQ's digest show the reviews that waited longer.
   */
  public Date reviewDueAt() {
    return Date.from(EngineClock.now().plus(properties.reviewTime()));
  }

  /** Runs {@code work} with the campaign's values at hand instead of reading them per unit. */
  public static void withPreloaded(String campaignCode, Map<String, Object> values, Runnable work) {
    PRELOADED.set(new Preloaded(campaignCode, values));
    try {
      work.run();
    } finally {
      PRELOADED.remove();
    }
  }

  /** Due date of the unit's submit task: the deadline's end of day. */
  public Date dueAt(DelegateExecution execution) {
    return (Date) phaseValue(execution, Phase.Schedule.DUE_AT);
  }

  /**
   * The campaign's activity categories, the options of the plan form's category select. They are
   * not copied into each unit's process (ADR 0014): the unit page adds them to the form's data, and
   * the plan's check reads them here.
   */
  public static final String CATEGORY_OPTIONS = "activityCategoryOptions";

  public Object categoryOptions(DelegateExecution execution) {
    return of(execution, List.of(CATEGORY_OPTIONS)).get(CATEGORY_OPTIONS);
  }

  /**
   * The campaign's category options by its code, for the pages that show a plan form (the unit
   * page, HQ's review queue), also once the campaign has ended: read from its history, as the
   * product and not as the signed-in user; null for an unknown campaign.
   */
  public Object categoryOptions(String campaignCode) {
    return campaigns
        .find(campaignCode)
        .map(
            c ->
                remembered(
                    c.processInstanceId() + "|history|" + CATEGORY_OPTIONS,
                    () -> {
                      HistoricVariableInstance v =
                          history
                              .getObject()
                              .createHistoricVariableInstanceQuery()
                              .processInstanceId(c.processInstanceId())
                              .variableName(CATEGORY_OPTIONS)
                              .singleResult();
                      Map<String, Object> values = new HashMap<>();
                      if (v != null && v.getValue() != null) {
                        values.put(CATEGORY_OPTIONS, v.getValue());
                      }
                      return values;
                    }))
        .map(values -> values.get(CATEGORY_OPTIONS))
        .orElse(null);
  }

  /** The reminder before the deadline, at the reminder hour. */
  public Date reminderAt(DelegateExecution execution) {
    return (Date) phaseValue(execution, Phase.Schedule.REMINDER_AT);
  }

  /** The daily overdue notices after the deadline (an ISO 8601 repeating interval). */
  public String overdueCycle(DelegateExecution execution) {
    return (String) phaseValue(execution, Phase.Schedule.OVERDUE_CYCLE);
  }

  /** The end of the grace period: the unit's submission is recorded as missed. */
  public Date cutoffAt(DelegateExecution execution) {
    return (Date) phaseValue(execution, Phase.Schedule.CUTOFF_AT);
  }

  /**
   * The campaign's activity window as the notice gives it: the days on which activities are held.
   */
  public record ActivityWindow(LocalDate first, LocalDate last) {}

  public ActivityWindow activityWindow(DelegateExecution execution) {
    Map<String, Object> values = of(execution, List.of("activityWindowStart", "activityWindowEnd"));
    return new ActivityWindow(
        date(values.get("activityWindowStart")), date(values.get("activityWindowEnd")));
  }

  private static LocalDate date(Object value) {
    return value instanceof LocalDate d
        ? d
        : value == null ? null : LocalDate.parse(value.toString());
  }

  /** Values of the campaign's process, read together (one query). */
  public Map<String, Object> of(DelegateExecution execution, List<String> names) {
    String campaignCode = (String) execution.getVariable("campaignCode");
    Preloaded preloaded = PRELOADED.get();
    if (preloaded != null
        && preloaded.campaignCode().equals(campaignCode)
        && preloaded.values().keySet().containsAll(names)) {
      return preloaded.values();
    }
    String campaignInstance =
        campaigns
            .find(campaignCode)
            .map(CampaignInfo::processInstanceId)
            .orElseThrow(
                () ->
                    new ProcessEngineException(
                        "No campaign "
                            + campaignCode
                            + " for the unit process "
                            + execution.getProcessInstanceId()));
    // the product's own lookup: the user whose action re-creates a task need not read the campaign
    return remembered(
        campaignInstance + "|" + String.join(",", names),
        () ->
            EngineAccess.withoutAuthorization(
                () ->
                    (Map<String, Object>)
                        execution
                            .getProcessEngineServices()
                            .getRuntimeService()
                            .getVariables(campaignInstance, names)));
  }

  /**
   * What {@code read} answers for {@code key}, remembered for {@code stwd.campaign-values-ttl}; the
   * map given out cannot be changed.
   */
  private Map<String, Object> remembered(String key, Supplier<Map<String, Object>> read) {
    return remembered.get(key, () -> Collections.unmodifiableMap(new HashMap<>(read.get())));
  }

  private Object phaseValue(DelegateExecution execution, Phase.Schedule schedule) {
    String name = Phase.of(execution).variable(schedule);
    Object value = of(execution, List.of(name)).get(name);
    if (value == null) {
      throw new ProcessEngineException(
          "The campaign of " + execution.getVariable("campaignCode") + " has no " + name);
    }
    // a remembered date is shared: each timer and task gets its own copy
    return value instanceof Date d ? new Date(d.getTime()) : value;
  }
}
