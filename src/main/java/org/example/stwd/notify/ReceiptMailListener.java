package org.example.stwd.notify;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.core.Phase;
import org.example.stwd.core.SubmissionRepository;
import org.example.stwd.engine.EngineClock;

/**
 * Completion of a unit's 提交活动方案 / 提交活动总结, after the submit listener has recorded the submission:
 * queues its 回执 (receipt) mail in the submission's transaction, sent with the campaign phase's
 * outcome batch (ADR 0009) within seconds, with its retries. A submission that is rolled back
 * queues nothing; the request that submitted does not wait for the mail server.
 */
public class ReceiptMailListener implements TaskListener {

  private final Phase phase;
  private final OutcomeBatches batches;
  private final SubmissionRepository submissions;

  public ReceiptMailListener(
      Phase phase, OutcomeBatches batches, SubmissionRepository submissions) {
    this.phase = phase;
    this.batches = batches;
    this.submissions = submissions;
  }

  @Override
  public void notify(DelegateTask task) {
    SubmissionRepository.Submission submission =
        submissions
            .ofTask(task.getId())
            .orElseThrow(() -> new IllegalStateException("no submission of task " + task.getId()));
    batches.queue(
        task.getProcessEngineServices(),
        submission.campaignCode(),
        phase,
        submission.unitCode(),
        phase == Phase.PLAN ? MailKind.PLAN_RECEIPT : MailKind.SUMMARY_RECEIPT,
        submission.seq(),
        null,
        task.getProcessInstanceId(),
        EngineClock.now());
  }
}
