package org.example.stwd.campaign;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.core.CampaignUnitRepository;
import org.springframework.stereotype.Component;

/** 确定报送总结单位: every unit whose plan was approved reports a summary. */
@Component("prepareSummaries")
public class PrepareSummaries implements JavaDelegate {

  private final CampaignUnitRepository campaignUnits;
  private final CampaignRepository campaigns;
  private final StwdProperties properties;

  public PrepareSummaries(
      CampaignUnitRepository campaignUnits,
      CampaignRepository campaigns,
      StwdProperties properties) {
    this.campaignUnits = campaignUnits;
    this.campaigns = campaigns;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String code = (String) execution.getVariable("campaignCode");
    int units = campaignUnits.prepareSummaries(code, properties.unitBatchSize());
    campaigns.setSummaryUnits(code, units);
    execution.setVariable("summaryUnits", units);
    execution.setVariable(
        "summaryBatchCount", (units + properties.unitBatchSize() - 1) / properties.unitBatchSize());
  }
}
