package org.example.stwd.unit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.example.stwd.attachments.SubmissionFiles;
import org.example.stwd.core.ActivityRepository;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.CampaignValues;
import org.example.stwd.core.HeldActivity;
import org.example.stwd.core.Phase;
import org.example.stwd.core.SubmissionRepository;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.validation.FormInput;
import org.springframework.stereotype.Component;

/** Completion of 提交活动总结 (submit-summary): what was held, participants, summary text (≤ 3000). */
@Component("submitSummaryListener")
public class SubmitSummaryListener implements TaskListener {

  static final int MAX_SUMMARY_LENGTH = 3000;

  private final CampaignUnitRepository campaignUnits;
  private final ActivityRepository activities;
  private final CampaignValues campaignValues;
  private final SubmissionRepository submissions;
  private final SubmissionFiles submissionFiles;

  /** The form's fields, as the unit's submission record keeps them (submit-summary.form). */
  static final List<String> FIELDS =
      List.of(
          "summaryActivities",
          "summaryText",
          "mediaLinks",
          "experience",
          "responsiblePerson",
          "responsiblePhone",
          "responsibleEmail");

  public SubmitSummaryListener(
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
    CampaignValues.ActivityWindow window = campaignValues.activityWindow(task.getExecution());
    List<Object> items = in.list("summaryActivities", "已举办活动");
    in.check(!items.isEmpty(), "请至少填写一项已举办的活动");
    in.check(
        items.size() <= SubmitPlanListener.MAX_ACTIVITIES,
        "最多填写 " + SubmitPlanListener.MAX_ACTIVITIES + " 项活动");
    List<HeldActivity> held = new ArrayList<>();
    int seq = 0;
    for (Object item : items) {
      seq++;
      if (!(item instanceof Map<?, ?> map)) {
        in.problem("第 " + seq + " 项活动格式无效");
        continue;
      }
      FormInput a = in.item(map, "第 " + seq + " 项活动：");
      String name = a.requiredText("activityName", "活动名称", 100);
      LocalDate start = a.date("startDate", "开始日期", true);
      LocalDate end = a.date("endDate", "结束日期", true);
      if (start != null && end != null) {
        a.check(!end.isBefore(start), "「结束日期」不能早于「开始日期」");
      }
      a.within(start, "开始日期", window.first(), window.last(), "通知规定的活动期间");
      a.within(end, "结束日期", window.first(), window.last(), "通知规定的活动期间");
      Integer participants = a.integer("participants", "实际参与人数", 0, 1_000_000, true);
      String links = a.optionalLines("mediaLinks", "本活动报道链接", 1000);
      if (name != null && start != null && end != null && participants != null) {
        held.add(new HeldActivity(seq, name, start, end, participants, links));
      }
    }
    String text = in.requiredLines("summaryText", "活动总结", MAX_SUMMARY_LENGTH);
    String mediaLinks = in.optionalLines("mediaLinks", "图片、视频及媒体报道链接", 2000);
    String experience = in.optionalLines("experience", "经验与建议", 2000);
    in.requiredText("responsiblePerson", "负责人姓名", 50);
    in.requiredText("responsiblePhone", "联系电话", 50);
    in.email("responsibleEmail", "电子邮箱", true);
    in.throwIfInvalid();
    task.removeVariable("summaryDecision");
    task.removeVariable("summaryReviewComment");

    activities.replaceHeld(campaignCode, unitCode, held);
    int participants = held.stream().mapToInt(HeldActivity::participants).sum();
    campaignUnits.setSummary(campaignCode, unitCode, text, mediaLinks, experience, participants);
    campaignUnits.markSubmitted(
        campaignCode, unitCode, Phase.SUMMARY, UnitStatus.SUBMITTED, EngineClock.now());
    String reference =
        submissions.record(
            task,
            Phase.SUMMARY,
            UnitStatus.SUBMITTED,
            held.size()
                + " 项活动，共 "
                + participants
                + " 人参与："
                + held.stream()
                    .map(HeldActivity::name)
                    .collect(java.util.stream.Collectors.joining("；")),
            FIELDS,
            EngineClock.now());
    submissionFiles.attach(task, Phase.SUMMARY, reference);
    task.setVariable(
        "summaryReportText", PlanText.renderSummary(held, text, mediaLinks, experience));
  }
}
