package org.example.stwd.notify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.ActivityRepository;
import org.example.stwd.core.CampaignUnit;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.core.PlannedActivity;
import org.example.stwd.core.UnitProgress;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.support.JsonValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Mail sent from the campaign process (campaign.bpmn): featured units, commended units, HQ's
 * reminder of the upward deadline, and HQ's daily 催办汇总 while plans or summaries are collected. The
 * process's steps call it through {@link CampaignMailSteps}.
 */
@Component
public class CampaignMails {

  private static final Logger LOG = LoggerFactory.getLogger(CampaignMails.class);
  private static final String HQ_GROUP = "hq-office";
  private static final String HQ_GREETING = "组织宣传部";

  private final MailService mail;
  private final MailTemplates templates;
  private final Recipients recipients;
  private final CampaignUnitRepository campaignUnits;
  private final ActivityRepository activities;
  private final StwdProperties properties;
  private final TaskService tasks;

  public CampaignMails(
      MailService mail,
      MailTemplates templates,
      Recipients recipients,
      CampaignUnitRepository campaignUnits,
      ActivityRepository activities,
      StwdProperties properties,
      TaskService tasks) {
    this.tasks = tasks;
    this.mail = mail;
    this.templates = templates;
    this.recipients = recipients;
    this.campaignUnits = campaignUnits;
    this.activities = activities;
    this.properties = properties;
  }

  /** 通知重点宣传单位: each unit with a featured activity is told which ones. */
  public void notifyFeaturedUnits(DelegateExecution execution) {
    tellUnits(
        execution,
        MailKind.FEATURED,
        "featured",
        CampaignUnit::featured,
        PlannedActivity::featured,
        Map.of());
  }

  /** 通知受表扬单位: commended units, and units whose activities were commended. */
  public void notifyCommendedUnits(DelegateExecution execution) {
    tellUnits(
        execution,
        MailKind.COMMENDATION,
        "commendation",
        CampaignUnit::commended,
        a -> commended(execution, a),
        Map.of("commendationDoc", execution.getVariable("commendationDocNumber")));
  }

  private static boolean commended(DelegateExecution execution, PlannedActivity activity) {
    Object ids = execution.getVariable("commendedActivityIds");
    return ids != null && JsonValues.toList(ids).contains(String.valueOf(activity.id()));
  }

  private void tellUnits(
      DelegateExecution execution,
      MailKind kind,
      String template,
      Predicate<CampaignUnit> unitFlag,
      Predicate<PlannedActivity> activityFlag,
      Map<String, Object> extra) {
    String code = (String) execution.getVariable("campaignCode");
    Map<String, List<PlannedActivity>> byUnit = new LinkedHashMap<>();
    for (PlannedActivity a : activities.approved(code)) {
      if (activityFlag.test(a)) {
        byUnit.computeIfAbsent(a.unitCode(), k -> new ArrayList<>()).add(a);
      }
    }
    for (CampaignUnit unit : campaignUnits.findAll(code)) {
      List<PlannedActivity> acts = byUnit.getOrDefault(unit.unitCode(), List.of());
      if (!unitFlag.test(unit) && acts.isEmpty()) {
        continue;
      }
      Map<String, Object> model = base(execution, unit.unitName());
      model.putAll(extra);
      model.put("unitName", unit.unitName());
      model.put("unitCommended", unit.commended());
      model.put("activities", MailTexts.activities(acts));
      String subject =
          MailTexts.subject(
              kind, properties.societyName(), (String) model.get("campaignTitle"), null, null, 0);
      model.put("subject", subject);
      model.put("linkLabel", "打开单位报送页面");
      mail.sendOnce(
          new OutgoingMail(
              code,
              unit.unitCode(),
              kind,
              1,
              subject,
              recipients.personalCopies(
                  unit.unitCode(),
                  kind,
                  recipients.linkExpiry(null),
                  link -> {
                    Map<String, Object> personal = new HashMap<>(model);
                    personal.put("link", link);
                    return templates.render(template, personal);
                  })));
    }
  }

  /** 发送上报提醒: reminds HQ office of the upward deadline while the report is not yet approved. */
  public void remindOfReport(DelegateExecution execution) {
    String code = (String) execution.getVariable("campaignCode");
    LocalDate upward =
        LocalDate.parse(String.valueOf(execution.getVariable("upwardDeadline")).substring(0, 10));
    Task task =
        execution
            .getProcessEngineServices()
            .getTaskService()
            .createTaskQuery()
            .processInstanceId(execution.getProcessInstanceId())
            .active()
            .orderByTaskCreateTime()
            .desc()
            .list()
            .stream()
            .findFirst()
            .orElse(null);
    Map<String, Object> model = base(execution, HQ_GREETING);
    model.put("deadline", MailTexts.date(upward));
    model.put("currentStep", task == null ? null : task.getName());
    model.put(
        "link", task == null ? properties.tasklistUrl() : properties.tasklistTaskUrl(task.getId()));
    model.put("linkLabel", "办理上报总结");
    String subject =
        MailTexts.subject(
            MailKind.REPORT_REMINDER,
            properties.societyName(),
            (String) model.get("campaignTitle"),
            null,
            MailTexts.date(upward),
            0);
    model.put("subject", subject);
    mail.sendOnce(
        new OutgoingMail(
            code,
            null,
            MailKind.REPORT_REMINDER,
            1,
            recipients.ofGroup(HQ_GROUP),
            subject,
            templates.render("report-reminder", model)));
  }

