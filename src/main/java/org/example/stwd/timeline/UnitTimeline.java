package org.example.stwd.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.core.CampaignRepository.CampaignInfo;
import org.example.stwd.core.CampaignUnit;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.example.stwd.core.SubmissionRepository;
import org.example.stwd.core.SubmissionRepository.Submission;
import org.example.stwd.core.UnitDirectory;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.notify.MailLog;
import org.example.stwd.notify.UrgeRepository;
import org.example.stwd.validation.Refusal;
import org.springframework.stereotype.Service;

/**
 * Everything that happened to one unit in one campaign, in order: the tasks it was given, the mails
 * it was sent (delivered or not), reminders and urges (by whom), its submissions, HQ's returns with
 * their comments and approvals, a review that waited past its due date, missing the cut-off,
 * withdrawal, featured and commended. From the application's records (submissions, mail log, urge
 * log, the campaign-unit row) and the engine's history, so it reads the same after the unit's
 * processes have ended (until the history's time to live removes them).
 */
@Service
public class UnitTimeline {

  /** One event; {@code tone}: ok, warn, bad or info (how the page marks it). */
  public record Event(
      Instant time,
      String phase,
      String kind,
      String title,
      String detail,
      String by,
      String tone) {}

  private static final Map<String, Integer> RANK =
      Map.ofEntries(
          Map.entry("TASK_GIVEN", 0),
          Map.entry("SUBMITTED", 1),
          Map.entry("URGE", 2),
          Map.entry("URGE_SKIPPED", 2),
          Map.entry("REVIEW_OVERDUE", 2),
          Map.entry("RETURNED", 3),
          Map.entry("APPROVED", 3),
          Map.entry("MISSED", 3),
          Map.entry("MAIL", 4),
          Map.entry("WITHDRAWN", 6),
          Map.entry("CLOSED", 7));

  private static final Map<String, String> ACTIVITY_TITLES =
      Map.of(
          "Task_RecordPlanMissed", "宽限期满仍未报送活动方案，记为未报送",
          "Task_RecordSummaryMissed", "宽限期满仍未报送活动总结，记为未报送");

  private final CampaignRepository campaigns;
  private final CampaignUnitRepository campaignUnits;
  private final SubmissionRepository submissions;
  private final MailLog mailLog;
  private final UrgeRepository urges;
  private final HistoryService history;
  private final UnitDirectory directory;
  private final org.example.stwd.config.StwdProperties properties;

  public UnitTimeline(
      CampaignRepository campaigns,
      CampaignUnitRepository campaignUnits,
      SubmissionRepository submissions,
      MailLog mailLog,
      UrgeRepository urges,
      HistoryService history,
      UnitDirectory directory,
      org.example.stwd.config.StwdProperties properties) {
    this.properties = properties;
    this.campaigns = campaigns;
    this.campaignUnits = campaignUnits;
    this.submissions = submissions;
    this.mailLog = mailLog;
    this.urges = urges;
    this.history = history;
    this.directory = directory;
  }

