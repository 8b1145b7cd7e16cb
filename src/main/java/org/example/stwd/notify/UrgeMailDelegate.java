package org.example.stwd.notify;

import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.example.stwd.core.Phase;
import org.example.stwd.engine.EngineClock;

/**
 * 发送催办邮件: delivers the unit's pending manual urges (logged by {@link UrgeService}) after the unit
 * process received the message PlanUrged / SummaryUrged. Each urge is one mail, keyed by its
 * sequence number; marking it delivered and counting the reminder happen in the job's transaction,
 * so a retried job sends nothing twice and counts nothing twice.
 */
public class UrgeMailDelegate implements JavaDelegate {

  private final Phase phase;
  private final UnitMails mails;
  private final UrgeRepository urges;
  private final org.example.stwd.core.CampaignUnitRepository campaignUnits;

  public UrgeMailDelegate(
      Phase phase,
      UnitMails mails,
      UrgeRepository urges,
      org.example.stwd.core.CampaignUnitRepository campaignUnits) {
    this.phase = phase;
    this.mails = mails;
    this.urges = urges;
    this.campaignUnits = campaignUnits;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String campaignCode = (String) execution.getVariable("campaignCode");
    String unitCode = (String) execution.getVariable("unitCode");
    MailKind kind = phase == Phase.PLAN ? MailKind.PLAN_URGE : MailKind.SUMMARY_URGE;
    for (UrgeRepository.Urge urge : urges.undelivered(campaignCode, unitCode, phase)) {
      Map<String, Object> model = mails.model(execution, phase);
      model.put("message", urge.message());
      mails.send(execution, phase, kind, urge.seq(), "urge", model);
      Instant now = EngineClock.now();
      urges.markDelivered(urge.id(), now);
      campaignUnits.recordReminder(campaignCode, unitCode, phase, false, now);
    }
  }
}
