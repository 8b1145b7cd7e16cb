package org.example.stwd.unit;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;

/** 记录未报送: the cut-off passed and the unit had not (re)submitted. */
public class RecordMissed implements JavaDelegate {

  private final Phase phase;
  private final CampaignUnitRepository campaignUnits;

  public RecordMissed(Phase phase, CampaignUnitRepository campaignUnits) {
    this.phase = phase;
    this.campaignUnits = campaignUnits;
  }

  @Override
  public void execute(DelegateExecution execution) {
    campaignUnits.setStatus(
        (String) execution.getVariable("campaignCode"),
        (String) execution.getVariable("unitCode"),
        phase,
        UnitStatus.MISSED);
  }
}
