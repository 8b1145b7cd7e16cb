package org.example.stwd.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.example.stwd.unit.CampaignUnitRepository;
import org.example.stwd.unit.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;

/**
 * 发送本批通知邮件 (unit-batch.bpmn): sends the notice (plan phase) or the summary request
 * (summary phase) to every unit the batch has started, each with its own unit process's values and
 * the link to its task. One job per batch instead of one per unit (ADR 0007).
 *
 * <p>A unit whose mail fails (no address, SMTP refused) does not hold back the others: they are
 * sent, the failure is in the mail log, and the job then fails naming the units, so that it is
 * retried (R3/PT5M) and ends as an incident on the batch in Cockpit. A retry sends only what was not
 * sent: each mail is sent once per idempotency key. The job stops early, and fails so that its
 * retry goes on, when SMTP fails three times in a row or half its lock time has passed: a second
 * run of a job whose lock ran out could otherwise send the same mails.
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
    // the job must end well within its lock, or a second run could send the same mails: it stops
    // after half the lock time, and as soon as SMTP itself fails three times in a row (a server
    // that is down or hangs fails every mail); the retry sends what is left
    long budgetMillis = ((ProcessEngineConfigurationImpl) execution.getProcessEngine().getProcessEngineConfiguration())
        .getJobExecutor().getLockTimeInMillis() / 2;
    long started = System.nanoTime();
    List<String> failed = new ArrayList<>();
    String firstError = null;
    int smtpFailuresInARow = 0;
    Map<String, String> units = campaignUnits.startedInBatch(campaignCode, phase, batchNo);
    int done = 0;
    for (Map.Entry<String, String> unit : units.entrySet()) {
      if (smtpFailuresInARow >= 3 || (System.nanoTime() - started) / 1_000_000 > budgetMillis) {
        throw new IllegalStateException("Mail stopped after " + done + " of " + units.size() + " units of batch " + batchNo
            + (smtpFailuresInARow >= 3 ? ": the SMTP server failed " + smtpFailuresInARow + " times in a row (" + firstError + ")"
                : ": the job's time is up") + "; the retry sends the rest");
      }
      done++;
      // the unit's process as its own mail step would see it (its variables, its open task)
      ExecutionEntity instance = Context.getCommandContext().getExecutionManager().findExecutionById(unit.getValue());
      if (instance == null) {
        continue; // ended before its notice went out (cancelled in Cockpit)
      }
      try {
        mail.execute(instance);
        smtpFailuresInARow = 0;
      } catch (Exception e) {
        LOG.warn("No {} mail for {}:{}: {}", phase, campaignCode, unit.getKey(), e.getMessage());
        smtpFailuresInARow = e instanceof MailException ? smtpFailuresInARow + 1 : 0;
        failed.add(unit.getKey());
        if (firstError == null) {
          firstError = unit.getKey() + ": " + e.getMessage();
        }
      }
    }
    if (!failed.isEmpty()) {
      // the count and the unit codes first: an incident keeps only the message's first 666 characters
      throw new IllegalStateException("Mail not sent to " + failed.size() + " of " + units.size() + " units of batch " + batchNo + ": "
          + String.join(", ", failed) + ". First error, " + firstError);
    }
  }
}
