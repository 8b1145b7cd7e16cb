package org.example.stwd.campaign;

import java.time.LocalDate;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.validation.FormInput;
import org.example.stwd.validation.FormInput.Decision;
import org.springframework.stereotype.Component;

/**
 * Completion of 审批转发通知 (approve-forwarding). On approval the deadlines become the timer moments of
 * the campaign and of every unit process; a deadline that has already passed is refused (the
 * leaders return the draft instead).
 */
@Component("approveForwardingListener")
public class ApproveForwardingListener implements TaskListener {

  private final ForwardingRules rules;
  private final CampaignRepository campaigns;
  private final StwdProperties properties;

  public ApproveForwardingListener(
      ForwardingRules rules, CampaignRepository campaigns, StwdProperties properties) {
    this.rules = rules;
    this.campaigns = campaigns;
    this.properties = properties;
  }

  @Override
  public void notify(DelegateTask task) {
    FormInput in = FormInput.of(task);
    Decision decision = in.decision("forwardingDecision", "审批结果", "forwardingComment", "审批意见");
    in.throwIfInvalid();
    if (decision != Decision.APPROVE) {
      return;
    }
    FormInput draft = FormInput.of(task);
    ForwardingRules.Forwarding f = rules.check(task, draft);
    draft.throwIfInvalid();
    LocalDate today = EngineClock.today(properties.timeZone());
    draft.check(
        !f.planDeadline().isBefore(today),
        "方案报送截止日期 " + f.planDeadline() + " 已过（今天是 " + today + "），请退回修改截止日期");
    draft.throwIfInvalid();

    PhaseSchedule plan =
        PhaseSchedule.of(
            f.planDeadline(),
            f.reminderLeadDays(),
            f.graceDays(),
            properties.timeZone(),
            properties.reminderHour());
    PhaseSchedule summary =
        PhaseSchedule.of(
            f.summaryDeadline(),
            f.reminderLeadDays(),
            f.graceDays(),
            properties.timeZone(),
            properties.reminderHour());
    PhaseSchedule report =
        PhaseSchedule.of(
            f.upwardDeadline(),
            f.reminderLeadDays(),
            1,
            properties.timeZone(),
            properties.reminderHour());
    setSchedule(task, Phase.PLAN, plan);
    setSchedule(task, Phase.SUMMARY, summary);
    // HQ's daily 催办汇总 while plans or summaries are collected, after that day's reminders
    task.setVariable(
        "digestCycle",
        PhaseSchedule.dailyAfterReminders(today, properties.timeZone(), properties.reminderHour()));
    task.setVariable("reportDueAt", report.dueAt());
    task.setVariable("reportReminderAt", report.reminderAt());
    task.setVariable(
        "activityWindowEndsAt",
        Date.from(f.windowEnd().plusDays(1).atStartOfDay(properties.timeZone()).toInstant()));
    task.setVariable("campaignTitle", task.getVariable("forwardingTitle"));
    task.setVariable(
        "hqContact",
        task.getVariable("contactName")
            + "，电话 "
            + task.getVariable("contactPhone")
            + "，邮箱 "
            + task.getVariable("contactEmail"));
    campaigns.setDeadlines(
        (String) task.getVariable("campaignCode"), f.planDeadline(), f.summaryDeadline());
  }

  private static void setSchedule(DelegateTask task, Phase phase, PhaseSchedule s) {
    task.setVariable(phase.variable(Phase.Schedule.DEADLINE), s.deadline().toString());
    task.setVariable(phase.variable(Phase.Schedule.DUE_AT), s.dueAt());
    task.setVariable(phase.variable(Phase.Schedule.REMINDER_AT), s.reminderAt());
    task.setVariable(phase.variable(Phase.Schedule.OVERDUE_CYCLE), s.overdueCycle());
    task.setVariable(phase.variable(Phase.Schedule.CUTOFF_AT), s.cutoffAt());
    task.setVariable(phase.variable(Phase.Schedule.COLLECTION_ENDS_AT), s.collectionEndsAt());
  }
}
