package org.example.stwd.campaign;

import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.core.ActivityRepository;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.validation.FormInput;
import org.springframework.stereotype.Component;

/**
 * Completion of 登记表扬结果 (record-commendation): CAST's commendation, a subset of the nominations,
 * flagged in the tables.
 */
@Component("recordCommendationListener")
public class RecordCommendationListener implements TaskListener {

  private final CampaignUnitRepository campaignUnits;
  private final ActivityRepository activities;
  private final CampaignRepository campaigns;

  public RecordCommendationListener(
      CampaignUnitRepository campaignUnits,
      ActivityRepository activities,
      CampaignRepository campaigns) {
    this.campaignUnits = campaignUnits;
    this.activities = activities;
    this.campaigns = campaigns;
  }

  @Override
  public void notify(DelegateTask task) {
    String code = (String) task.getVariable("campaignCode");
    FormInput in = FormInput.of(task);
    String doc = in.requiredText("commendationDocNumber", "表扬文件文号", 100);
    in.date("commendationDate", "表扬日期", true);
    Set<String> nominatedUnits =
        ReportListeners.options(task.getVariable("nominatedUnitOptions")).keySet();
    Set<String> nominatedActs =
        ReportListeners.options(task.getVariable("nominatedActivityOptions")).keySet();
    List<String> units = in.stringList("commendedUnitCodes", "受表扬单位");
    List<String> acts = in.stringList("commendedActivityIds", "受表扬活动");
    in.check(nominatedUnits.containsAll(units), "受表扬单位须为已推荐的单位");
    in.check(nominatedActs.containsAll(acts), "受表扬活动须为已推荐的活动");
    in.optionalLines("commendationNote", "备注", 1000);
    List<Long> ids = ActivityIds.parse(acts, in);
    in.throwIfInvalid();
    campaignUnits.setFlag(code, units, "commended");
    activities.setFlag(code, ids, "commended");
    campaigns.setCommendation(code, doc);
  }
}
