package org.example.stwd.campaign;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.core.ActivityRepository;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.support.JsonValues;
import org.example.stwd.support.Markdown;
import org.example.stwd.validation.FormInput;
import org.springframework.stereotype.Component;

/**
 * Completion of 推荐表扬对象 (nominate-commendation): the nominated units and activities, flagged in the
 * tables, and the nomination as the leaders read it.
 */
@Component("nominateCommendationListener")
public class NominateCommendationListener implements TaskListener {

  private final CampaignUnitRepository campaignUnits;
  private final ActivityRepository activities;

  public NominateCommendationListener(
      CampaignUnitRepository campaignUnits, ActivityRepository activities) {
    this.campaignUnits = campaignUnits;
    this.activities = activities;
  }

  @Override
  public void notify(DelegateTask task) {
    String code = (String) task.getVariable("campaignCode");
    FormInput in = FormInput.of(task);
    Map<String, String> unitOptions =
        ReportListeners.options(task.getVariable("participatingUnitOptions"));
    Map<String, String> activityOptions =
        ReportListeners.options(task.getVariable("commendableActivityOptions"));
    List<String> units = in.stringList("nominatedUnitCodes", "优秀组织单位");
    List<String> acts = in.stringList("nominatedActivityIds", "特色活动");
    in.check(unitOptions.keySet().containsAll(units), "推荐的单位须为总结已通过的参加单位");
    in.check(activityOptions.keySet().containsAll(acts), "推荐的活动须为参加单位的活动");
    in.check(
        !(units.isEmpty() && acts.isEmpty())
            || (unitOptions.isEmpty() && activityOptions.isEmpty()),
        "请至少推荐一个优秀组织单位或一项特色活动");
    in.requiredLines("nominationReason", "推荐理由", 2000);
    List<Long> ids = ActivityIds.parse(acts, in);
    in.throwIfInvalid();
    task.removeVariable("nominationDecision");
    task.removeVariable("nominationComment");
    campaignUnits.setFlag(code, units, "nominated");
    activities.setFlag(code, ids, "nominated");
    StringBuilder md = new StringBuilder("**推荐优秀组织单位（" + units.size() + "）：**\n\n");
    units.forEach(u -> md.append("- ").append(Markdown.escape(unitOptions.get(u))).append("\n"));
    md.append("\n**推荐特色活动（").append(acts.size()).append("）：**\n\n");
    acts.forEach(a -> md.append("- ").append(Markdown.escape(activityOptions.get(a))).append("\n"));
    md.append("\n**推荐理由：** ")
        .append(Markdown.escape((String) task.getVariable("nominationReason")))
        .append("\n");
    task.setVariable("nominationText", md.toString());
    task.setVariable(
        "nominatedUnitOptions", JsonValues.options(ReportListeners.subset(unitOptions, units)));
    task.setVariable(
        "nominatedActivityOptions",
        JsonValues.options(ReportListeners.subset(activityOptions, acts)));
  }
}
