package org.example.stwd.unitpage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.spin.json.SpinJsonNode;
import org.example.stwd.attachments.Attachments;
import org.example.stwd.attachments.StoredFile;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.core.CampaignRepository.CampaignInfo;
import org.example.stwd.core.CampaignUnit;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.CampaignUnitRepository.CampaignPhase;
import org.example.stwd.core.CampaignValues;
import org.example.stwd.core.Phase;
import org.example.stwd.core.SubmissionRepository;
import org.example.stwd.core.SubmissionRepository.Submission;
import org.example.stwd.core.Unit;
import org.example.stwd.core.UnitDirectory;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.engine.EngineAccess;
import org.example.stwd.engine.EngineClock;
import org.example.stwd.security.UnitContacts;
import org.example.stwd.support.JsonValues;
import org.example.stwd.validation.FormFields;
import org.example.stwd.validation.Refusal;
import org.example.stwd.web.UserErrors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the unit page shows and does, for the viewer the server resolved ({@link Viewer}): the
 * unit's campaigns with their notice, deadlines, open tasks, submissions and results; a task's form
 * and data; drafts; submission. The unit's tasks are read and completed through the engine's Java
 * API as the signed-in user, so the engine's authorization and the door's form-field rule apply as
 * on every other door.
 */
@Service
public class UnitPageService {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The campaign process's values the page shows (registered notice and forwarding notice). */
  private static final List<String> CAMPAIGN_VALUES =
      List.of(
          "noticeTitle",
          "noticeDocNumbers",
          "noticeIssuers",
          "noticeIssueDate",
          "noticeText",
          "noticeLink",
          "activityWindowStart",
          "activityWindowEnd",
          "forwardingTitle",
          "forwardingDocNumber",
          "forwardingNote",
          "hqContact",
          Phase.PLAN.variable(Phase.Schedule.CUTOFF_AT),
          Phase.SUMMARY.variable(Phase.Schedule.CUTOFF_AT));

  private final ProcessEngine engine;
  private final TaskService tasks;
  private final FormService forms;
  private final HistoryService history;
  private final RepositoryService repository;
  private final IdentityService identity;
  private final UnitContacts contacts;
  private final CampaignValues campaignValues;
  private final CampaignRepository campaigns;
  private final CampaignUnitRepository campaignUnits;
  private final SubmissionRepository submissions;
  private final UnitDirectory directory;
  private final Drafts drafts;
  private final StwdProperties properties;
  private final Attachments attachments;
  private final TransactionTemplate transaction;

  /** Where the unit page downloads files (UnitFilesController). */
  static final String FILES = "/api/unit/files/";

