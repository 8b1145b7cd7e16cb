package org.example.stwd.unit;

import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.core.SubmissionRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Phase-specific beans named by unit-plan.bpmn and unit-summary.bpmn. */
@Configuration
public class UnitDelegates {

  @Bean
  public ReviewListener reviewPlanListener(
      CampaignUnitRepository units, SubmissionRepository submissions) {
    return new ReviewListener(Phase.PLAN, units, submissions);
  }

  @Bean
  public ReviewListener reviewSummaryListener(
      CampaignUnitRepository units, SubmissionRepository submissions) {
    return new ReviewListener(Phase.SUMMARY, units, submissions);
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
