package org.example.stwd.unit;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.core.SubmissionRepository;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.engine.EngineAccess;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.validation.FormInput;
import org.example.stwd.validation.FormInput.Decision;

/** Completion of HQ's review of a plan or a summary: approve, or return with a comment. */
public class ReviewListener implements TaskListener {

  private final Phase phase;
  private final CampaignUnitRepository campaignUnits;
  private final SubmissionRepository submissions;

  public ReviewListener(
      Phase phase, CampaignUnitRepository campaignUnits, SubmissionRepository submissions) {
    this.phase = phase;
    this.campaignUnits = campaignUnits;
    this.submissions = submissions;
  }

  @Override
  public void notify(DelegateTask task) {
    FormInput in = FormInput.of(task);
    Decision decision =
        in.decision(phase.variable("Decision"), "审核结果", phase.variable("ReviewComment"), "审核意见");
    in.throwIfInvalid();
    String comment = (String) task.getVariable(phase.variable("ReviewComment"));
    String campaignCode = (String) task.getVariable("campaignCode");
    String unitCode = (String) task.getVariable("unitCode");
    UnitStatus outcome = decision == Decision.APPROVE ? UnitStatus.APPROVED : UnitStatus.RETURNED;
    String reviewComment = comment == null || comment.isBlank() ? null : comment.strip();
    campaignUnits.markReviewed(
        campaignCode, unitCode, phase, outcome, comment == null ? null : comment.strip());
    submissions.markReviewed(
        campaignCode,
        unitCode,
        phase,
        outcome,
        reviewComment,
        EngineAccess.currentUserId(),
        EngineClock.now());
  }
}
