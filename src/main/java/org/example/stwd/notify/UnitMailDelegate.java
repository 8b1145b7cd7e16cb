package org.example.stwd.notify;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.example.stwd.core.ActivityRepository;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.engine.EngineClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one of a unit's mails from its plan or summary process: the notice (or summary request)
 * when the process starts, the reminder before the deadline, the overdue notices after it, and the
 * review outcome (returned with HQ's comment, or approved). Reminders and overdue notices go only
 * to units that still have to (re)submit; each one sent is counted in the status table.
 */
public class UnitMailDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(UnitMailDelegate.class);

  private final MailKind kind;
  private final Phase phase;
  private final UnitMails mails;
  private final CampaignUnitRepository campaignUnits;
  private final ActivityRepository activities;

  public UnitMailDelegate(
      MailKind kind,
      Phase phase,
      UnitMails mails,
      CampaignUnitRepository campaignUnits,
      ActivityRepository activities) {
    this.kind = kind;
    this.phase = phase;
    this.mails = mails;
    this.campaignUnits = campaignUnits;
    this.activities = activities;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String campaignCode = (String) execution.getVariable("campaignCode");
    String unitCode = (String) execution.getVariable("unitCode");
    boolean urging = kind.name().endsWith("_REMINDER") || kind.name().endsWith("_OVERDUE");
    UnitStatus status = urging ? campaignUnits.status(campaignCode, unitCode, phase) : null;
    if (urging) {
      if (!UnitStatus.AWAITING_UNIT.contains(status)) {
        LOG.info("No {} for {}:{}: status is {}", kind, campaignCode, unitCode, status);
        return;
      }
      // the timers wait on the submit task and start again with it after a return (ADR 0014), when
      // a reminder timer whose date has passed fires at once: a unit reminded before is not
      // reminded (or counted) again
      if (status == UnitStatus.RETURNED
          && kind.name().endsWith("_REMINDER")
          && mails.alreadySent(campaignCode, unitCode, kind, 1)) {
        LOG.info("No {} for {}:{}: reminded before its return", kind, campaignCode, unitCode);
        return;
      }
    }
    Map<String, Object> model =
        urging ? mails.model(execution, phase, status) : mails.model(execution, phase);
    if (kind.name().endsWith("_REMINDER") && Boolean.TRUE.equals(model.get("deadlinePassed"))) {
      // a unit returned after the deadline (or a reminder run late): the overdue notices speak now,
      // not "the deadline is near"
      LOG.info("No {} for {}:{}: the deadline has passed", kind, campaignCode, unitCode);
      return;
    }
    switch (kind) {
      case NOTICE -> {
        model.put("linkLabel", "填报活动方案");
        mails.send(execution, phase, kind, 1, "notice", model);
      }
      case SUMMARY_REQUEST -> {
        model.put("activities", MailTexts.activities(activities.planned(campaignCode, unitCode)));
        model.put("linkLabel", "填报活动总结");
        mails.send(execution, phase, kind, 1, "summary-request", model);
      }
      case PLAN_REMINDER, SUMMARY_REMINDER ->
          mails.send(execution, phase, kind, 1, "reminder", model);
      // the n-th overdue notice has sequence n: counted in the same transaction, so a retried job
      // rebuilds the same key, and timers caught up on one day still make distinct notices
      case PLAN_OVERDUE, SUMMARY_OVERDUE ->
          mails.send(
              execution,
              phase,
              kind,
              campaignUnits.overdueNotices(campaignCode, unitCode, phase) + 1,
              "overdue",
              model);
      case PLAN_RETURNED, SUMMARY_RETURNED -> {
        model.put("comment", execution.getVariable(phase.variable("ReviewComment")));
        model.put("linkLabel", "修改并重新提交");
        mails.send(
            execution,
            phase,
            kind,
            campaignUnits.returns(campaignCode, unitCode, phase),
            "returned",
            model);
      }
      case PLAN_APPROVED, SUMMARY_APPROVED -> {
        Object comment = execution.getVariable(phase.variable("ReviewComment"));
        model.put("comment", comment == null || comment.toString().isBlank() ? null : comment);
        mails.send(execution, phase, kind, 1, "approved", model);
      }
      default -> throw new IllegalStateException("not a unit mail: " + kind);
    }
    if (urging) {
      boolean overdue = kind.name().endsWith("_OVERDUE");
      campaignUnits.recordReminder(campaignCode, unitCode, phase, overdue, EngineClock.now());
    }
  }
}
