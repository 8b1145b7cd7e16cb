package org.example.stwd.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.example.stwd.core.ActivityRepository;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.core.PlannedActivity;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.support.JsonValues;
import org.springframework.stereotype.Component;

/**
 * 汇总活动方案: the plan statistics HQ sees when coordinating publicity (counts per status and per
 * category, key-publicity requests) and the choice of activities to feature.
 */
@Component("compilePlanStatistics")
public class CompilePlanStatistics implements JavaDelegate {

  /**
   * How many rows of key-publicity requests the statistics text lists; the table export has all.
   */
  static final int LISTED_REQUESTS = 100;

  private final CampaignUnitRepository campaignUnits;
  private final ActivityRepository activities;

  public CompilePlanStatistics(
      CampaignUnitRepository campaignUnits, ActivityRepository activities) {
    this.campaignUnits = campaignUnits;
    this.activities = activities;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String code = (String) execution.getVariable("campaignCode");
    Map<UnitStatus, Integer> counts = campaignUnits.countByStatus(code, Phase.PLAN);
    List<PlannedActivity> approved = activities.approved(code);
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();

    StringBuilder md = new StringBuilder();
    md.append("| 报送情况 | 单位数 |\n|---|---|\n");
    md.append("| 发送单位 | ").append(total).append(" |\n");
    for (UnitStatus s :
        List.of(
            UnitStatus.APPROVED,
            UnitStatus.DECLINED,
            UnitStatus.SUBMITTED,
            UnitStatus.RETURNED,
            UnitStatus.PENDING,
            UnitStatus.MISSED,
            UnitStatus.CANCELLED)) {
      md.append("| ").append(s.label()).append(" | ").append(counts.get(s)).append(" |\n");
    }
    Map<String, int[]> byCategory = new TreeMap<>();
    approved.forEach(
        a -> {
          int[] c = byCategory.computeIfAbsent(a.category(), k -> new int[2]);
          c[0]++;
          c[1] += a.expectedParticipants();
        });
    md.append("\n| 活动类别 | 活动数 | 预计参与人数 |\n|---|---|---|\n");
    byCategory.forEach(
        (category, c) ->
            md.append("| ")
                .append(category)
                .append(" | ")
                .append(c[0])
                .append(" | ")
                .append(c[1])
                .append(" |\n"));
    long requests = approved.stream().filter(PlannedActivity::keyPublicityRequested).count();
    md.append("\n已通过方案共 ")
        .append(approved.size())
        .append(" 项活动，其中申请总会重点宣传 ")
        .append(requests)
        .append(" 项。\n");

    List<Map<String, String>> options = new ArrayList<>();
    for (PlannedActivity a : approved) {
      options.add(JsonValues.option(label(a), String.valueOf(a.id())));
    }
    execution.setVariable("planStatisticsText", md.toString());
    execution.setVariable("activityOptions", JsonValues.options(options));
    execution.setVariable("plansApproved", counts.get(UnitStatus.APPROVED));
    execution.setVariable("activitiesPlanned", approved.size());
  }

  static String label(PlannedActivity a) {
    return (a.keyPublicityRequested() ? "★ " : "")
        + a.unitName()
        + " · "
        + a.name()
        + "（"
        + a.category()
        + "，"
        + a.startDate()
        + (a.endDate().equals(a.startDate()) ? "" : " 至 " + a.endDate())
        + "）";
  }
}
