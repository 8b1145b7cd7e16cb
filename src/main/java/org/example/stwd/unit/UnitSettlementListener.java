package org.example.stwd.unit;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.engine.EngineAccess;
import org.example.stwd.engine.EngineClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * End of a unit's collection (approved, declined, missed or cancelled): settles the unit once in
 * the status table and counts it off the campaign's open counter. The unit that brings the counter
 * to zero tells the campaign, which is already waiting for that message. This replaces the join of
 * a multi-instance, which does not survive thousands of units.
 *
 * <p>The counter row is the one row all of a campaign's settlements write. It is decremented just
 * before the commit, after the engine has written everything else, so that the reviewers'
 * transactions hold its lock only for the commit itself (ADR 0004). The campaign is told right
 * after the commit, in a transaction of its own; should that fail, the phase's collection-end timer
 * still ends the wait.
 */
@Component("unitSettlementListener")
public class UnitSettlementListener implements ExecutionListener {

  private static final Logger LOG = LoggerFactory.getLogger(UnitSettlementListener.class);

  private final CampaignUnitRepository campaignUnits;
  private final CampaignRepository campaigns;

  public UnitSettlementListener(
      CampaignUnitRepository campaignUnits, CampaignRepository campaigns) {
    this.campaignUnits = campaignUnits;
    this.campaigns = campaigns;
  }

  @Override
  public void notify(DelegateExecution execution) {
    Phase phase = Phase.of(execution);
    String campaignCode = (String) execution.getVariable("campaignCode");
    String unitCode = (String) execution.getVariable("unitCode");
    if (!campaignUnits.settle(campaignCode, unitCode, phase, EngineClock.now())) {
      return;
    }
    ProcessEngine engine = execution.getProcessEngine();
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          private boolean last;

          @Override
          public void beforeCommit(boolean readOnly) {
            last = campaigns.decrementOpen(campaignCode, phase.prefix()) == 0;
          }

          @Override
          public void afterCommit() {
            if (last) {
              try {
                // the unit's contact or HQ may be the one whose completion ends the collection:
                // this is
                // the product's own bookkeeping, not the user's, so it runs without their checks
                EngineAccess.inNewTransactionWithoutAuthorization(
                    engine, () -> tellCampaign(engine, campaignCode, phase));
              } catch (RuntimeException e) {
                LOG.warn(
                    "Campaign {}: every unit's {} is settled, but telling the campaign failed; its collection-end timer will end the wait",
                    campaignCode,
                    phase.label(),
                    e);
              }
            }
          }
        });
  }

  private static Void tellCampaign(ProcessEngine engine, String campaignCode, Phase phase) {
    engine
        .getRuntimeService()
        .createMessageCorrelation(phase.settledMessage())
        .processInstanceBusinessKey(campaignCode)
        .correlateAllWithResult();
    return null;
  }
}
