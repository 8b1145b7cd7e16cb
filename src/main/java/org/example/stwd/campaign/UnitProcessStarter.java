package org.example.stwd.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.example.stwd.support.JsonValues;
import org.example.stwd.unit.ActivityRepository;
import org.example.stwd.unit.CampaignUnit;
import org.example.stwd.unit.CampaignUnitRepository;
import org.example.stwd.unit.Phase;
import org.example.stwd.unit.PlannedActivity;
import org.example.stwd.unit.Unit;

/**
 * 启动单位方案流程 / 启动单位总结流程: one async job per batch starts the unit processes of that batch
 * (the multi-instance's loopCounter is the batch number). Idempotent per (campaign, unit): units
 * whose process exists already are skipped, so a retried batch starts nothing twice.
 */
public class UnitProcessStarter implements JavaDelegate {

  /** Campaign variables every unit process gets a copy of. */
  private static final List<String> COMMON = List.of("campaignCode", "campaignTitle", "campaignTheme", "forwardingDocNumber", "forwardingNote", "hqContact");

  private final Phase phase;
  private final CampaignUnitRepository campaignUnits;
  private final ActivityRepository activities;

  public UnitProcessStarter(Phase phase, CampaignUnitRepository campaignUnits, ActivityRepository activities) {
    this.phase = phase;
    this.campaignUnits = campaignUnits;
    this.activities = activities;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String campaignCode = (String) execution.getVariable("campaignCode");
    int batchNo = (Integer) execution.getVariable("loopCounter");
    RuntimeService runtime = execution.getProcessEngineServices().getRuntimeService();
    for (CampaignUnit unit : campaignUnits.unstarted(campaignCode, phase, batchNo)) {
      VariableMap variables = Variables.createVariables();
      COMMON.forEach(name -> variables.put(name, execution.getVariable(name)));
      for (String suffix : List.of("Deadline", "DueAt", "ReminderAt", "OverdueCycle", "CutoffAt")) {
        variables.put(phase.variable(suffix), execution.getVariable(phase.variable(suffix)));
      }
      variables.put("unitCode", unit.unitCode());
      variables.put("unitName", unit.unitName());
      variables.put("unitCategoryLabel", unit.category().label());
      variables.put("unitGroup", Unit.groupOf(unit.unitCode()));
      if (phase == Phase.PLAN) {
        variables.put("activityCategoryOptions", execution.getVariableTyped("activityCategoryOptions"));
      } else {
        variables.put("summaryActivities", JsonValues.json(heldFromPlan(campaignCode, unit.unitCode())));
      }
      ProcessInstance instance =
          runtime.startProcessInstanceByKey(phase.processKey(), Phase.businessKey(campaignCode, unit.unitCode()), variables);
      campaignUnits.setInstance(campaignCode, unit.unitCode(), phase, instance.getId());
    }
  }

  /** The summary form starts from the approved plan: the planned activities with their expected numbers. */
  private List<Map<String, Object>> heldFromPlan(String campaignCode, String unitCode) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (PlannedActivity a : activities.planned(campaignCode, unitCode)) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("activityName", a.name());
      item.put("startDate", a.startDate().toString());
      item.put("endDate", a.endDate().toString());
      item.put("participants", a.expectedParticipants());
      item.put("mediaLinks", "");
      items.add(item);
    }
    return items;
  }
}
