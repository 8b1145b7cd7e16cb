package org.example.stwd.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.example.stwd.unit.CampaignUnitRepository;
import org.example.stwd.unit.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 发送本批通知邮件 (unit-batch.bpmn): sends the notice (plan phase) or the summary request
 * (summary phase) to every unit the batch has started, each with its own unit process's values and
 * the link to its task. One job per batch instead of one per unit (ADR 0007).
 *
 * <p>A unit whose mail fails (no address, SMTP refused) does not hold back the others: they are
 * sent, the failure is in the mail log, and the job then fails naming the units, so that it is
 * retried (R3/PT5M) and ends as an incident on the batch in Cockpit. A retry sends only what was not
 * sent: each mail is sent once per idempotency key.
 */
public class BatchNoticeDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(BatchNoticeDelegate.class);

  private final CampaignUnitRepository campaignUnits;
  private final UnitMailDelegate planNotice;
  private final UnitMailDelegate summaryRequest;

  public BatchNoticeDelegate(CampaignUnitRepository campaignUnits, UnitMailDelegate planNotice, UnitMailDelegate summaryRequest) {
    this.campaignUnits = campaignUnits;
    this.planNotice = planNotice;
    this.summaryRequest = summaryRequest;
  }

  @Override
  public void execute(DelegateExecution execution) throws Exception {
    String campaignCode = (String) execution.getVariable("campaignCode");
    Phase phase = Phase.valueOf((String) execution.getVariable("phase"));
    int batchNo = ((Number) execution.getVariable("batchNo")).intValue();
    UnitMailDelegate mail = phase == Phase.PLAN ? planNotice : summaryRequest;
    List<String> failed = new ArrayList<>();
    Map<String, String> started = campaignUnits.startedInBatch(campaignCode, phase, batchNo);
    for (Map.Entry<String, String> unit : started.entrySet()) {
      // the unit's process as its own mail step would see it (its variables, its open task)
      ExecutionEntity instance = Context.getCommandContext().getExecutionManager().findExecutionById(unit.getValue());
      if (instance == null) {
        continue; // ended before its notice went out (cancelled in Cockpit)
      }
      try {
        mail.execute(instance);
      } catch (Exception e) {
        LOG.warn("No {} mail for {}:{}: {}", phase, campaignCode, unit.getKey(), e.getMessage());
        failed.add(unit.getKey() + " (" + e.getMessage() + ")");
      }
    }
    if (!failed.isEmpty()) {
      throw new IllegalStateException(
          "Mail not sent to " + failed.size() + " of " + started.size() + " units of batch " + batchNo + ": " + String.join("; ", failed));
    }
  }
}
