package org.example.stwd.unit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.attachments.SubmissionFiles;
import org.example.stwd.core.ActivityRepository;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.CampaignValues;
import org.example.stwd.core.Phase;
import org.example.stwd.core.PlannedActivity;
import org.example.stwd.core.PlannedActivity.ActivityMode;
import org.example.stwd.core.SubmissionRepository;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.support.JsonValues;
import org.example.stwd.validation.FormInput;
import org.springframework.stereotype.Component;

/**
 * Completion of 提交活动方案 (submit-plan): a unit either declares that it holds no activity or submits
 * one or more activities. The plan is written to the status and activity tables and rendered as
 * {@code planText} for HQ's review.
 */
@Component("submitPlanListener")
public class SubmitPlanListener implements TaskListener {

  static final int MAX_ACTIVITIES = 20;

  private final CampaignUnitRepository campaignUnits;
  private final ActivityRepository activities;
  private final CampaignValues campaignValues;
  private final SubmissionRepository submissions;
  private final SubmissionFiles submissionFiles;

  /** The form's fields, as the unit's submission record keeps them (submit-plan.form). */
  static final List<String> FIELDS =
      List.of(
          "holdsActivities",
          "declineReason",
          "activities",
          "responsiblePerson",
          "responsiblePhone",
          "responsibleEmail");

  public SubmitPlanListener(
      CampaignUnitRepository campaignUnits,
      ActivityRepository activities,
      CampaignValues campaignValues,
      SubmissionRepository submissions,
      SubmissionFiles submissionFiles) {
    this.submissionFiles = submissionFiles;
    this.campaignUnits = campaignUnits;
    this.activities = activities;
    this.campaignValues = campaignValues;
    this.submissions = submissions;
  }

  @Override
  public void notify(DelegateTask task) {
    String campaignCode = (String) task.getVariable("campaignCode");
    String unitCode = (String) task.getVariable("unitCode");
    FormInput in = FormInput.of(task);
    String holds = in.choice("holdsActivities", "是否开展活动", List.of("YES", "NO"));
    String person = in.requiredText("responsiblePerson", "负责人姓名", 50);
    String phone = in.requiredText("responsiblePhone", "联系电话", 50);
    String email = in.email("responsibleEmail", "电子邮箱", true);
    String declineReason = in.optionalLines("declineReason", "不开展活动的原因", 500);
    List<PlannedActivity> planned = new ArrayList<>();
    if ("YES".equals(holds)) {
      planned =
          readActivities(
              in,
              categories(campaignValues.categoryOptions(task.getExecution())),
              campaignValues.activityWindow(task.getExecution()),
              unitCode);
    }
    in.throwIfInvalid();
    // a resubmission gets a fresh review (Tasklist would pre-fill the old decision and comment)
    task.removeVariable("planDecision");
    task.removeVariable("planReviewComment");

    if ("NO".equals(holds)) {
      activities.replacePlanned(campaignCode, unitCode, List.of());
      campaignUnits.setPlanContact(campaignCode, unitCode, person, phone, email, declineReason);
      campaignUnits.markSubmitted(
          campaignCode, unitCode, Phase.PLAN, UnitStatus.DECLINED, EngineClock.now());
      submissions.record(
          task, Phase.PLAN, UnitStatus.DECLINED, "本单位今年不开展活动", FIELDS, EngineClock.now());
      task.setVariable(
          "planText", "本单位今年不开展活动。" + (declineReason == null ? "" : "原因：" + declineReason));
      return;
    }
    activities.replacePlanned(campaignCode, unitCode, planned);
    campaignUnits.setPlanContact(campaignCode, unitCode, person, phone, email, null);
    campaignUnits.markSubmitted(
        campaignCode, unitCode, Phase.PLAN, UnitStatus.SUBMITTED, EngineClock.now());
    String reference =
        submissions.record(
            task, Phase.PLAN, UnitStatus.SUBMITTED, digest(planned), FIELDS, EngineClock.now());
    submissionFiles.attach(task, Phase.PLAN, reference);
    task.setVariable("planText", PlanText.render(planned, person, phone, email));
  }

  /** One line for the unit's history: how many activities, and their names. */
  static String digest(List<PlannedActivity> planned) {
    return planned.size()
        + " 项活动："
        + planned.stream().map(PlannedActivity::name).collect(Collectors.joining("；"));
  }

  static Set<String> categories(Object categoryOptions) {
    List<Object> options = JsonValues.toList(categoryOptions);
    if (options == null) {
      return Set.of();
    }
    return options.stream()
        .map(o -> String.valueOf(((Map<?, ?>) o).get("value")))
        .collect(Collectors.toSet());
  }

  static List<PlannedActivity> readActivities(
      FormInput in, Set<String> categories, CampaignValues.ActivityWindow window, String unitCode) {
    List<Object> items = in.list("activities", "活动清单");
    in.check(!items.isEmpty(), "开展活动时请至少填写一项活动");
    in.check(items.size() <= MAX_ACTIVITIES, "每个单位最多填报 " + MAX_ACTIVITIES + " 项活动");
    List<PlannedActivity> result = new ArrayList<>();
    int seq = 0;
    for (Object item : items) {
      seq++;
      if (!(item instanceof Map<?, ?> map)) {
        in.problem("第 " + seq + " 项活动格式无效");
        continue;
      }
      FormInput a = in.item(map, "第 " + seq + " 项活动：");
      String name = a.requiredText("activityName", "活动名称", 100);
      String category = a.choice("activityCategory", "活动类别", categories);
      LocalDate start = a.date("startDate", "开始日期", true);
      LocalDate end = a.date("endDate", "结束日期", true);
      if (start != null && end != null) {
        a.check(!end.isBefore(start), "「结束日期」不能早于「开始日期」");
      }
      a.within(start, "开始日期", window.first(), window.last(), "通知规定的活动期间");
      a.within(end, "结束日期", window.first(), window.last(), "通知规定的活动期间");
      String place = a.requiredText("place", "活动地点", 200);
      String mode =
          a.choice("mode", "活动形式", Arrays.stream(ActivityMode.values()).map(Enum::name).toList());
      String audience = a.requiredText("audience", "参与对象", 100);
      Integer expected = a.integer("expectedParticipants", "预计参与人数", 1, 1_000_000, true);
      String description = a.requiredLines("description", "活动简介", 1000);
      String channels = a.optionalText("publicityChannels", "宣传渠道", 200);
      boolean keyPublicity = a.bool("requestsKeyPublicity", "申请总会重点宣传");
      if (name != null
          && category != null
          && start != null
          && end != null
          && place != null
          && mode != null
          && audience != null
          && expected != null
          && description != null) {
        result.add(
            new PlannedActivity(
                null,
                unitCode,
                null,
                seq,
                name,
                category,
                start,
                end,
                place,
                ActivityMode.valueOf(mode),
                audience,
                expected,
                description,
                channels,
                keyPublicity,
                false));
      }
    }
    return result;
  }
}