  /**
   * 催办汇总: HQ office's daily overview while a phase is collected: counts per status, then every unit
   * that has still to (re)submit with days overdue and reminders so far. One per day (the date is
   * the mail's sequence); nothing is sent once no unit is waiting.
   */
  public void digest(DelegateExecution execution, Phase phase) {
    String code = (String) execution.getVariable("campaignCode");
    LocalDate deadline =
        LocalDate.parse((String) execution.getVariable(phase.variable(Phase.Schedule.DEADLINE)));
    LocalDate today = EngineClock.today(properties.timeZone());
    List<UnitProgress> units = campaignUnits.progress(code, phase);
    Map<UnitStatus, Integer> counts = new EnumMap<>(UnitStatus.class);
    units.forEach(u -> counts.merge(u.status(), 1, Integer::sum));
    List<UnitProgress> waiting =
        units.stream().filter(u -> UnitStatus.AWAITING_UNIT.contains(u.status())).toList();
    int inReview = counts.getOrDefault(UnitStatus.SUBMITTED, 0);
    if (waiting.isEmpty() && inReview == 0) {
      LOG.info("No {} digest for {}: no unit is waiting", phase, code);
      return;
    }
    long daysOverdue = Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(deadline, today));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (UnitProgress u :
        waiting.subList(0, Math.min(waiting.size(), properties.digestMaxRows()))) {
      Map<String, Object> row = new HashMap<>();
      row.put("unitName", u.unitName());
      row.put("category", u.category().label());
      row.put("status", u.status().label());
      row.put("daysOverdue", daysOverdue);
      row.put("reminders", u.reminders());
      row.put("lastReminder", MailTexts.time(u.lastReminderAt(), properties.timeZone()));
      rows.add(row);
    }
    List<Map<String, Object>> countList = new ArrayList<>();
    countList.add(count("应报送", units.size()));
    for (UnitStatus s :
        List.of(
            UnitStatus.PENDING,
            UnitStatus.RETURNED,
            UnitStatus.SUBMITTED,
            UnitStatus.APPROVED,
            UnitStatus.DECLINED,
            UnitStatus.MISSED)) {
      if (s != UnitStatus.DECLINED || phase == Phase.PLAN) {
        countList.add(count(s.label(), counts.getOrDefault(s, 0)));
      }
    }
    Map<String, Object> model = base(execution, HQ_GREETING);
    model.put("phaseLabel", phase.label());
    model.put("deadline", MailTexts.date(deadline));
    model.put(
        "asOf",
        MailTexts.date(today)
            + " "
            + DateTimeFormatter.ofPattern("HH:mm")
                .format(EngineClock.now().atZone(properties.timeZone())));
    model.put("counts", countList);
    model.put("rows", rows);
    model.put("totalWaiting", waiting.size());
    model.put("overdueCount", daysOverdue > 0 ? waiting.size() : 0);
    model.put("inReview", inReview);
    model.put("overdueReviews", overdueReviews(code, phase, units));
    model.put(
        "overdueReviewCount",
        phase.openReviews(tasks, code).dueBefore(Date.from(EngineClock.now())).count());
    model.put("queueLink", properties.baseUrl() + "/review?campaign=" + code + "&phase=" + phase);
    model.put("link", properties.baseUrl() + "/board?campaign=" + code);
    model.put("linkLabel", "打开活动看板");
    MailKind kind = phase == Phase.PLAN ? MailKind.PLAN_DIGEST : MailKind.SUMMARY_DIGEST;
    String subject =
        MailTexts.subject(
            kind,
            properties.societyName(),
            (String) model.get("campaignTitle"),
            phase.label(),
            MailTexts.date(deadline),
            0);
    model.put("subject", subject);
    int sequence = Integer.parseInt(today.format(DateTimeFormatter.BASIC_ISO_DATE));
    mail.sendOnce(
        new OutgoingMail(
            code,
            null,
            kind,
            sequence,
            recipients.ofGroup(HQ_GROUP),
            subject,
            templates.render("digest", model)));
  }

  /**
   * HQ's reviews of the phase whose due date ({@code stwd.review-time} after the submission) has
   * passed, longest waiting first: the unit, when it submitted and how many days the review is
   * late.
   */
  private List<Map<String, Object>> overdueReviews(
      String code, Phase phase, List<UnitProgress> units) {
    Instant now = EngineClock.now();
    Map<String, UnitProgress> byInstance = new HashMap<>();
    units.stream()
        .filter(u -> u.processInstanceId() != null)
        .forEach(u -> byInstance.put(u.processInstanceId(), u));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Task task :
        phase
            .openReviews(tasks, code)
            .dueBefore(Date.from(now))
            .orderByDueDate()
            .asc()
            .listPage(0, properties.digestMaxRows())) {
      UnitProgress unit = byInstance.get(task.getProcessInstanceId());
      if (unit == null) {
        continue;
      }
      Map<String, Object> row = new HashMap<>();
      row.put("unitName", unit.unitName());
      row.put("submitted", MailTexts.time(task.getCreateTime().toInstant(), properties.timeZone()));
      row.put(
          "daysLate",
          Math.max(1, java.time.Duration.between(task.getDueDate().toInstant(), now).toDays()));
      row.put("assignee", task.getAssignee());
      rows.add(row);
    }
    return rows;
  }

  private static Map<String, Object> count(String label, int n) {
    Map<String, Object> c = new HashMap<>();
    c.put("label", label);
    c.put("count", n);
    return c;
  }

  private Map<String, Object> base(DelegateExecution execution, String greeting) {
    Map<String, Object> model = new HashMap<>();
    model.put("society", properties.societyName());
    model.put("greeting", greeting);
    model.put("campaignTitle", execution.getVariable("campaignTitle"));
    model.put("hqContact", execution.getVariable("hqContact"));
    model.put("link", properties.tasklistUrl());
    model.put("linkLabel", "打开任务列表");
    return model;
  }
}
