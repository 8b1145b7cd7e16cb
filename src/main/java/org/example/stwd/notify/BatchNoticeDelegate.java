package org.example.stwd.notify;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.engine.EngineAccess;

/**
 * 发送本批通知邮件 (unit-batch.bpmn): sends the notice (plan phase) or the summary request (summary phase)
 * to every unit the batch has started, each with its own unit process's values and the link to its
 * task. One job per batch instead of one per unit (ADR 0007); a failing unit does not hold back the
 * others, and the retry sends only what was not sent ({@link MailBatchRun}).
 */
public class BatchNoticeDelegate implements JavaDelegate {

  private final CampaignUnitRepository campaignUnits;
  private final UnitMailDelegate planNotice;
  private final UnitMailDelegate summaryRequest;

  public BatchNoticeDelegate(
      CampaignUnitRepository campaignUnits,
      UnitMailDelegate planNotice,
      UnitMailDelegate summaryRequest) {
    this.campaignUnits = campaignUnits;
    this.planNotice = planNotice;
    this.summaryRequest = summaryRequest;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long started = System.nanoTime();
    String campaignCode = (String) execution.getVariable("campaignCode");
    Phase phase = Phase.valueOf((String) execution.getVariable("phase"));
    int batchNo = ((Number) execution.getVariable("batchNo")).intValue();
    UnitMailDelegate mail = phase == Phase.PLAN ? planNotice : summaryRequest;
    List<MailBatchRun.UnitMail> mails = new ArrayList<>();
    campaignUnits
        .startedInBatch(campaignCode, phase, batchNo)
        .forEach(
            (unitCode, instanceId) ->
                mails.add(
                    new MailBatchRun.UnitMail(
                        unitCode,
                        () -> {
                          // the unit's process as its own mail step would see it (its variables,
                          // its open task)
                          DelegateExecution instance = EngineAccess.processInstance(instanceId);
                          if (instance
                              != null) { // else ended before its notice went out (cancelled in
                            // Cockpit)
                            mail.execute(instance);
                          }
                        })));
    MailBatchRun.sendAll(execution, "batch " + batchNo, mails, started, false);
  }
}