  public Map<String, Object> of(String campaignCode, String unitCode) {
    CampaignInfo campaign =
        campaigns
            .find(campaignCode)
            .orElseThrow(() -> Refusal.notFound("没有编号为“" + campaignCode + "”的活动"));
    CampaignUnit unit =
        campaignUnits
            .find(campaignCode, unitCode)
            .orElseThrow(
                () -> Refusal.notFound("单位 " + unitCode + " 不在活动“" + campaign.title() + "”的范围内"));
    List<Event> events = new ArrayList<>();
    processEvents(campaignCode, unitCode, events);
    for (Submission s : submissions.ofCampaignUnit(campaignCode, unitCode)) {
      submissionEvents(s, events);
    }
    for (MailLog.Entry m :
        mailLog
            .find(new MailLog.Query(campaignCode, unitCode, null, null, null, null, 1000, 0))
            .items()) {
      events.add(mailEvent(m));
    }
    for (UrgeRepository.Urge u : urges.ofUnit(campaignCode, unitCode)) {
      boolean urged = "URGED".equals(u.outcome());
      events.add(
          new Event(
              u.urgedAt(),
              u.phase().label(),
              urged ? "URGE" : "URGE_SKIPPED",
              urged ? "组织宣传部催办" + (u.seq() == null ? "" : "（第 " + u.seq() + " 次）") : "催办未执行",
              urged ? u.message() : u.detail(),
              u.urgedBy(),
              urged ? "warn" : "info"));
    }
    outcomeEvents(campaignCode, unit, events);
    // at the same moment: the task before what was done with it, the decision before its mail, the
    // process's end last
    events.sort(
        Comparator.comparing(Event::time, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(e -> RANK.getOrDefault(e.kind(), 5)));
    java.time.ZoneId zone = properties.timeZone();
    List<Map<String, Object>> shown = new ArrayList<>();
    for (Event e : events) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("time", e.time() == null ? null : e.time().atZone(zone).toOffsetDateTime());
      m.put("phase", e.phase());
      m.put("kind", e.kind());
      m.put("title", e.title());
      m.put("detail", e.detail());
      m.put("by", e.by());
      m.put("tone", e.tone());
      shown.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("campaign", Map.of("code", campaign.code(), "title", campaign.title()));
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("code", unit.unitCode());
    u.put("name", unit.unitName());
    u.put("categoryLabel", unit.category().label());
    u.put("planStatus", unit.planStatus().label());
    u.put(
        "summaryStatus",
        unit.summaryStatus() == UnitStatus.NONE ? null : unit.summaryStatus().label());
    directory
        .findIncludingInactive(unitCode)
        .ifPresent(
            d -> {
              u.put("contactName", d.contactName());
              u.put("contactPhone", d.contactPhone());
              u.put("contactEmail", d.contactEmail());
            });
    body.put("unit", u);
    body.put("events", shown);
    return body;
  }

  /** The unit's processes: given, reviews waiting (and late), missed, withdrawn, closed. */
  private void processEvents(String campaignCode, String unitCode, List<Event> events) {
    for (HistoricProcessInstance p :
        history
            .createHistoricProcessInstanceQuery()
            .processInstanceBusinessKey(Phase.businessKey(campaignCode, unitCode))
            .processDefinitionKeyIn(Phase.PLAN.processKey(), Phase.SUMMARY.processKey())
            .list()) {
      Phase phase = Phase.ofProcessKey(p.getProcessDefinitionKey());
      events.add(
          new Event(
              p.getStartTime().toInstant(),
              phase.label(),
              "TASK_GIVEN",
              "下达" + phase.label() + "报送任务",
              null,
              null,
              "info"));
      for (HistoricTaskInstance t :
          history
              .createHistoricTaskInstanceQuery()
              .processInstanceId(p.getId())
              .taskDefinitionKey(phase.reviewTaskKey())
              .list()) {
        Instant due = t.getDueDate() == null ? null : t.getDueDate().toInstant();
        Instant end = t.getEndTime() == null ? null : t.getEndTime().toInstant();
        if (due != null && (end == null ? EngineClock.now().isAfter(due) : end.isAfter(due))) {
          events.add(
              new Event(
                  due,
                  phase.label(),
                  "REVIEW_OVERDUE",
                  "审核逾期：已超过审核期限仍未审核",
                  end == null ? "仍在等待审核" : null,
                  t.getAssignee(),
                  "warn"));
        }
      }
      for (HistoricActivityInstance a :
          history
              .createHistoricActivityInstanceQuery()
              .processInstanceId(p.getId())
              .activityType("serviceTask")
              .list()) {
        String title = ACTIVITY_TITLES.get(a.getActivityId());
        if (title != null) {
          events.add(
              new Event(
                  a.getStartTime().toInstant(), phase.label(), "MISSED", title, null, null, "bad"));
        }
      }
      if (p.getEndTime() != null) {
        boolean deleted = p.getDeleteReason() != null;
        events.add(
            new Event(
                p.getEndTime().toInstant(),
                phase.label(),
                deleted ? "WITHDRAWN" : "CLOSED",
                deleted ? phase.label() + "报送已撤回" : phase.label() + "报送办结",
                deleted ? p.getDeleteReason() : null,
                null,
                deleted ? "bad" : "info"));
      }
    }
  }

  private static void submissionEvents(Submission s, List<Event> events) {
    String phase = s.phase().label();
    boolean declined = s.status() == UnitStatus.DECLINED;
    events.add(
        new Event(
            s.submittedAt(),
            phase,
            "SUBMITTED",
            declined
                ? "报送：本单位今年不开展活动"
                : (s.seq() > 1 ? "重新提交" + phase + "（第 " + s.seq() + " 次）" : "提交" + phase),
            "回执编号 " + s.reference() + (s.digest() == null ? "" : "；" + s.digest()),
            s.submittedBy(),
            "info"));
    if (s.reviewedAt() != null) {
      boolean approved = s.status() == UnitStatus.APPROVED;
      events.add(
          new Event(
              s.reviewedAt(),
              phase,
              approved ? "APPROVED" : "RETURNED",
              approved ? "审核通过" : "退回修改",
              s.reviewComment(),
              s.reviewedBy(),
              approved ? "ok" : "warn"));
    }
  }

  private static Event mailEvent(MailLog.Entry m) {
    String outcome = m.outcome() == null ? "" : m.outcome();
    String state =
        switch (outcome) {
          case "SENT", "DELIVERED" -> "已发送";
          case "FAILED" -> "发送失败";
          case "UNCERTAIN" -> "发送结果不确定（可能已发出）";
          case "SENDING" -> "正在发送";
          default -> outcome;
        };
    String tone =
        switch (outcome) {
          case "SENT", "DELIVERED" -> "info";
          case "FAILED" -> "bad";
          default -> "warn";
        };
    String detail =
        "收件人："
            + (m.recipients().isEmpty() ? "（无）" : String.join("、", m.recipients()))
            + (m.error() == null ? "" : "；原因：" + reason(m.error()));
    return new Event(
        m.time(),
        phaseOf(m.kind().name()),
        "MAIL",
        "邮件「" + m.kindLabel() + "」" + state,
        detail,
        null,
        tone);
  }

  /**
   * Why a mail failed, as HQ and the leaders may read it: the product's own Chinese reasons as they
   * are; a mail server's or library's text (English, host names) summarised, it stays in HQ's mail
   * log.
   */
  private static String reason(String error) {
    return error.codePoints().anyMatch(c -> c >= 0x4e00 && c <= 0x9fff)
        ? error
        : "邮件服务器无法连接或拒收（详情见邮件日志）";
  }

  private static String phaseOf(String kind) {
    if (kind.startsWith("PLAN_")) {
      return Phase.PLAN.label();
    }
    if (kind.startsWith("SUMMARY_")) {
      return Phase.SUMMARY.label();
    }
    return "";
  }

  /** Featured and commended: when the campaign's task that decided it was completed. */
  private void outcomeEvents(String campaignCode, CampaignUnit unit, List<Event> events) {
    if (!unit.featured() && !unit.commended()) {
      return;
    }
    String campaignInstance =
        campaigns.find(campaignCode).map(CampaignInfo::processInstanceId).orElse(null);
    if (campaignInstance == null) {
      return;
    }
    for (HistoricTaskInstance t :
        history
            .createHistoricTaskInstanceQuery()
            .processInstanceId(campaignInstance)
            .taskDefinitionKeyIn("Task_CoordinatePublicity", "Task_RecordCommendation")
            .finished()
            .list()) {
      boolean featuredTask = t.getTaskDefinitionKey().equals("Task_CoordinatePublicity");
      if (featuredTask ? unit.featured() : unit.commended()) {
        events.add(
            new Event(
                t.getEndTime().toInstant(),
                featuredTask ? Phase.PLAN.label() : "",
                featuredTask ? "FEATURED" : "COMMENDED",
                featuredTask ? "列为总会重点宣传" : "受到表扬",
                null,
                t.getAssignee(),
                "ok"));
      }
    }
  }
}
