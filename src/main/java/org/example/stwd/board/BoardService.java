package org.example.stwd.board;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.attachments.Attachments;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.core.CampaignRepository.CampaignInfo;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.core.Unit;
import org.example.stwd.core.UnitDirectory;
import org.example.stwd.core.UnitProgress;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.validation.Refusal;
import org.springframework.stereotype.Service;

/**
 * The campaign board: per unit, where its plan and its summary stand, with the counts HQ needs and
 * the submissions over time; read from the status table (no process variables), plus one task query
 * for the units' open tasks.
 */
@Service
public class BoardService {

  /** One unit in one phase. */
  public record PhaseRow(
      String status,
      String statusLabel,
      Instant submittedAt,
      long daysOverdue,
      int reminders,
      Instant lastReminderAt,
      String processInstanceId,
      String taskId,
      String taskName) {}

  /** One row of the board. */
  public record UnitRow(
      String unitCode,
      String unitName,
      String category,
      String categoryLabel,
      String contactName,
      String contactPhone,
      boolean featured,
      PhaseRow plan,
      PhaseRow summary) {}

  /** Cumulative submissions on a day. */
  public record Point(LocalDate date, int submitted) {}

  public record Board(
      CampaignInfo campaign,
      LocalDate today,
      String timeZone,
      Phase collecting,
      Map<Phase, Map<String, Integer>> counts,
      Map<Phase, List<Point>> timeline,
      List<UnitRow> units,
      Map<String, String> links,
      Map<Phase, Map<String, Integer>> files,
      List<String> deactivatedUnits) {}

  private final CampaignRepository campaigns;
  private final CampaignUnitRepository campaignUnits;
  private final TaskService tasks;
  private final StwdProperties properties;
  private final Attachments attachments;
  private final UnitDirectory directory;

  public BoardService(
      CampaignRepository campaigns,
      CampaignUnitRepository campaignUnits,
      TaskService tasks,
      StwdProperties properties,
      Attachments attachments,
      UnitDirectory directory) {
    this.directory = directory;
    this.attachments = attachments;
    this.campaigns = campaigns;
    this.campaignUnits = campaignUnits;
    this.tasks = tasks;
    this.properties = properties;
  }

  public List<CampaignInfo> campaigns() {
    return campaigns.findAll();
  }

  public CampaignInfo campaign(String code) {
    return campaigns.find(code).orElseThrow(() -> Refusal.notFound("没有编号为“" + code + "”的活动"));
  }

  public Board board(String code) {
    CampaignInfo campaign = campaign(code);
    LocalDate today = EngineClock.today(properties.timeZone());
    Map<String, Task> openTasks = new HashMap<>();
    for (Task t :
        tasks
            .createTaskQuery()
            .processDefinitionKeyIn("unit-plan", "unit-summary")
            .processInstanceBusinessKeyLike(code + ":%")
            .list()) {
      openTasks.put(t.getProcessInstanceId(), t);
    }
    Map<String, UnitProgress> summaries = new HashMap<>();
    campaignUnits.progress(code, Phase.SUMMARY).forEach(p -> summaries.put(p.unitCode(), p));

    // the unit's contact as the directory has it now: HQ calls units from the board
    Map<String, Unit> contacts = new HashMap<>();
    directory.listAll().forEach(l -> contacts.put(l.unit().code(), l.unit()));
    List<UnitRow> rows = new ArrayList<>();
    Map<Phase, Map<String, Integer>> counts = new EnumMap<>(Phase.class);
    Map<Phase, TreeMap<LocalDate, Integer>> perDay = new EnumMap<>(Phase.class);
    for (Phase phase : Phase.values()) {
      Map<String, Integer> c = new LinkedHashMap<>();
      for (String key :
          List.of(
              "addressed",
              "submitted",
              "PENDING",
              "SUBMITTED",
              "RETURNED",
              "APPROVED",
              "DECLINED",
              "MISSED",
              "CANCELLED",
              "overdue")) {
        c.put(key, 0);
      }
      counts.put(phase, c);
      perDay.put(phase, new TreeMap<>());
    }
    for (UnitProgress plan : campaignUnits.progress(code, Phase.PLAN)) {
      UnitProgress summary = summaries.get(plan.unitCode());
      PhaseRow planRow =
          row(
              plan,
              campaign.planDeadline(),
              today,
              openTasks,
              counts.get(Phase.PLAN),
              perDay.get(Phase.PLAN));
      PhaseRow summaryRow =
          summary == null || summary.status() == UnitStatus.NONE
              ? null
              : row(
                  summary,
                  campaign.summaryDeadline(),
                  today,
                  openTasks,
                  counts.get(Phase.SUMMARY),
                  perDay.get(Phase.SUMMARY));
      Unit contact = contacts.get(plan.unitCode());
      rows.add(
          new UnitRow(
              plan.unitCode(),
              plan.unitName(),
              plan.category().name(),
              plan.category().label(),
              contact == null ? null : contact.contactName(),
              contact == null ? null : contact.contactPhone(),
              plan.featured(),
              planRow,
              summaryRow));
    }
    Map<Phase, List<Point>> timeline = new EnumMap<>(Phase.class);
    perDay.forEach(
        (phase, days) -> {
          List<Point> points = new ArrayList<>();
          int total = 0;
          for (Map.Entry<LocalDate, Integer> e : days.entrySet()) {
            total += e.getValue();
            points.add(new Point(e.getKey(), total));
          }
          timeline.put(phase, points);
        });
    Phase collecting = counts.get(Phase.SUMMARY).get("addressed") > 0 ? Phase.SUMMARY : Phase.PLAN;
    Map<String, String> links =
        Map.of(
            "processInstance",
                properties.baseUrl() + "/camunda/app/cockpit/default/#/process-instance/",
            "task", properties.baseUrl() + "/camunda/app/tasklist/default/#/?task=",
            "timeline", properties.baseUrl() + "/timeline?campaign=" + code + "&unit=",
            "reviewQueue", properties.baseUrl() + "/review?campaign=" + code + "&phase=");
    return new Board(
        campaign,
        today,
        properties.timeZone().getId(),
        collecting,
        counts,
        timeline,
        rows,
        links,
        attachments.countsOfLatestSubmissions(code),
        campaignUnits.deactivated(code));
  }

  private PhaseRow row(
      UnitProgress p,
      LocalDate deadline,
      LocalDate today,
      Map<String, Task> openTasks,
      Map<String, Integer> counts,
      TreeMap<LocalDate, Integer> perDay) {
    boolean awaiting = UnitStatus.AWAITING_UNIT.contains(p.status());
    long daysOverdue =
        awaiting && deadline != null && today.isAfter(deadline)
            ? ChronoUnit.DAYS.between(deadline, today)
            : 0;
    counts.merge("addressed", 1, Integer::sum);
    counts.merge(p.status().name(), 1, Integer::sum);
    if (daysOverdue > 0) {
      counts.merge("overdue", 1, Integer::sum);
    }
    if (p.submittedAt() != null) {
      counts.merge("submitted", 1, Integer::sum);
      perDay.merge(p.submittedAt().atZone(properties.timeZone()).toLocalDate(), 1, Integer::sum);
    }
    Task task = p.processInstanceId() == null ? null : openTasks.get(p.processInstanceId());
    return new PhaseRow(
        p.status().name(),
        p.status().label(),
        p.submittedAt(),
        daysOverdue,
        p.reminders(),
        p.lastReminderAt(),
        p.processInstanceId(),
        task == null ? null : task.getId(),
        task == null ? null : task.getName());
  }
}
