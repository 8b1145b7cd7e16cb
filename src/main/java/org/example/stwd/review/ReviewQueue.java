package org.example.stwd.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.attachments.Attachments;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.core.CampaignUnit;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.CampaignValues;
import org.example.stwd.core.Phase;
import org.example.stwd.core.SubmissionRepository;
import org.example.stwd.core.SubmissionRepository.Submission;
import org.example.stwd.core.Unit;
import org.example.stwd.core.UnitDirectory;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.validation.Refusal;
import org.springframework.stereotype.Service;

/**
 * HQ's review queue: the plans (or summaries) of a campaign waiting for HQ's review, oldest first,
 * a page at a time, and each one in full with the unit's earlier version beside a resubmission. The
 * queue is the engine's open review tasks (Task_ReviewPlan / Task_ReviewSummary), so it shows
 * exactly what Tasklist's 待审核 filters show; what was submitted comes from the submissions table.
 */
@Service
public class ReviewQueue {

  /** At most this many reviews per page. */
  static final int MAX_PAGE = 200;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILES = "/api/files/";

  private final TaskService tasks;
  private final RuntimeService runtime;
  private final RepositoryService repository;
  private final CampaignRepository campaigns;
  private final CampaignUnitRepository campaignUnits;
  private final SubmissionRepository submissions;
  private final UnitDirectory directory;
  private final Attachments attachments;
  private final CampaignValues campaignValues;
  private final Map<String, String> submitForms = new ConcurrentHashMap<>();
  private final java.time.ZoneId zone;

  public ReviewQueue(
      TaskService tasks,
      RuntimeService runtime,
      RepositoryService repository,
      CampaignRepository campaigns,
      CampaignUnitRepository campaignUnits,
      SubmissionRepository submissions,
      UnitDirectory directory,
      Attachments attachments,
      CampaignValues campaignValues,
      org.example.stwd.config.StwdProperties properties) {
    this.zone = properties.timeZone();
    this.tasks = tasks;
    this.runtime = runtime;
    this.repository = repository;
    this.campaigns = campaigns;
    this.campaignUnits = campaignUnits;
    this.submissions = submissions;
    this.directory = directory;
    this.attachments = attachments;
    this.campaignValues = campaignValues;
  }