  public UnitPageService(
      ProcessEngine engine,
      TaskService tasks,
      CampaignValues campaignValues,
      FormService forms,
      HistoryService history,
      RepositoryService repository,
      IdentityService identity,
      UnitContacts contacts,
      CampaignRepository campaigns,
      CampaignUnitRepository campaignUnits,
      SubmissionRepository submissions,
      UnitDirectory directory,
      Drafts drafts,
      StwdProperties properties,
      Attachments attachments,
      PlatformTransactionManager transactionManager) {
    this.engine = engine;
    this.tasks = tasks;
    this.campaignValues = campaignValues;
    this.forms = forms;
    this.history = history;
    this.repository = repository;
    this.identity = identity;
    this.contacts = contacts;
    this.campaigns = campaigns;
    this.campaignUnits = campaignUnits;
    this.submissions = submissions;
    this.directory = directory;
    this.drafts = drafts;
    this.properties = properties;
    this.attachments = attachments;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /** The viewer's unit: code, name, category. */
  public Map<String, Object> unitOf(Viewer viewer) {
    return unitInfo(unit(viewer));
  }

  private static Map<String, Object> unitInfo(Unit unit) {
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("code", unit.code());
    u.put("name", unit.name());
    u.put("categoryLabel", unit.category().label());
    return u;
  }

  /** The unit's page: its campaigns, newest first, with everything the unit needs to see. */
  public Map<String, Object> overview(Viewer viewer) {
    Unit unit = unit(viewer);
    LocalDate today = today();
    List<Task> open = openTasks(viewer);
    Map<String, CampaignPhase> processes = campaignUnits.processesOfUnit(unit.code());
    Map<String, Instant> draftTimes = drafts.savedAt(unit.code());
    List<Submission> all = submissions.ofUnit(unit.code());
    Map<String, List<Map<String, Object>>> filesOf = submissionFiles(all);
    List<Map<String, Object>> result = new ArrayList<>();
    for (CampaignUnit row : campaignUnits.ofUnit(unit.code())) {
      CampaignInfo campaign = campaigns.find(row.campaignCode()).orElse(null);
      if (campaign == null) {
        continue;
      }
      Map<String, Object> values = campaignValues(campaign);
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("code", campaign.code());
      c.put("title", campaign.title());
      c.put("year", campaign.year());
      c.put("theme", campaign.theme());
      c.put("notice", notice(values));
      Map<String, Object> forwarding = new LinkedHashMap<>();
      forwarding.put("title", values.get("forwardingTitle"));
      forwarding.put("docNumber", values.get("forwardingDocNumber"));
      forwarding.put("note", values.get("forwardingNote"));
      forwarding.put("hqContact", values.get("hqContact"));
      c.put("forwarding", forwarding);
      c.put("documents", files(attachments.documents(campaign.code())));
      List<Map<String, Object>> phases = new ArrayList<>();
      for (Phase phase : Phase.values()) {
        UnitStatus status = row.status(phase);
        LocalDate deadline =
            phase == Phase.PLAN ? campaign.planDeadline() : campaign.summaryDeadline();
        if (deadline == null || status == UnitStatus.NONE && phase == Phase.SUMMARY) {
          continue;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("phase", phase.name());
        p.put("label", phase.label());
        p.put("deadline", deadline.toString());
        p.put("lastDay", lastDay(values.get(phase.variable(Phase.Schedule.CUTOFF_AT))));
        p.put("daysLeft", ChronoUnit.DAYS.between(today, deadline));
        p.put("status", status.name());
        p.put("statusLabel", statusLabel(status));
        phases.add(p);
      }
      c.put("phases", phases);
      List<Map<String, Object>> taskList = new ArrayList<>();
      for (Task task : open) {
        CampaignPhase cp = processes.get(task.getProcessInstanceId());
        if (cp != null && cp.campaignCode().equals(campaign.code())) {
          taskList.add(
              task(task, cp.phase(), campaign, row, all, draftTimes.get(task.getId()), today));
        }
      }
      c.put("tasks", taskList);
      c.put(
          "submissions",
          all.stream()
              .filter(s -> s.campaignCode().equals(campaign.code()))
              .map(
                  s -> {
                    Map<String, Object> m = submission(s);
                    m.put("files", filesOf.getOrDefault(s.reference(), List.of()));
                    return m;
                  })
              .toList());
      Map<String, Object> results = new LinkedHashMap<>();
      results.put("planApproved", row.planStatus() == UnitStatus.APPROVED);
      results.put("summaryApproved", row.summaryStatus() == UnitStatus.APPROVED);
      results.put("featured", row.featured());
      results.put("commended", row.commended());
      c.put("results", results);
      result.add(c);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("unit", unitInfo(unit));
    body.put("today", today.toString());
    body.put("campaigns", result);
    return body;
  }

  /** A task's form, its data and the unit's draft of it. */
  public Map<String, Object> form(Viewer viewer, String taskId) {
    Unit unit = unit(viewer);
    Task task = ownTask(viewer, taskId);
    CampaignPhase cp = campaignUnits.processesOfUnit(unit.code()).get(task.getProcessInstanceId());
    if (cp == null) {
      throw notFound();
    }
    String schemaText = schema(viewer, task);
    Map<String, Object> schema = read(schemaText);
    Map<String, Object> data = new LinkedHashMap<>();
    Map<String, Object> variables = as(viewer, () -> tasks.getVariables(taskId));
    for (Map.Entry<String, Object> variable : variables.entrySet()) {
      if (mentions(schemaText, variable.getKey())) {
        Object value = plain(variable.getValue());
        if (value != null) {
          data.put(variable.getKey(), value);
        }
      }
    }
    CampaignInfo campaign =
        campaigns.find(cp.campaignCode()).orElseThrow(UnitPageService::notFound);
    addCategoryOptions(data, schemaText, campaign.code());
    CampaignUnit row = campaignUnits.find(cp.campaignCode(), unit.code()).orElseThrow();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "task",
        task(task, cp.phase(), campaign, row, submissions.ofUnit(unit.code()), null, today()));
    body.put("schema", schema);
    body.put("data", data);
    body.put(
        "attachments",
        attachments.takesAttachments(cp.phase())
            ? attachmentsOf(campaign.code(), unit.code(), cp.phase())
            : null);
    body.put(
        "draft",
        drafts
            .find(unit.code(), taskId)
            .map(
                d -> {
                  Map<String, Object> draft = new LinkedHashMap<>();
                  draft.put("data", read(d.json()));
                  draft.put("savedAt", time(d.savedAt()));
                  return draft;
                })
            .orElse(null));
    return body;
  }

  /** Saves the unit's draft of an open task: only the form's fields. */
  public Map<String, Object> saveDraft(Viewer viewer, String taskId, Map<String, Object> data) {
    Unit unit = unit(viewer);
    Task task = ownTask(viewer, taskId);
    onlyFormFields(viewer, task, data);
    String json = write(data);
    if (json.length() > Drafts.MAX_CHARS) {
      throw Refusal.invalid(List.of("草稿内容过长（超过 " + Drafts.MAX_CHARS + " 个字符），未保存。"));
    }
    Instant now = EngineClock.now();
    transaction.executeWithoutResult(
        status -> drafts.save(unit.code(), taskId, viewer.userId(), json, now));
    return Map.of("savedAt", time(now));
  }

  public void discardDraft(Viewer viewer, String taskId) {
    Unit unit = unit(viewer);
    ownTask(viewer, taskId);
    drafts.delete(unit.code(), taskId);
  }

  /**
   * Submits the task: exactly the form's fields, completed as the signed-in contact in one
   * transaction (nothing changes when the submission is refused); then the receipt.
   */
  public Map<String, Object> submit(Viewer viewer, String taskId, Map<String, Object> data) {
    Unit unit = unit(viewer);
    Task task = ownTask(viewer, taskId);
    onlyFormFields(viewer, task, data);
    CampaignPhase cp = campaignUnits.processesOfUnit(unit.code()).get(task.getProcessInstanceId());
    if (cp == null) {
      throw notFound();
    }
    VariableMap variables = Variables.createVariables();
    data.forEach(
        (name, value) ->
            variables.put(
                name,
                value instanceof List<?> || value instanceof Map<?, ?>
                    ? JsonValues.json(value)
                    : value));
    try {
      as(
          viewer,
          () ->
              transaction.execute(
                  status -> {
                    // completed as the contact, who may work on the unit's task as one of its
                    // candidates: no claim before it (a command of its own, with its own
                    // permission check, task and history updates and operation log entry, issue
                    // 21); who submitted is in the submission record and the operation log
                    tasks.complete(taskId, variables);
                    drafts.delete(unit.code(), taskId);
                    return null;
                  }));
    } catch (RuntimeException e) {
      UserErrors.UserError error = UserErrors.of(e);
      if (error.status() == 400 && !error.problems().isEmpty()) {
        throw new FieldProblems.Invalid(
            error.message(),
            error.problems(),
            FieldProblems.locate(schema(viewer, task), error.problems()));
      }
      throw e;
    }
    Submission submission =
        submissions
            .ofTask(taskId)
            .orElseThrow(() -> new IllegalStateException("no submission row"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reference", submission.reference());
    body.put("submittedAt", time(submission.submittedAt()));
    body.put("phaseLabel", cp.phase().label());
    // the receipt mail was queued with the submission and goes out within a minute
    body.put("mailQueued", true);
    body.put(
        "message",
        "已提交"
            + cp.phase().label()
            + "，回执编号 "
            + submission.reference()
            + "。回执邮件将在一分钟内发送至本单位联系人的邮箱。");
    return body;
  }

  /** One of the unit's submissions with what was submitted (the printable view). */
  public Map<String, Object> submissionDetail(Viewer viewer, String reference) {
    Unit unit = unit(viewer);
    Map.Entry<Submission, Map<String, Object>> found =
        submissions
            .find(unit.code(), reference)
            .orElseThrow(() -> Refusal.notFound("未找到本单位编号为 " + reference + " 的报送记录。"));
    Submission s = found.getKey();
    CampaignInfo campaign = campaigns.find(s.campaignCode()).orElseThrow();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("submission", submission(s));
    body.put("files", files(attachments.ofSubmission(s.reference())));
    body.put("unit", unitInfo(unit));
    body.put("campaign", Map.of("code", campaign.code(), "title", campaign.title()));
    String schema = submittedForm(s.taskId(), s.phase());
    body.put("schema", read(schema));
    // what was submitted, with what the form shows around it (option labels, the unit's name)
    Map<String, Object> data = new LinkedHashMap<>(found.getValue());
    var task = history.createHistoricTaskInstanceQuery().taskId(s.taskId()).singleResult();
    for (HistoricVariableInstance v :
        history
            .createHistoricVariableInstanceQuery()
            .processInstanceId(task.getProcessInstanceId())
            .list()) {
      if (!data.containsKey(v.getName()) && mentions(schema, v.getName())) {
        Object value = plain(v.getValue());
        if (value != null) {
          data.put(v.getName(), value);
        }
      }
    }
    addCategoryOptions(data, schema, s.campaignCode());
    body.put("data", data);
    return body;
  }

  /**
   * The campaign's category options for a form that lists them, when the unit's process has no copy
   * (ADR 0014): read as the product, not as the contact, who has no access to the campaign's
   * process.
   */
  private void addCategoryOptions(Map<String, Object> data, String schema, String campaignCode) {
    if (!data.containsKey(CampaignValues.CATEGORY_OPTIONS)
        && mentions(schema, CampaignValues.CATEGORY_OPTIONS)) {
      Object options = plain(campaignValues.categoryOptions(campaignCode));
      if (options != null) {
        data.put(CampaignValues.CATEGORY_OPTIONS, options);
      }
    }
  }

  // --- attachments

  /** The files the unit's next submission of the task's phase carries, with the limits. */
  public Map<String, Object> attachments(Viewer viewer, String taskId) {
    Attachments.Owner owner = attachmentOwner(viewer, taskId);
    return attachmentsOf(owner.campaignCode(), owner.unitCode(), owner.phase());
  }

  private Map<String, Object> attachmentsOf(String campaignCode, String unitCode, Phase phase) {
    List<StoredFile> current = attachments.current(campaignCode, unitCode, phase);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("limits", attachments.limits());
    body.put("usedBytes", current.stream().mapToLong(StoredFile::size).sum());
    body.put("files", files(current));
    return body;
  }

  /** Stores a file for the unit's open task; campaign, unit and phase come from the task. */
  public Map<String, Object> upload(
      Viewer viewer, String taskId, String name, InputStream in, long length) {
    Attachments.Owner owner = attachmentOwner(viewer, taskId);
    CampaignInfo campaign =
        campaigns.find(owner.campaignCode()).orElseThrow(UnitPageService::notFound);
    Map<String, Object> values = campaignValues(campaign);
    StoredFile file =
        attachments.upload(
            owner,
            name,
            in,
            length,
            localDate(values.get("activityWindowStart")),
            localDate(values.get("activityWindowEnd")));
    return view(file);
  }

  public void removeAttachment(Viewer viewer, String taskId, String fileId) {
    attachments.remove(attachmentOwner(viewer, taskId), fileId);
  }

  /**
   * A file the viewer's unit may download: its own (also one an earlier submission carried), or
   * HQ's document of a campaign the unit takes part in. Anything else is "not found".
   */
  public StoredFile file(Viewer viewer, String fileId) {
    StoredFile file = attachments.find(fileId).orElseThrow(Attachments::notFound);
    boolean own = viewer.unitCode().equals(file.unitCode());
    boolean document =
        file.unitCode() == null
            && file.removedAt() == null
            && campaignUnits.find(file.campaignCode(), viewer.unitCode()).isPresent();
    if (!own && !document) {
      throw Attachments.notFound();
    }
    return file;
  }

  public InputStream open(StoredFile file) {
    return attachments.open(file);
  }

  public java.util.Optional<byte[]> thumbnail(StoredFile file) {
    return attachments.thumbnail(file.id());
  }

  private Attachments.Owner attachmentOwner(Viewer viewer, String taskId) {
    Unit unit = unit(viewer);
    Task task = ownTask(viewer, taskId);
    CampaignPhase cp = campaignUnits.processesOfUnit(unit.code()).get(task.getProcessInstanceId());
    if (cp == null) {
      throw notFound();
    }
    if (!attachments.takesAttachments(cp.phase())) {
      throw Refusal.invalid(List.of(cp.phase().label() + "不接收附件。"));
    }
    return new Attachments.Owner(
        cp.campaignCode(),
        unit.code(),
        cp.phase(),
        task.getProcessInstanceId(),
        task.getId(),
        viewer.userId());
  }

  private List<Map<String, Object>> files(List<StoredFile> files) {
    Map<String, String> names = new HashMap<>();
    return files.stream().map(f -> view(f, names)).toList();
  }

  private Map<String, Object> view(StoredFile file) {
    return view(file, new HashMap<>());
  }

  /** The file for the page, with the uploader's name (looked up once per list and person). */
  private Map<String, Object> view(StoredFile file, Map<String, String> names) {
    Map<String, Object> v = attachments.view(file, FILES);
    v.put("uploadedBy", names.computeIfAbsent(file.uploadedBy(), contacts::nameOf));
    return v;
  }

  private Map<String, List<Map<String, Object>>> submissionFiles(List<Submission> all) {
    Map<String, List<Map<String, Object>>> byReference = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    attachments.eachOfSubmissions(
        all.stream().map(Submission::reference).toList(),
        (reference, file) ->
            byReference.computeIfAbsent(reference, r -> new ArrayList<>()).add(view(file, names)));
    return byReference;
  }

  private static LocalDate localDate(Object value) {
    String s = date(value);
    try {
      return s == null ? null : LocalDate.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  // --- reading

  private Unit unit(Viewer viewer) {
    return directory
        .find(viewer.unitCode())
        .orElseThrow(() -> Refusal.notFound("单位 " + viewer.unitCode() + " 不在本会的单位名录中。"));
  }

  private List<Task> openTasks(Viewer viewer) {
    return as(
        viewer,
        () ->
            tasks
                .createTaskQuery()
                .taskCandidateGroup(Unit.groupOf(viewer.unitCode()))
                .includeAssignedTasks()
                .active()
                .orderByTaskCreateTime()
                .asc()
                .list());
  }

  /**
   * The unit's open task of that id, read as the viewer; any other task (another unit's, a done
   * one, HQ's) is "not found" to the unit.
   */
  private Task ownTask(Viewer viewer, String taskId) {
    if (taskId == null || taskId.length() > 64) {
      throw notFound();
    }
    Task task =
        as(
            viewer,
            () -> EngineAccess.openTaskOfGroup(engine, taskId, Unit.groupOf(viewer.unitCode())));
    if (task == null) {
      throw notFound();
    }
    return task;
  }

  private static Refusal notFound() {
    return Refusal.notFound("未找到该任务：它可能已经提交、已过报送期限，或不属于本单位。请返回首页查看。");
  }

  private void onlyFormFields(Viewer viewer, Task task, Map<String, Object> data) {
    if (data == null) {
      throw Refusal.invalid(List.of("请求内容应为表单字段的 JSON 对象。"));
    }
    List<String> problems = fields(viewer, task).problems(data);
    if (!problems.isEmpty()) {
      throw Refusal.invalid(problems);
    }
  }

  /**
   * The task's form, read as the viewer once per process definition and task (a form is bound to
   * its deployment, so it never changes for them).
   */
  private String schema(Viewer viewer, Task task) {
    return formOf(viewer, task).schema();
  }

  private FormFields fields(Viewer viewer, Task task) {
    return formOf(viewer, task).fields();
  }

  private record DeployedForm(String schema, FormFields fields) {}

  private final Map<String, DeployedForm> deployedForms = new ConcurrentHashMap<>();

  private DeployedForm formOf(Viewer viewer, Task task) {
    String key = task.getProcessDefinitionId() + "|" + task.getTaskDefinitionKey();
    DeployedForm form = deployedForms.get(key);
    if (form == null) {
      String schema =
          as(
              viewer,
              () -> {
                try (InputStream in = forms.getDeployedTaskForm(task.getId())) {
                  return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                  throw new IllegalStateException("cannot read the task's form", e);
                }
              });
      form = new DeployedForm(schema, FormFields.parse(stream(schema)));
      deployedForms.put(key, form);
    }
    return form;
  }

  /** The form a done task was submitted with, from its deployment (read by the server). */
  private String submittedForm(String taskId, Phase phase) {
    var task = history.createHistoricTaskInstanceQuery().taskId(taskId).singleResult();
    if (task == null) {
      throw Refusal.notFound("该报送记录的表单已随历史数据清理，无法显示。");
    }
    String deployment =
        repository.getProcessDefinition(task.getProcessDefinitionId()).getDeploymentId();
    String name = phase == Phase.PLAN ? "forms/submit-plan.form" : "forms/submit-summary.form";
    try (InputStream in = repository.getResourceAsStream(deployment, name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name, e);
    }
  }

  private static InputStream stream(String text) {
    return new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Whether the form uses the variable (as a field, an option list, in a text or a condition). */
  private static boolean mentions(String schema, String name) {
    Matcher m = NAME.matcher(schema);
    while (m.find()) {
      if (m.group().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private Map<String, Object> campaignValues(CampaignInfo campaign) {
    Map<String, Object> values = new HashMap<>();
    // the unit reads its campaign's notice, which its own grants do not cover: read by the server
    // for the campaign the unit's own row names, never for one the request names
    for (HistoricVariableInstance v :
        history
            .createHistoricVariableInstanceQuery()
            .processInstanceId(campaign.processInstanceId())
            .variableNameIn(CAMPAIGN_VALUES.toArray(String[]::new))
            .list()) {
      values.put(v.getName(), v.getValue());
    }
    return values;
  }

  private static Map<String, Object> notice(Map<String, Object> values) {
    Map<String, Object> notice = new LinkedHashMap<>();
    notice.put("title", values.get("noticeTitle"));
    notice.put("docNumbers", values.get("noticeDocNumbers"));
    notice.put("issuers", values.get("noticeIssuers"));
    notice.put("issueDate", date(values.get("noticeIssueDate")));
    notice.put("text", values.get("noticeText"));
    notice.put("link", values.get("noticeLink"));
    Map<String, Object> window = new LinkedHashMap<>();
    window.put("first", date(values.get("activityWindowStart")));
    window.put("last", date(values.get("activityWindowEnd")));
    notice.put("activityWindow", window);
    return notice;
  }

  private Map<String, Object> task(
      Task task,
      Phase phase,
      CampaignInfo campaign,
      CampaignUnit row,
      List<Submission> unitSubmissions,
      Instant draftSavedAt,
      LocalDate today) {
    LocalDate deadline = phase == Phase.PLAN ? campaign.planDeadline() : campaign.summaryDeadline();
    boolean returned = row.status(phase) == UnitStatus.RETURNED;
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("id", task.getId());
    t.put("phase", phase.name());
    t.put("campaignCode", campaign.code());
    t.put("name", "提交" + phase.label());
    t.put("deadline", deadline == null ? null : deadline.toString());
    t.put("daysLeft", deadline == null ? null : ChronoUnit.DAYS.between(today, deadline));
    t.put("overdue", deadline != null && today.isAfter(deadline));
    t.put("returned", returned);
    t.put(
        "reviewComment",
        returned
            ? unitSubmissions.stream()
                .filter(s -> s.campaignCode().equals(campaign.code()) && s.phase() == phase)
                .map(Submission::reviewComment)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null)
            : null);
    t.put("draftSavedAt", draftSavedAt == null ? null : time(draftSavedAt));
    return t;
  }

  private Map<String, Object> submission(Submission s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reference", s.reference());
    m.put("campaignCode", s.campaignCode());
    m.put("phase", s.phase().name());
    m.put("phaseLabel", s.phase().label());
    m.put("submittedAt", time(s.submittedAt()));
    m.put("submittedBy", contacts.nameOf(s.submittedBy()));
    m.put("status", s.status().name());
    m.put("statusLabel", statusLabel(s.status()));
    m.put("reviewComment", s.reviewComment());
    m.put("reviewedAt", s.reviewedAt() == null ? null : time(s.reviewedAt()));
    m.put("digest", s.digest());
    return m;
  }

  private static String statusLabel(UnitStatus status) {
    return switch (status) {
      case RETURNED -> "已退回修改";
      case NONE -> "未开始";
      default -> status.label();
    };
  }

  private String lastDay(Object cutoff) {
    return cutoff instanceof Date d
        ? d.toInstant().atZone(zone()).toLocalDate().minusDays(1).toString()
        : null;
  }

  private static String date(Object value) {
    if (value == null) {
      return null;
    }
    String s = value.toString();
    return s.length() >= 10 ? s.substring(0, 10) : s;
  }

  private String time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, zone()).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private ZoneId zone() {
    return properties.timeZone();
  }

  private LocalDate today() {
    return EngineClock.today(zone());
  }

  /** A variable's value as JSON for the page. */
  private Object plain(Object value) {
    if (value instanceof SpinJsonNode node) {
      try {
        return JSON.readValue(node.toString(), Object.class);
      } catch (JsonProcessingException e) {
        return null;
      }
    }
    if (value instanceof Date d) {
      return time(d.toInstant());
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return null;
  }

  /** Runs engine calls as the viewer (the engine applies that user's authorizations). */
  private <T> T as(Viewer viewer, Supplier<T> work) {
    identity.setAuthentication(viewer.userId(), viewer.groups());
    try {
      return work.get();
    } finally {
      identity.clearAuthentication();
    }
  }

  private static Map<String, Object> read(String json) {
    try {
      return JSON.readValue(json, new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not a JSON object", e);
    }
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
