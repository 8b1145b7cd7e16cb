package org.example.stwd.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.engine.EngineClock;

/**
 * 发送催办邮件: delivers the unit's newest pending manual urge (logged by {@link UrgeService}) after the
 * unit process received the message PlanUrged / SummaryUrged; older pending ones are marked lapsed
 * (their message reached a unit that had submitted meanwhile; an urge whose message had not arrived
 * when the unit submitted is lapsed by the submission, {@link UrgeLapseListener}). Each urge is one
 * mail, keyed by its sequence number; marking it delivered and counting the reminder happen in the
 * job's transaction, so a retried job sends nothing twice and counts nothing twice.
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
    // the unit's status row first, then its urges: the order of a submission (its status, then
    // UrgeLapseListener) and of HQ's urge request, so that none of them waits on another in a
    // circle; a submission running now is either committed (the unit is no longer waiting) or
    // waits for this job's mail to be recorded
    campaignUnits.lockAll(campaignCode, List.of(unitCode));
    List<UrgeRepository.Urge> pending = urges.undelivered(campaignCode, unitCode, phase);
    if (pending.isEmpty()) {
      return;
    }
    // the message arrives from the engine's batch job after HQ's request (UrgeService): a unit that
    // has submitted meanwhile is not told to hurry
    UnitStatus status =
        campaignUnits.find(campaignCode, unitCode).map(row -> row.status(phase)).orElse(null);
    if (status == null || !UnitStatus.AWAITING_UNIT.contains(status)) {
      for (UrgeRepository.Urge urge : pending) {
        urges.markLapsed(
            urge.id(),
            "催办送达前单位已提交（" + (status == null ? "不在本次活动中" : status.label()) + "），该次催办邮件未发送");
      }
      return;
    }
    // the newest urge is HQ's word now; an older one still pending never reached the unit (it
    // submitted before the urge's message arrived, UrgeService) and is not sent late beside it
    UrgeRepository.Urge urge = pending.get(pending.size() - 1);
    for (UrgeRepository.Urge older : pending.subList(0, pending.size() - 1)) {
      urges.markLapsed(older.id(), "催办送达前单位已提交，该次催办邮件未发送；以第 " + urge.seq() + " 次催办为准");
    }
    Map<String, Object> model = mails.model(execution, phase, status);
    model.put("message", urge.message());
    mails.send(execution, phase, kind, urge.seq(), "urge", model);
    Instant now = EngineClock.now();
    urges.markDelivered(urge.id(), now);
    campaignUnits.recordReminder(campaignCode, unitCode, phase, false, now);
  }
}
