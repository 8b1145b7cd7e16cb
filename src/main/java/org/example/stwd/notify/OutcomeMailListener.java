package org.example.stwd.notify;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.engine.EngineClock;

/**
 * Completion of HQ's review (审核活动方案 / 审核活动总结), after the review listener has checked and recorded
 * it: queues the outcome mail to the unit, approved or returned with HQ's comment, in the review's
 * transaction. The campaign phase's outcome batch sends it (ADR 0009); a review that is rolled back
 * queues nothing.
 */
public class OutcomeMailListener implements TaskListener {

  private final Phase phase;
  private final OutcomeBatches batches;
  private final CampaignUnitRepository campaignUnits;

  public OutcomeMailListener(
      Phase phase, OutcomeBatches batches, CampaignUnitRepository campaignUnits) {
    this.phase = phase;
    this.batches = batches;
    this.campaignUnits = campaignUnits;
  }

  @Override
  public void notify(DelegateTask task) {
    String campaignCode = (String) task.getVariable("campaignCode");
    String unitCode = (String) task.getVariable("unitCode");
    boolean approved = "APPROVE".equals(task.getVariable(phase.variable("Decision")));
    MailKind kind = MailKind.valueOf(phase.name() + (approved ? "_APPROVED" : "_RETURNED"));
    // the n-th return is the n-th "returned" mail: counted by the review listener just before
    int seq = approved ? 1 : campaignUnits.returns(campaignCode, unitCode, phase);
    Object comment = task.getVariable(phase.variable("ReviewComment"));
    String text =
        comment == null || comment.toString().isBlank() ? null : comment.toString().strip();
    batches.queue(
        task.getProcessEngineServices(),
        campaignCode,
        phase,
        unitCode,
        kind,
        seq,
        text,
        task.getProcessInstanceId(),
        EngineClock.now());
  }
}
