package org.example.stwd.unit;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.example.stwd.campaign.CampaignRepository;
import org.example.stwd.support.EngineClock;
import org.springframework.stereotype.Component;

/**
 * End of a unit's collection (approved, declined, missed or cancelled): settles the unit once in
 * the status table and counts it off the campaign's open counter. The unit that brings the
 * counter to zero tells the campaign, which is already waiting for that message. This replaces
 * the join of a multi-instance, which does not survive thousands of units.
 */
@Component("unitSettlementListener")
public class UnitSettlementListener implements ExecutionListener {

  private final CampaignUnitRepository campaignUnits;
  private final CampaignRepository campaigns;

  public UnitSettlementListener(CampaignUnitRepository campaignUnits, CampaignRepository campaigns) {
    this.campaignUnits = campaignUnits;
    this.campaigns = campaigns;
  }

  @Override
  public void notify(DelegateExecution execution) {
    // the unit's contact may be the one whose completion ends the collection: the engine calls
    // below are the product's own bookkeeping, not the user's, so they run without their checks
    Context.getCommandContext().runWithoutAuthorization(() -> {
      settle(execution);
      return null;
    });
  }

  private void settle(DelegateExecution execution) {
    Phase phase = Phase.ofProcessKey(execution.getProcessEngineServices().getRepositoryService()
        .getProcessDefinition(execution.getProcessDefinitionId()).getKey());
    String campaignCode = (String) execution.getVariable("campaignCode");
    String unitCode = (String) execution.getVariable("unitCode");
    if (!campaignUnits.settle(campaignCode, unitCode, phase, EngineClock.now())) {
      return;
    }
    // the counter row is the one hot spot of a campaign: touch it last
    if (campaigns.decrementOpen(campaignCode, phase.prefix()) == 0) {
      execution.getProcessEngineServices().getRuntimeService()
          .createMessageCorrelation(phase.settledMessage())
          .processInstanceBusinessKey(campaignCode)
          .correlateAllWithResult();
    }
  }
}