  /** A page of the queue: the reviews with their unit and submission, and the counts. */
  public Map<String, Object> page(String campaignCode, Phase phase, int offset, int limit) {
    var campaign =
        campaigns
            .find(campaignCode)
            .orElseThrow(() -> Refusal.notFound("没有编号为“" + campaignCode + "”的活动"));
    if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
      throw Refusal.invalid(List.of("每页 1 至 " + MAX_PAGE + " 条，起始位置不能为负数"));
    }
    Date now = Date.from(EngineClock.now());
    long total = phase.openReviews(tasks, campaignCode).count();
    long overdue = phase.openReviews(tasks, campaignCode).dueBefore(now).count();
    List<Task> page =
        phase
            .openReviews(tasks, campaignCode)
            .orderByTaskCreateTime()
            .asc()
            .orderByTaskId()
            .asc()
            .listPage(offset, limit);
    Map<String, CampaignUnit> units =
        campaignUnits.byInstance(
            campaignCode, phase, page.stream().map(Task::getProcessInstanceId).toList());
    Map<String, Submission> latest =
        submissions.latest(
            campaignCode, phase, units.values().stream().map(CampaignUnit::unitCode).toList());
    // the files of the page's submissions only (one query)
    Map<String, Integer> filesByReference = new HashMap<>();
    attachments.eachOfSubmissions(
        latest.values().stream().map(Submission::reference).toList(),
        (reference, file) -> filesByReference.merge(reference, 1, Integer::sum));
    List<Map<String, Object>> items = new ArrayList<>();
    for (Task task : page) {
      CampaignUnit unit = units.get(task.getProcessInstanceId());
      if (unit == null) {
        continue;
      }
      Submission s = latest.get(unit.unitCode());
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("taskId", task.getId());
      item.put("unitCode", unit.unitCode());
      item.put("unitName", unit.unitName());
      item.put("categoryLabel", unit.category().label());
      item.put("waitingSince", at(task.getCreateTime()));
      item.put("dueAt", at(task.getDueDate()));
      item.put("overdue", task.getDueDate() != null && task.getDueDate().before(now));
      item.put("assignee", task.getAssignee());
      item.put("seq", s == null ? null : s.seq());
      item.put("reference", s == null ? null : s.reference());
      item.put("digest", s == null ? null : s.digest());
      item.put("files", s == null ? 0 : filesByReference.getOrDefault(s.reference(), 0));
      items.add(item);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "campaign",
        Map.of("code", campaign.code(), "title", campaign.title(), "year", campaign.year()));
    body.put("phase", phase.name());
    body.put("phaseLabel", phase.label());
    body.put("total", total);
    body.put("overdue", overdue);
    body.put("offset", offset);
    // the server's now: the page counts the days waited from it, not from the browser's clock
    body.put("now", at(EngineClock.now()));
    body.put("items", items);
    return body;
  }

  /**
   * One review in full: the unit's latest submission (what it submitted, as its form shows it), its
   * files, and for a resubmission the version before it with HQ's comment that returned it.
   */
  public Map<String, Object> detail(String campaignCode, String taskId) {
    Task task = openReview(campaignCode, taskId);
    Phase phase = Phase.ofProcessKey(processKeyOf(task));
    CampaignUnit unit =
        campaignUnits
            .byInstance(campaignCode, phase, List.of(task.getProcessInstanceId()))
            .get(task.getProcessInstanceId());
    if (unit == null) {
      throw Refusal.notFound("该审核任务不属于活动“" + campaignCode + "”。");
    }
    Submission latest =
        submissions.latest(campaignCode, phase, List.of(unit.unitCode())).get(unit.unitCode());
    if (latest == null) {
      throw Refusal.notFound("未找到该单位的报送记录。");
    }
    String schema = submitForm(task.getProcessDefinitionId(), phase);
    Map<String, Object> shown = shownVariables(task.getProcessInstanceId(), schema);
    // the category options are the campaign's (ADR 0014); units started before keep a copy
    if (!shown.containsKey(CampaignValues.CATEGORY_OPTIONS)
        && schema.contains("\"" + CampaignValues.CATEGORY_OPTIONS + "\"")) {
      Object options = shownValue(campaignValues.categoryOptions(campaignCode));
      if (options != null) {
        shown.put(CampaignValues.CATEGORY_OPTIONS, options);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("taskId", task.getId());
    body.put("phase", phase.name());
    body.put("phaseLabel", phase.label());
    body.put("assignee", task.getAssignee());
    body.put("waitingSince", at(task.getCreateTime()));
    body.put("dueAt", at(task.getDueDate()));
    body.put(
        "overdue",
        task.getDueDate() != null && task.getDueDate().before(Date.from(EngineClock.now())));
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("code", unit.unitCode());
    u.put("name", unit.unitName());
    u.put("categoryLabel", unit.category().label());
    directory
        .findIncludingInactive(unit.unitCode())
        .ifPresent(
            (Unit d) -> {
              u.put("contactName", d.contactName());
              u.put("contactPhone", d.contactPhone());
              u.put("contactEmail", d.contactEmail());
            });
    body.put("unit", u);
    body.put("schema", read(schema));
    body.put("current", version(campaignCode, unit.unitCode(), phase, latest.seq(), shown));
    body.put(
        "previous",
        latest.seq() > 1
            ? version(campaignCode, unit.unitCode(), phase, latest.seq() - 1, shown)
            : null);
    return body;
  }

  /** The open review task {@code taskId} of the campaign, or a refusal that says why not. */
  Task openReview(String campaignCode, String taskId) {
    Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
    if (task == null) {
      throw Refusal.conflict("该审核任务已办理完毕（可能已由同事审核）或不存在，请刷新审核队列。");
    }
    String key = task.getTaskDefinitionKey();
    if (!key.equals(Phase.PLAN.reviewTaskKey()) && !key.equals(Phase.SUMMARY.reviewTaskKey())) {
      throw Refusal.notFound("该任务不是审核任务。");
    }
    var instance =
        runtime
            .createProcessInstanceQuery()
            .processInstanceId(task.getProcessInstanceId())
            .singleResult();
    if (instance == null) {
      // decided by a colleague between the two reads: the process went on
      throw Refusal.conflict("该审核任务已办理完毕（可能已由同事审核）或不存在，请刷新审核队列。");
    }
    String businessKey = instance.getBusinessKey();
    if (businessKey == null || !businessKey.startsWith(campaignCode + ":")) {
      throw Refusal.notFound("该审核任务不属于活动“" + campaignCode + "”。");
    }
    return task;
  }

  String processKeyOf(Task task) {
    return repository.getProcessDefinition(task.getProcessDefinitionId()).getKey();
  }

  private Map<String, Object> version(
      String campaignCode, String unitCode, Phase phase, int seq, Map<String, Object> shown) {
    var found = submissions.withData(campaignCode, unitCode, phase, seq).orElse(null);
    if (found == null) {
      return null;
    }
    Submission s = found.getKey();
    Map<String, Object> data = new LinkedHashMap<>(found.getValue());
    // what the form shows around the answers, never over an answer (an empty one included)
    shown.forEach(
        (name, value) -> {
          if (!data.containsKey(name)) {
            data.put(name, value);
          }
        });
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("reference", s.reference());
    v.put("seq", s.seq());
    v.put("submittedAt", at(s.submittedAt()));
    v.put("status", s.status().name());
    v.put("statusLabel", s.status().label());
    v.put("reviewComment", s.reviewComment());
    v.put("reviewedAt", at(s.reviewedAt()));
    v.put("reviewedBy", s.reviewedBy());
    v.put("data", data);
    v.put(
        "files",
        attachments.ofSubmission(s.reference()).stream()
            .map(f -> attachments.view(f, FILES))
            .toList());
    return v;
  }

  /**
   * The process variables the submit form shows around the unit's answers (its name, the option
   * lists of its selects), so that the answers read as the unit saw them.
   */
  private Map<String, Object> shownVariables(String processInstanceId, String schema) {
    Map<String, Object> shown = new HashMap<>();
    for (VariableInstance v :
        runtime.createVariableInstanceQuery().processInstanceIdIn(processInstanceId).list()) {
      if (schema.contains("\"" + v.getName() + "\"") || schema.contains("{{" + v.getName())) {
        Object value = shownValue(v.getValue());
        if (value != null) {
          shown.put(v.getName(), value);
        }
      }
    }
    return shown;
  }

  /** A value as the form shows it: plain values as they are, JSON parsed, anything else null. */
  private static Object shownValue(Object value) {
    if (value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof java.util.Collection<?>
        || value instanceof Map<?, ?>) {
      return value;
    }
    if (value != null) {
      try {
        return JSON.readValue(value.toString(), Object.class);
      } catch (IOException e) {
        // not JSON: not something the form shows
      }
    }
    return null;
  }

  /** The submit form deployed with the process definition (the one the unit filled in). */
  private String submitForm(String processDefinitionId, Phase phase) {
    return submitForms.computeIfAbsent(
        processDefinitionId,
        id -> {
          String deployment = repository.getProcessDefinition(id).getDeploymentId();
          String name =
              phase == Phase.PLAN ? "forms/submit-plan.form" : "forms/submit-summary.form";
          try (InputStream in = repository.getResourceAsStream(deployment, name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
          }
        });
  }

  private static Object read(String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read a form", e);
    }
  }

  /** A moment as the society's wall clock (the pages show it as written). */
  private java.time.OffsetDateTime at(Instant t) {
    return t == null ? null : t.atZone(zone).toOffsetDateTime();
  }

  private java.time.OffsetDateTime at(Date d) {
    return d == null ? null : at(d.toInstant());
  }
}
