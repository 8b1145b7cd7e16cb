package org.example.stwd.campaign;

import org.example.stwd.core.Phase;
import org.example.stwd.unit.UnitBatchLauncher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The batch launchers named by campaign.bpmn (Task_StartUnitPlans, Task_StartUnitSummaries). */
@Configuration
public class CampaignDelegates {

  @Bean
  public UnitBatchLauncher startUnitPlans() {
    return new UnitBatchLauncher(Phase.PLAN, "batchCount");
  }

  @Bean
  public UnitBatchLauncher startUnitSummaries() {
    return new UnitBatchLauncher(Phase.SUMMARY, "summaryBatchCount");
  }
}
