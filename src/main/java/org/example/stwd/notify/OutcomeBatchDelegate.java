package org.example.stwd.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.core.CampaignValues;
import org.example.stwd.core.Phase;
import org.example.stwd.engine.EngineClock;

/**
 * 发送本批审核结果邮件 (review-outcome-mails.bpmn): closes the batch of review outcomes and submission
 * receipts, which waits for the reviews and submissions that joined it to commit, and sends each
 * its mail: 【审核通过】 or 【退回修改】 with HQ's comment and the link to the unit's page, or the 【回执】 of a
 * submission. The campaign's values are read once for the batch. A failing unit does not hold back
 * the others, and the retry sends only what was not sent ({@link MailBatchRun}). A batch that takes
 * longer than half the job's lock time sets {@code outcomeMailsLeft}, and the process sends the
 * rest in a new job.
 */
public class OutcomeBatchDelegate implements JavaDelegate {

  private final OutcomeBatches batches;
  private final CampaignValues campaignValues;
  private final UnitMails mails;
  private final UnitPageMails receipts;

  public OutcomeBatchDelegate(
      OutcomeBatches batches,
      CampaignValues campaignValues,
      UnitMails mails,
      UnitPageMails receipts) {
    this.batches = batches;
    this.campaignValues = campaignValues;
    this.mails = mails;
    this.receipts = receipts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long started = System.nanoTime();
    String campaignCode = (String) execution.getVariable("campaignCode");
    Phase phase = Phase.valueOf((String) execution.getVariable("phase"));
    long batch = ((Number) execution.getVariable("outcomeBatchId")).longValue();
    batches.close(batch, EngineClock.now());
    List<OutcomeBatches.Outcome> outcomes = batches.unsent(batch);
    boolean sentAll = true;
    if (!outcomes.isEmpty()) {
      // the batch's process holds campaignCode, as a unit's does: the campaign's values, read once
      Map<String, Object> campaign =
          campaignValues.of(execution, UnitMails.campaignValueNames(phase));
      List<MailBatchRun.UnitMail> unitMails = new ArrayList<>(outcomes.size());
      for (OutcomeBatches.Outcome outcome : outcomes) {
        unitMails.add(
            new MailBatchRun.UnitMail(
                outcome.unitCode(), () -> send(campaignCode, phase, campaign, outcome)));
      }
      sentAll = MailBatchRun.sendAll(execution, "outcome batch " + batch, unitMails, started, true);
    }
    execution.setVariable("outcomeMailsLeft", !sentAll);
  }

  private void send(
      String campaignCode,
      Phase phase,
      Map<String, Object> campaign,
      OutcomeBatches.Outcome outcome) {
    if (outcome.kind() == MailKind.PLAN_RECEIPT || outcome.kind() == MailKind.SUMMARY_RECEIPT) {
      receipts.sendReceipt(campaignCode, phase, campaign, outcome);
      return;
    }
    boolean returned = outcome.kind().name().endsWith("_RETURNED");
    // a returned unit's mail links to its new task, unless it has resubmitted already
    Task task = returned ? UnitMails.openTask(outcome.processInstanceId(), phase) : null;
    Map<String, Object> model =
        mails.model(
            phase,
            name -> "unitName".equals(name) ? outcome.unitName() : campaign.get(name),
            task,
            returned);
    model.put("comment", outcome.comment());
    if (task != null) {
      model.put("linkLabel", "修改并重新提交");
    }
    mails.send(
        campaignCode,
        outcome.unitCode(),
        phase,
        outcome.kind(),
        outcome.seq(),
        returned ? "returned" : "approved",
        model);
  }
}
