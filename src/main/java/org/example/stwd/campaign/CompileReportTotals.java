package org.example.stwd.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.example.stwd.attachments.Attachments;
import org.example.stwd.attachments.StoredFile;
import org.example.stwd.core.ActivityRepository;
import org.example.stwd.core.CampaignUnit;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.core.PlannedActivity;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.support.JsonValues;
import org.springframework.stereotype.Component;

/**
 * 汇总活动成效: the totals of the upward report, computed from the status and activity tables so that HQ
 * does not count by hand, and the candidates for commendation.
 */
@Component("compileReportTotals")
public class CompileReportTotals implements JavaDelegate {

  private final CampaignUnitRepository campaignUnits;
  private final ActivityRepository activities;
  private final org.example.stwd.config.StwdProperties properties;
  private final Attachments attachments;

  /** The most photos offered for featuring (a checklist in Tasklist, in unit order). */
  static final int MAX_PHOTO_OPTIONS = 300;

  public CompileReportTotals(
      CampaignUnitRepository campaignUnits,
      ActivityRepository activities,
      org.example.stwd.config.StwdProperties properties,
      Attachments attachments) {
    this.attachments = attachments;
    this.campaignUnits = campaignUnits;
    this.activities = activities;
    this.properties = properties;
  }

  private String exports(String code, String table) {
    return properties.baseUrl() + "/api/campaigns/" + code + "/exports/" + table + ".xlsx";
  }

  @Override
  public void execute(DelegateExecution execution) {
    String code = (String) execution.getVariable("campaignCode");
    Map<UnitStatus, Integer> plans = campaignUnits.countByStatus(code, Phase.PLAN);
    Map<UnitStatus, Integer> summaries = campaignUnits.countByStatus(code, Phase.SUMMARY);
    int addressed = plans.values().stream().mapToInt(Integer::intValue).sum();
    List<CampaignUnit> taking =
        campaignUnits.findByStatus(code, Phase.SUMMARY, UnitStatus.APPROVED);
    long[] held = activities.approvedSummaryTotals(code);
    Set<String> takingCodes =
        taking.stream().map(CampaignUnit::unitCode).collect(Collectors.toSet());
    List<PlannedActivity> commendable =
        activities.approved(code).stream().filter(a -> takingCodes.contains(a.unitCode())).toList();
    long featured = activities.approved(code).stream().filter(PlannedActivity::featured).count();

    String md =
        "| 项目 | 数量 |\n|---|---|\n"
            + "| 发送通知单位 | "
            + addressed
            + " |\n"
            + "| 方案通过单位 | "
            + plans.get(UnitStatus.APPROVED)
            + " |\n"
            + "| 声明不开展活动单位 | "
            + plans.get(UnitStatus.DECLINED)
            + " |\n"
            + "| 未报送方案单位 | "
            + plans.get(UnitStatus.MISSED)
            + " |\n"
            + "| 总结通过单位（参加活动单位） | "
            + taking.size()
            + " |\n"
            + "| 未报送总结单位 | "
            + summaries.get(UnitStatus.MISSED)
            + " |\n"
            + "| 举办活动（项） | "
            + held[0]
            + " |\n"
            + "| 参加人次 | "
            + held[1]
            + " |\n"
            + "| 总会重点宣传活动（项） | "
            + featured
            + " |\n"
            + "\n统计表：[附件二 活动开展方案统计表（Excel）]("
            + exports(code, "plans")
            + ") · [活动总结统计表（Excel）]("
            + exports(code, "summaries")
            + ") · [活动看板]("
            + properties.baseUrl()
            + "/board?campaign="
            + code
            + ")\n";
    execution.setVariable("reportTotalsText", md);
    execution.setVariable("reportUnitsTakingPart", taking.size());
    execution.setVariable("reportActivitiesHeld", held[0]);
    execution.setVariable("reportParticipants", held[1]);
    execution.setVariable("reportFeaturedActivities", featured);

    List<Map<String, String>> unitOptions = new ArrayList<>();
    taking.forEach(
        u ->
            unitOptions.add(
                JsonValues.option(u.unitName() + "（" + u.category().label() + "）", u.unitCode())));
    List<Map<String, String>> activityOptions = new ArrayList<>();
    commendable.forEach(
        a ->
            activityOptions.add(
                JsonValues.option(
                    (a.featured() ? "★ " : "") + a.unitName() + " · " + a.name(),
                    String.valueOf(a.id()))));
    execution.setVariable("participatingUnitOptions", JsonValues.options(unitOptions));
    execution.setVariable("commendableActivityOptions", JsonValues.options(activityOptions));
    // the photos of approved summaries HQ may feature in the report
    List<Map<String, String>> photoOptions = new ArrayList<>();
    attachments
        .approvedSummaryPhotos(code, MAX_PHOTO_OPTIONS)
        .forEach(
            p ->
                photoOptions.add(
                    JsonValues.option(photoLabel(p.unitName(), p.file()), p.file().id())));
    execution.setVariable("featuredPhotoOptions", JsonValues.options(photoOptions));
  }

  /** How a photo is named where HQ picks and leaders read: unit · file (capture date). */
  static String photoLabel(String unitName, StoredFile file) {
    return unitName
        + " · "
        + file.name()
        + (file.capturedAt() == null ? "" : "（拍摄于 " + file.capturedAt() + "）");
  }
}
