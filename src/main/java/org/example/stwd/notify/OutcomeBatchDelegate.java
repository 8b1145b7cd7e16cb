package org.example.stwd.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.campaign.CampaignRepository;
import org.example.stwd.campaign.CampaignRepository.CampaignInfo;
import org.example.stwd.support.EngineClock;
import org.example.stwd.unit.Phase;

/**
 * 发送本批审核结果邮件 (review-outcome-mails.bpmn): closes the batch of review outcomes, which
 * waits for the reviews that joined it to commit, and sends each its mail: 【审核通过】 or
 * 【退回修改】 with HQ's comment and the link to the unit's new task. The campaign's values are read
 * once for the batch. A failing unit does not hold back the others, and the retry sends only what
 * was not sent ({@link MailBatchRun}). A batch that takes longer than half the job's lock time
 * sets {@code outcomeMailsLeft}, and the process sends the rest in a new job.
 */
public class OutcomeBatchDelegate implements JavaDelegate {

  private final OutcomeBatches batches;
  private final CampaignRepository campaigns;
  private final UnitMails mails;

  public OutcomeBatchDelegate(OutcomeBatches batches, CampaignRepository campaigns, UnitMails mails) {
    this.batches = batches;
    this.campaigns = campaigns;
    this.mails = mails;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long started = System.nanoTime();
    execution.setVariable("outcomeMailsLeft", false);
    String campaignCode = (String) execution.getVariable("campaignCode");
    Phase phase = Phase.valueOf((String) execution.getVariable("phase"));
    long batch = ((Number) execution.getVariable("outcomeBatchId")).longValue();
    batches.close(batch, EngineClock.now());
    List<OutcomeBatches.Outcome> outcomes = batches.unsent(batch);
    if (outcomes.isEmpty()) {
      return;
    }
    String campaignInstance = campaigns.find(campaignCode).map(CampaignInfo::processInstanceId)
        .orElseThrow(() -> new IllegalStateException("No campaign " + campaignCode + " for the outcome batch " + batch));
    // the product's own lookup, whoever runs the job (an operator retrying it through REST)
    Map<String, Object> campaign = Context.getCommandContext().runWithoutAuthorization(
        () -> execution.getProcessEngineServices().getRuntimeService().getVariables(campaignInstance, UnitMails.campaignValueNames(phase)));
    List<MailBatchRun.UnitMail> unitMails = new ArrayList<>(outcomes.size());
    for (OutcomeBatches.Outcome outcome : outcomes) {
      unitMails.add(new MailBatchRun.UnitMail(outcome.unitCode(), () -> send(campaignCode, phase, campaign, outcome)));
    }
    execution.setVariable("outcomeMailsLeft", !MailBatchRun.sendAll(execution, "outcome batch " + batch, unitMails, started, true));
  }

  private void send(String campaignCode, Phase phase, Map<String, Object> campaign, OutcomeBatches.Outcome outcome) {
    boolean returned = outcome.kind().name().endsWith("_RETURNED");
    // a returned unit's mail links to its new task, unless it has resubmitted already
    Task task = returned ? UnitMails.openTask(outcome.processInstanceId(), phase) : null;
    Map<String, Object> model = mails.model(phase, name -> "unitName".equals(name) ? outcome.unitName() : campaign.get(name), task, returned);
    model.put("comment", outcome.comment());
    if (task != null) {
      model.put("linkLabel", "修改并重新提交");
    }
    mails.send(campaignCode, outcome.unitCode(), phase, outcome.kind(), outcome.seq(), returned ? "returned" : "approved", model);
  }
}
