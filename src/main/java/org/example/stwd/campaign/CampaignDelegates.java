package org.example.stwd.campaign;

import org.example.stwd.unit.ActivityRepository;
import org.example.stwd.unit.CampaignUnitRepository;
import org.example.stwd.unit.Phase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The batch starters named by campaign.bpmn (Task_StartUnitPlans, Task_StartUnitSummaries). */
@Configuration
public class CampaignDelegates {

  @Bean
  public UnitProcessStarter startUnitPlans(CampaignUnitRepository units, ActivityRepository activities) {
    return new UnitProcessStarter(Phase.PLAN, units, activities);
  }

  @Bean
  public UnitProcessStarter startUnitSummaries(CampaignUnitRepository units, ActivityRepository activities) {
    return new UnitProcessStarter(Phase.SUMMARY, units, activities);
  }
}
