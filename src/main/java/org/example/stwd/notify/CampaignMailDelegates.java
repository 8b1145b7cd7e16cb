package org.example.stwd.notify;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.unit.ActivityRepository;
import org.example.stwd.unit.CampaignUnit;
import org.example.stwd.unit.CampaignUnitRepository;
import org.example.stwd.unit.PlannedActivity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Mail sent from the campaign process (campaign.bpmn): featured units, commended units, HQ reminder. */
@Configuration
public class CampaignMailDelegates {

  private final MailService mail;
  private final Recipients recipients;
  private final CampaignUnitRepository campaignUnits;
  private final ActivityRepository activities;
  private final StwdProperties properties;

  public CampaignMailDelegates(MailService mail, Recipients recipients, CampaignUnitRepository campaignUnits, ActivityRepository activities, StwdProperties properties) {
    this.mail = mail;
    this.recipients = recipients;
    this.campaignUnits = campaignUnits;
    this.activities = activities;
    this.properties = properties;
  }

  /** 通知重点宣传单位: each unit with a featured activity is told which ones. */
  @Bean
  public JavaDelegate notifyFeaturedUnits() {
    return execution -> tellUnits(execution, MailKind.FEATURED, CampaignUnit::featured, PlannedActivity::featured,
        "入选总会重点宣传活动",
        "贵单位的以下活动入选总会重点宣传，总会将统筹开展宣传，请做好活动组织并及时提供图文资料：");
  }

  /** 通知受表扬单位: commended units, and units whose activities were commended. */
  @Bean
  public JavaDelegate notifyCommendedUnits() {
    return execution -> {
      String doc = (String) execution.getVariable("commendationDocNumber");
      tellUnits(execution, MailKind.COMMENDATION, CampaignUnit::commended, a -> commended(execution, a),
          "获得通报表扬",
          "根据" + doc + "，贵单位在本次活动中获得通报表扬。" + "\n受表扬的特色活动：");
    };
  }

  private boolean commended(DelegateExecution execution, PlannedActivity activity) {
    Object ids = execution.getVariable("commendedActivityIds");
    return ids != null && org.example.stwd.support.JsonValues.toList(ids).contains(String.valueOf(activity.id()));
  }

  private void tellUnits(DelegateExecution execution, MailKind kind, Predicate<CampaignUnit> unitFlag,
      Predicate<PlannedActivity> activityFlag, String subjectSuffix, String intro) {
    String code = (String) execution.getVariable("campaignCode");
    String title = (String) execution.getVariable("campaignTitle");
    Map<String, List<PlannedActivity>> byUnit = new LinkedHashMap<>();
    for (PlannedActivity a : activities.approved(code)) {
      if (activityFlag.test(a)) {
        byUnit.computeIfAbsent(a.unitCode(), k -> new java.util.ArrayList<>()).add(a);
      }
    }
    for (CampaignUnit unit : campaignUnits.findAll(code)) {
      List<PlannedActivity> acts = byUnit.getOrDefault(unit.unitCode(), List.of());
      if (!unitFlag.test(unit) && acts.isEmpty()) {
        continue;
      }
      StringBuilder text = new StringBuilder(unit.unitName()).append("：\n\n").append(intro).append("\n");
      acts.forEach(a -> text.append("- ").append(a.name()).append("（").append(a.startDate()).append("，").append(a.place()).append("）\n"));
      if (acts.isEmpty()) {
        text.append("（无）\n");
      }
      text.append("\n感谢贵单位对《").append(title).append("》的支持。\n\n（本邮件由系统自动发送。）\n")
          .append(execution.getVariable("hqContact") == null ? properties.societyName() : "联系人：" + execution.getVariable("hqContact")).append("\n");
      mail.sendOnce(new OutgoingMail(code, unit.unitCode(), kind, 1, recipients.ofUnit(unit.unitCode()),
          "【" + properties.societyName() + "】" + subjectSuffix + "：" + title, text.toString()));
    }
  }

  /** 发送上报提醒: reminds HQ office of the upward deadline while the report is not yet approved. */
  @Bean
  public JavaDelegate reportReminderMail() {
    return execution -> {
      String code = (String) execution.getVariable("campaignCode");
      LocalDate upward = LocalDate.parse(String.valueOf(execution.getVariable("upwardDeadline")).substring(0, 10));
      Task task = execution.getProcessEngineServices().getTaskService().createTaskQuery()
          .processInstanceId(execution.getProcessInstanceId()).taskDefinitionKey("Task_CompileReport").singleResult();
      String link = task == null ? properties.tasklistUrl() : properties.tasklistTaskUrl(task.getId());
      String text = "组织宣传部：\n\n《" + execution.getVariable("campaignTitle") + "》须于 " + MailTexts.date(upward)
          + " 前向上级报送活动总结，上报总结报告尚未完成，请抓紧编制并提交审批。\n\n办理入口：" + link + "\n\n（本邮件由系统自动发送。）\n";
      mail.sendOnce(new OutgoingMail(code, null, MailKind.REPORT_REMINDER, 1, recipients.ofGroup("hq-office"),
          "【提醒】请于" + MailTexts.date(upward) + "前完成上报总结：" + execution.getVariable("campaignTitle"), text));
    };
  }
}
