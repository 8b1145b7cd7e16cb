package org.example.stwd.campaign;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.spin.json.SpinJsonNode;
import org.example.stwd.config.StwdProperties;
import org.example.stwd.core.CampaignRepository;
import org.example.stwd.core.CampaignRepository.CampaignInfo;
import org.example.stwd.support.JsonValues;
import org.example.stwd.validation.Refusal;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Next year's campaign from this year's (docs/DIRECTORY.md, "Next year"): the values of a previous
 * campaign with the year moved on, and the start of a campaign through the same start form as
 * Tasklist (the form's rules and the door's field rule apply, as the user who starts it), with the
 * forwarding draft prefilled from the previous campaign.
 */
@Service
public class NewCampaigns {

  /** The start form's fields (register-notice.form). */
  static final List<String> START_FIELDS =
      List.of(
          "campaignCode",
          "campaignYear",
          "campaignTheme",
          "noticeTitle",
          "noticeDocNumbers",
          "noticeIssuers",
          "noticeIssueDate",
          "activityWindowStart",
          "activityWindowEnd",
          "upwardDeadline",
          "activityCategories",
          "noticeText",
          "noticeLink");

  /** What the forwarding draft (draft-forwarding.form) takes over from a previous campaign. */
  static final List<String> FORWARDING =
      List.of(
          "forwardingDocNumber",
          "forwardingTitle",
          "forwardingNote",
          "targetCategories",
          "targetUnitCodes",
          "planDeadline",
          "summaryDeadline",
          "reminderLeadDays",
          "graceDays",
          "contactName",
          "contactPhone",
          "contactEmail");

  private final CampaignRepository campaigns;
  private final HistoryService history;
  private final RepositoryService repository;
  private final FormService forms;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final IdentityService identity;
  private final StwdProperties properties;
  private final TransactionTemplate transaction;

  public NewCampaigns(
      CampaignRepository campaigns,
      HistoryService history,
      RepositoryService repository,
      FormService forms,
      RuntimeService runtime,
      TaskService tasks,
      IdentityService identity,
      StwdProperties properties,
      PlatformTransactionManager transactionManager) {
    this.campaigns = campaigns;
    this.history = history;
    this.repository = repository;
    this.forms = forms;
    this.runtime = runtime;
    this.tasks = tasks;
    this.identity = identity;
    this.properties = properties;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /** A previous campaign's values for next year: {@code start} and {@code forwarding}. */
  public Map<String, Object> nextYear(String code) {
    CampaignInfo previous =
        campaigns.find(code).orElseThrow(() -> Refusal.notFound("没有编号为“" + code + "”的活动"));
    Map<String, Object> values = values(previous.processInstanceId());
    int year = previous.year();
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("campaignYear", year + 1);
    start.put(
        "campaignCode",
        code.contains(String.valueOf(year))
            ? code.replace(String.valueOf(year), String.valueOf(year + 1))
            : code + "-" + (year + 1));
    start.put("activityCategories", moved(values.get("activityCategories"), year));
    Map<String, Object> forwarding = new LinkedHashMap<>();
    for (String name : FORWARDING) {
      Object v = values.get(name);
      if (v instanceof SpinJsonNode) {
        v = JsonValues.toList(v);
      } else if (v instanceof Date d) {
        v = d.toInstant().atZone(zone()).toLocalDate().plusYears(1).toString();
      } else if (v instanceof String s && s.matches("\\d{4}-\\d{2}-\\d{2}.*")) {
        v = LocalDate.parse(s.substring(0, 10)).plusYears(1).toString();
      } else {
        v = moved(v, year);
      }
      if (v != null) {
        forwarding.put(name, v);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("previous", Map.of("code", previous.code(), "title", previous.title(), "year", year));
    body.put("start", start);
    body.put("forwarding", forwarding);
    return body;
  }

  /**
   * Starts a campaign as {@code userId}: exactly the start form's fields; with a previous campaign
   * its forwarding values (year moved on) are set on the new campaign, so that the 起草转发通知 task
   * opens prefilled. Returns the new campaign's code and its forwarding task.
   */
  public Map<String, Object> start(
      String userId, List<String> groups, Map<String, Object> fields, String previousCode) {
    if (fields == null) {
      throw Refusal.invalid(List.of("请求内容应包含启动表单的字段（variables）。"));
    }
    List<String> unknown = fields.keySet().stream().filter(k -> !START_FIELDS.contains(k)).toList();
    if (!unknown.isEmpty()) {
      throw Refusal.invalid(List.of("启动表单没有这些字段：" + String.join("、", unknown)));
    }
    Map<String, Object> prefill =
        previousCode == null || previousCode.isBlank()
            ? Map.of()
            : forwardingValues(nextYear(previousCode.strip()));
    VariableMap variables = Variables.createVariables();
    fields.forEach(
        (name, value) -> {
          if (value != null && !(value instanceof String s && s.isBlank())) {
            variables.put(
                name,
                name.equals("campaignYear") && value instanceof Number n ? n.intValue() : value);
          }
        });
    String definitionId =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey("campaign")
            .latestVersion()
            .singleResult()
            .getId();
    ProcessInstance instance =
        transaction.execute(
            status -> {
              identity.setAuthentication(userId, groups);
              ProcessInstance started;
              try {
                started = forms.submitStartForm(definitionId, variables);
              } finally {
                identity.clearAuthentication();
              }
              if (!prefill.isEmpty()) {
                runtime.setVariables(started.getId(), prefill);
              }
              return started;
            });
    Task draft =
        tasks
            .createTaskQuery()
            .processInstanceId(instance.getId())
            .taskDefinitionKey("Task_DraftForwarding")
            .singleResult();
    String code = (String) fields.get("campaignCode");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put(
        "message",
        "已发起活动 "
            + code
            + "。请在任务列表中起草转发通知"
            + (prefill.isEmpty() ? "。" : "（已按 " + previousCode + " 预填发送范围、期限、提醒和联系人，年份已顺延，请核对）。"));
    body.put(
        "taskUrl",
        draft == null ? properties.tasklistUrl() : properties.tasklistTaskUrl(draft.getId()));
    return body;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> forwardingValues(Map<String, Object> nextYear) {
    Map<String, Object> values = new HashMap<>((Map<String, Object>) nextYear.get("forwarding"));
    Object categories = values.get("targetCategories");
    if (categories instanceof List<?> list) {
      values.put("targetCategories", JsonValues.json(list));
    }
    return values;
  }

  private Map<String, Object> values(String processInstanceId) {
    Map<String, Object> values = new HashMap<>();
    for (HistoricVariableInstance v :
        history
            .createHistoricVariableInstanceQuery()
            .processInstanceId(processInstanceId)
            .variableNameIn(
                java.util.stream.Stream.concat(
                        FORWARDING.stream(), java.util.stream.Stream.of("activityCategories"))
                    .toArray(String[]::new))
            .list()) {
      values.put(v.getName(), v.getValue());
    }
    return values;
  }

  /** A text with the campaign's year moved on by one (titles, document numbers, notes). */
  private static Object moved(Object value, int year) {
    return value instanceof String s
        ? s.replace(String.valueOf(year), String.valueOf(year + 1))
        : value;
  }

  private ZoneId zone() {
    return properties.timeZone();
  }
}
