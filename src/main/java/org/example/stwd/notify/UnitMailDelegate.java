package org.example.stwd.notify;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.unit.CampaignUnitRepository;
import org.example.stwd.unit.Phase;
import org.example.stwd.unit.UnitStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one of a unit's mails from its plan or summary process: the notice (or summary request)
 * when the process starts, the reminder before the deadline and the overdue notices after it.
 * Reminders and overdue notices go only to units that still have to (re)submit; each one sent is
 * counted in the status table.
 */
public class UnitMailDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(UnitMailDelegate.class);

  private final MailKind kind;
  private final Phase phase;
  private final MailService mailService;
  private final Recipients recipients;
  private final CampaignUnitRepository campaignUnits;
  private final StwdProperties properties;

  public UnitMailDelegate(MailKind kind, Phase phase, MailService mailService, Recipients recipients, CampaignUnitRepository campaignUnits, StwdProperties properties) {
    this.kind = kind;
    this.phase = phase;
    this.mailService = mailService;
    this.recipients = recipients;
    this.campaignUnits = campaignUnits;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String campaignCode = (String) execution.getVariable("campaignCode");
    String unitCode = (String) execution.getVariable("unitCode");
    boolean urging = kind != MailKind.NOTICE && kind != MailKind.SUMMARY_REQUEST;
    UnitStatus status = campaignUnits.status(campaignCode, unitCode, phase);
    if (urging && !UnitStatus.AWAITING_UNIT.contains(status)) {
      LOG.info("No {} for {}:{}: status is {}", kind, campaignCode, unitCode, status);
      return;
    }
    LocalDate deadline = LocalDate.parse((String) execution.getVariable(phase.variable("Deadline")));
    LocalDate today = ClockUtil.getCurrentTime().toInstant().atZone(properties.timeZone()).toLocalDate();
    long daysOverdue = Math.max(1, ChronoUnit.DAYS.between(deadline, today));

    MailTexts.UnitContext context =
        new MailTexts.UnitContext(
            properties.societyName(),
            campaignCode,
            (String) execution.getVariable("campaignTitle"),
            (String) execution.getVariable("campaignTheme"),
            (String) execution.getVariable("forwardingDocNumber"),
            (String) execution.getVariable("unitName"),
            phase,
            deadline,
            taskLink(execution),
            (String) execution.getVariable("hqContact"));

    OutgoingMail mail =
        switch (kind) {
          case NOTICE -> mail(campaignCode, unitCode, 1, MailTexts.noticeSubject(context), MailTexts.notice(context));
          case SUMMARY_REQUEST -> mail(campaignCode, unitCode, 1, MailTexts.summaryRequestSubject(context), MailTexts.summaryRequest(context));
          case PLAN_REMINDER, SUMMARY_REMINDER -> mail(campaignCode, unitCode, 1, MailTexts.reminderSubject(context), MailTexts.reminder(context));
          case PLAN_OVERDUE, SUMMARY_OVERDUE ->
              // the n-th overdue notice has sequence n: counted in the same transaction, so a retried
              // job rebuilds the same key, and timers caught up on one day still make distinct notices
              mail(campaignCode, unitCode, campaignUnits.overdueNotices(campaignCode, unitCode, phase) + 1,
                  MailTexts.overdueSubject(context, daysOverdue), MailTexts.overdue(context, daysOverdue));
          default -> throw new IllegalStateException("not a unit mail: " + kind);
        };
    mailService.sendOnce(mail);
    if (urging) {
      boolean overdue = kind == MailKind.PLAN_OVERDUE || kind == MailKind.SUMMARY_OVERDUE;
      campaignUnits.recordReminder(campaignCode, unitCode, phase, overdue, ClockUtil.getCurrentTime().toInstant());
    }
  }

  private OutgoingMail mail(String campaignCode, String unitCode, int sequence, String subject, String text) {
    return new OutgoingMail(campaignCode, unitCode, kind, sequence, recipients.ofUnit(unitCode), subject, text);
  }

  /** Link to the unit's open task in this process, or to Tasklist when there is none. */
  private String taskLink(DelegateExecution execution) {
    Task task =
        execution.getProcessEngineServices().getTaskService().createTaskQuery()
            .processInstanceId(execution.getProcessInstanceId())
            .taskDefinitionKey(phase == Phase.PLAN ? "Task_SubmitPlan" : "Task_SubmitSummary")
            .singleResult();
    return task == null ? properties.tasklistUrl() : properties.tasklistTaskUrl(task.getId());
  }
}
