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

  /** Which page of the filtered rows {@link Board#units()} holds, of how many. */
  public record RowPage(
      Phase phase, int number, int size, int total, int pages, String sort, String direction) {}

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
      RowPage page,
      Map<String, String> categories,
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

  /** The board's first page in the collecting phase (the page's first call). */
  public Board board(String code) {
    return board(code, RowQuery.first());
  }

  /**
   * The board: the campaign's counts and submissions over time (all units), and one page of the
   * unit rows filtered, sorted and paged on the server: at 10,000 units the page shows 100 rows and
   * asks again when HQ searches, filters, sorts or turns the page.
   */
  public Board board(String code, RowQuery query) {
    CampaignInfo campaign = campaign(code);
    LocalDate today = EngineClock.today(properties.timeZone());
    Map<String, UnitProgress> summaries = new HashMap<>();
    campaignUnits.progress(code, Phase.SUMMARY).forEach(p -> summaries.put(p.unitCode(), p));

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
    Map<String, String> categories = new LinkedHashMap<>();
    for (UnitProgress plan : campaignUnits.progress(code, Phase.PLAN)) {
      UnitProgress summary = summaries.get(plan.unitCode());
      PhaseRow planRow =
          row(plan, campaign.planDeadline(), today, counts.get(Phase.PLAN), perDay.get(Phase.PLAN));
      PhaseRow summaryRow =
          summary == null || summary.status() == UnitStatus.NONE
              ? null
              : row(
                  summary,
                  campaign.summaryDeadline(),
                  today,
                  counts.get(Phase.SUMMARY),
                  perDay.get(Phase.SUMMARY));
      categories.putIfAbsent(plan.category().name(), plan.category().label());
      rows.add(
          new UnitRow(
              plan.unitCode(),
              plan.unitName(),
              plan.category().name(),
              plan.category().label(),
              null,
              null,
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
    Phase phase = query.phase() == null ? collecting : query.phase();

    List<UnitRow> matching =
        rows.stream().filter(query.matcher(phase)).sorted(query.order(phase)).toList();
    int pages = Math.max(1, (matching.size() + query.size() - 1) / query.size());
    int number = Math.min(query.page(), pages);
    List<UnitRow> page =
        withTasksAndContacts(
            matching.subList(
                (number - 1) * query.size(), Math.min(matching.size(), number * query.size())));

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
        page,
        new RowPage(
            phase,
            number,
            query.size(),
            matching.size(),
            pages,
            query.sort().key(),
            query.descending() ? "desc" : "asc"),
        categories,
        links,
        attachments.countsOfLatestSubmissions(code),
        campaignUnits.deactivated(code));
  }

  /**
   * The page's rows with what only they need: the open task of each phase's process (one task query
   * for the page) and the unit's contact as the directory has it now (HQ calls units from the
   * board).
   */
  private List<UnitRow> withTasksAndContacts(List<UnitRow> page) {
    List<String> instances = new ArrayList<>();
    for (UnitRow r : page) {
      for (PhaseRow p : new PhaseRow[] {r.plan(), r.summary()}) {
        if (p != null && p.processInstanceId() != null) {
          instances.add(p.processInstanceId());
        }
      }
    }
    Map<String, Task> openTasks = new HashMap<>();
    if (!instances.isEmpty()) {
      for (Task t :
          tasks.createTaskQuery().processInstanceIdIn(instances.toArray(String[]::new)).list()) {
        openTasks.put(t.getProcessInstanceId(), t);
      }
    }
    Map<String, Unit> contacts = directory.byCodes(page.stream().map(UnitRow::unitCode).toList());
    return page.stream()
        .map(
            r -> {
              Unit contact = contacts.get(r.unitCode());
              return new UnitRow(
                  r.unitCode(),
                  r.unitName(),
                  r.category(),
                  r.categoryLabel(),
                  contact == null ? null : contact.contactName(),
                  contact == null ? null : contact.contactPhone(),
                  r.featured(),
                  withTask(r.plan(), openTasks),
                  withTask(r.summary(), openTasks));
            })
        .toList();
  }

  private static PhaseRow withTask(PhaseRow p, Map<String, Task> openTasks) {
    Task task =
        p == null || p.processInstanceId() == null ? null : openTasks.get(p.processInstanceId());
    if (task == null) {
      return p;
    }
    return new PhaseRow(
        p.status(),
        p.statusLabel(),
        p.submittedAt(),
        p.daysOverdue(),
        p.reminders(),
        p.lastReminderAt(),
        p.processInstanceId(),
        task.getId(),
        task.getName());
  }

  private PhaseRow row(
      UnitProgress p,
      LocalDate deadline,
      LocalDate today,
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
    return new PhaseRow(
        p.status().name(),
        p.status().label(),
        p.submittedAt(),
        daysOverdue,
        p.reminders(),
        p.lastReminderAt(),
        p.processInstanceId(),
        null,
        null);
  }
}
