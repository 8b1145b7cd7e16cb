package org.example.stwd.unit;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.validation.FormInput;
import org.example.stwd.validation.FormInput.Decision;

/** Completion of HQ's review of a plan or a summary: approve, or return with a comment. */
public class ReviewListener implements TaskListener {

  private final Phase phase;
  private final CampaignUnitRepository campaignUnits;

  public ReviewListener(Phase phase, CampaignUnitRepository campaignUnits) {
    this.phase = phase;
    this.campaignUnits = campaignUnits;
  }

  @Override
  public void notify(DelegateTask task) {
    FormInput in = FormInput.of(task);
    Decision decision =
        in.decision(phase.variable("Decision"), "审核结果", phase.variable("ReviewComment"), "审核意见");
    in.throwIfInvalid();
    String comment = (String) task.getVariable(phase.variable("ReviewComment"));
    campaignUnits.markReviewed(
        (String) task.getVariable("campaignCode"),
        (String) task.getVariable("unitCode"),
        phase,
        decision == Decision.APPROVE ? UnitStatus.APPROVED : UnitStatus.RETURNED,
        comment == null ? null : comment.strip());
  }
}
