package org.example.stwd.unit;

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
import org.example.stwd.core.ActivityRepository;
import org.example.stwd.core.CampaignUnit;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.CampaignValues;
import org.example.stwd.core.Phase;
import org.example.stwd.core.PlannedActivity;
import org.example.stwd.support.JsonValues;
import org.springframework.stereotype.Component;

/**
 * 启动本批单位流程 (unit-batch.bpmn): the job of one batch starts the unit processes of that batch, each
 * with its copy of the campaign's values. Idempotent per (campaign, unit): units whose process
 * exists already are skipped, so a retried batch starts nothing twice.
 */
@Component("startUnitBatch")
public class UnitProcessStarter implements JavaDelegate {

  /**
   * The campaign's values a unit process keeps a copy of: what its forms and the Tasklist list
   * show. Everything else it reads from the campaign when needed ({@link CampaignValues}).
   */
  private static final List<String> COPIED =
      List.of("campaignCode", "campaignTitle", "campaignTheme");

  private final CampaignUnitRepository campaignUnits;
  private final ActivityRepository activities;

  public UnitProcessStarter(CampaignUnitRepository campaignUnits, ActivityRepository activities) {
    this.campaignUnits = campaignUnits;
    this.activities = activities;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String campaignCode = (String) execution.getVariable("campaignCode");
    Phase phase = Phase.valueOf((String) execution.getVariable("phase"));
    int batchNo = ((Number) execution.getVariable("batchNo")).intValue();
    RuntimeService runtime = execution.getProcessEngineServices().getRuntimeService();
    List<CampaignUnit> units = campaignUnits.unstarted(campaignCode, phase, batchNo);
    if (units.isEmpty()) {
      return;
    }
    // the campaign's values, read once for the batch: the copied ones, the deadline the forms
    // show, and the schedule the units' timers need. The plan form's category options are not
    // copied: a JSON value is six rows per unit (ADR 0014), and the unit page adds them to the form
    List<String> copied = new ArrayList<>(COPIED);
    copied.add(phase.variable(Phase.Schedule.DEADLINE));
    List<String> names = new ArrayList<>(copied);
    for (Phase.Schedule value : Phase.Schedule.UNIT_TIMERS) {
      names.add(phase.variable(value));
    }
    VariableMap campaign =
        runtime.getVariablesTyped(
            (String) execution.getVariable("campaignInstanceId"), names, true);
    CampaignValues.withPreloaded(
        campaignCode,
        campaign,
        () -> {
          for (CampaignUnit unit : units) {
            VariableMap variables = Variables.createVariables();
            copied.forEach(name -> variables.put(name, campaign.getValueTyped(name)));
            variables.put("unitCode", unit.unitCode());
            variables.put("unitName", unit.unitName());
            variables.put("unitCategoryLabel", unit.category().label());
            if (phase == Phase.SUMMARY) {
              variables.put(
                  "summaryActivities",
                  JsonValues.json(heldFromPlan(campaignCode, unit.unitCode())));
            }
            ProcessInstance instance =
                runtime.startProcessInstanceByKey(
                    phase.processKey(),
                    Phase.businessKey(campaignCode, unit.unitCode()),
                    variables);
            campaignUnits.setInstance(campaignCode, unit.unitCode(), phase, instance.getId());
          }
        });
  }

  /**
   * The summary form starts from the approved plan: the planned activities with their expected
   * numbers.
   */
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
