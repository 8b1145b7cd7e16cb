package org.example.stwd.unit;

import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Phase-specific beans named by unit-plan.bpmn and unit-summary.bpmn. */
@Configuration
public class UnitDelegates {

  @Bean
  public ReviewListener reviewPlanListener(CampaignUnitRepository units) {
    return new ReviewListener(Phase.PLAN, units);
  }

  @Bean
  public ReviewListener reviewSummaryListener(CampaignUnitRepository units) {
    return new ReviewListener(Phase.SUMMARY, units);
  }

  @Bean
  public RecordMissed recordPlanMissed(CampaignUnitRepository units) {
    return new RecordMissed(Phase.PLAN, units);
  }

  @Bean
  public RecordMissed recordSummaryMissed(CampaignUnitRepository units) {
    return new RecordMissed(Phase.SUMMARY, units);
  }
}
