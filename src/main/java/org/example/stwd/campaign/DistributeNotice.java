package org.example.stwd.campaign;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Unit;
import org.example.stwd.validation.FormInput;
import org.springframework.stereotype.Component;

/**
 * 分发转发通知: registers every addressed unit in the status table, numbered into start batches, and sets
 * the open-plan counter. The units' own processes are then started batch by batch.
 */
@Component("distributeNotice")
public class DistributeNotice implements JavaDelegate {

  private final ForwardingRules rules;
  private final CampaignUnitRepository campaignUnits;
  private final CampaignRepository campaigns;
  private final StwdProperties properties;

  public DistributeNotice(
      ForwardingRules rules,
      CampaignUnitRepository campaignUnits,
      CampaignRepository campaigns,
      StwdProperties properties) {
    this.rules = rules;
    this.campaignUnits = campaignUnits;
    this.campaigns = campaigns;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String code = (String) execution.getVariable("campaignCode");
    FormInput in = FormInput.of(execution);
    ForwardingRules.Forwarding forwarding = rules.check(execution, in);
    in.throwIfInvalid();
    List<Unit> units = rules.recipients(forwarding);
    campaignUnits.insertAll(code, units, properties.unitBatchSize());
    campaigns.setAddressed(code, units.size());
    execution.setVariable(
        "batchCount", (units.size() + properties.unitBatchSize() - 1) / properties.unitBatchSize());
  }
}
