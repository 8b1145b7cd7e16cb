package org.example.stwd.campaign;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.core.ActivityRepository;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.PlannedActivity;
import org.example.stwd.validation.FormInput;
import org.springframework.stereotype.Component;

/** Completion of 统筹活动宣传 (coordinate-publicity): the featured activities and publicity record. */
@Component("coordinatePublicityListener")
public class CoordinatePublicityListener implements TaskListener {

  private final ActivityRepository activities;
  private final CampaignUnitRepository campaignUnits;

  public CoordinatePublicityListener(
      ActivityRepository activities, CampaignUnitRepository campaignUnits) {
    this.activities = activities;
    this.campaignUnits = campaignUnits;
  }

  @Override
  public void notify(DelegateTask task) {
    String code = (String) task.getVariable("campaignCode");
    FormInput in = FormInput.of(task);
    List<Long> ids = ActivityIds.parse(in.stringList("featuredActivityIds", "重点宣传活动"), in);
    in.optionalLines("publicityLinks", "宣传报道链接", 2000);
    in.bool("castPlatformUploaded", "已将活动信息上传至中国科协活动平台");
    in.optionalLines("publicityNote", "备注", 1000);
    List<PlannedActivity> featured = activities.byIds(code, ids);
    in.check(featured.size() == ids.size(), "所选重点宣传活动中有不属于已通过方案的活动");
    in.throwIfInvalid();
    activities.setFlag(code, ids, "featured");
    List<String> units =
        new ArrayList<>(featured.stream().map(PlannedActivity::unitCode).distinct().toList());
    campaignUnits.setFlag(code, units, "featured");
    task.setVariable("featuredUnitCount", units.size());
  }
}
