package org.example.stwd;

import static org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions.init;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.spin.plugin.variable.SpinValues;
import org.example.stwd.core.CampaignUnitRepository;
import org.example.stwd.core.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the real application (engine, listeners, status table, SMTP path into GreenMail) on an
 * in-memory H2 with the job executor off: tests move the engine clock and execute due jobs
 * themselves, as the job executor would at that moment.
 */
@SpringBootTest
@ActiveProfiles("test")
public abstract class ProcessTestSupport {

  protected static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /**
   * The test SMTP server's port: free when the test JVM started, the same for every cached
   * application context.
   */
  static final int SMTP_PORT = freePort();

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  protected static GreenMailExtension greenMail =
      new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  @DynamicPropertySource
  static void smtpPort(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.port", () -> SMTP_PORT);
  }

  @Autowired protected ProcessEngine engine;
  @Autowired protected RuntimeService runtime;
  @Autowired protected TaskService taskService;
  @Autowired protected FormService formService;
  @Autowired protected ManagementService management;
  @Autowired protected RepositoryService repository;
  @Autowired protected HistoryService history;
  @Autowired protected JdbcTemplate jdbc;
  @Autowired protected CampaignUnitRepository campaignUnits;
  @Autowired private org.example.stwd.demo.DemoData demoData;
  @Autowired private org.camunda.bpm.engine.IdentityService identities;

  /** The demo's twelve units. */
  protected static final List<String> DEMO_UNITS =
      List.of(
          "wc01", "wc02", "sc01", "sc02", "br01", "br02", "ls01", "ls02", "su01", "su02", "gm01",
          "gm02");

  /**
   * The demo directory again, and nothing a test added or changed in it (tests share the database):
   * for the directory's tests, after each.
   */
  protected void restoreDemoDirectory() throws java.io.IOException {
    identities.clearAuthentication();
    for (Map<String, Object> c :
        jdbc.queryForList("SELECT user_id, unit_code FROM stwd_unit_contact")) {
      if (!DEMO_UNITS.contains(c.get("unit_code")) || !DEMO_UNITS.contains(c.get("user_id"))) {
        identities.deleteUser((String) c.get("user_id"));
      }
    }
    for (String code : jdbc.queryForList("SELECT code FROM stwd_unit", String.class)) {
      if (!DEMO_UNITS.contains(code)) {
        identities.deleteGroup("unit-" + code);
      }
    }
    jdbc.update("DELETE FROM stwd_unit_contact");
    jdbc.update(
        "DELETE FROM stwd_unit WHERE code NOT IN ('" + String.join("','", DEMO_UNITS) + "')");
    jdbc.update("DELETE FROM stwd_directory_audit");
    demoData.load();
  }

  private static int freePort() {
    try {
      return PackagedApp.freePort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @BeforeEach
  void cleanState() {
    init(engine);
    // several cached application contexts share the test JVM, each with an engine named "default";
    // the engine's REST and the webapps look theirs up in a static registry, which holds the last
    // one started: put this context's engine back, so that REST calls run on the engine (and with
    // the authentication) of the server they were sent to
    ProcessEngines.registerProcessEngine(engine);
    ClockUtil.reset();
    for (ProcessInstance pi : runtime.createProcessInstanceQuery().list()) {
      if (runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).count() > 0) {
        runtime.deleteProcessInstance(pi.getId(), "test cleanup", true, true);
      }
    }
    for (String table :
        List.of(
            "stwd_outcome_mail",
            "stwd_outcome_batch",
            "stwd_urge",
            "stwd_mail_log",
            "stwd_mail_sent",
            "stwd_summary_activity",
            "stwd_submission_file",
            "stwd_file_chunk",
            "stwd_file",
            "stwd_submission",
            "stwd_unit_draft",
            "stwd_signin_link",
            "stwd_activity",
            "stwd_campaign_unit",
            "stwd_campaign")) {
      jdbc.update("DELETE FROM " + table);
    }
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  /** Sets the engine clock to a local time in Asia/Shanghai, e.g. "2023-05-06T10:00". */
  protected static void clock(String localDateTime) {
    ClockUtil.setCurrentTime(date(localDateTime));
  }

  protected static Date date(String localDateTime) {
    return Date.from(LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant());
  }

  /** Executes every job that is due now, including the ones the executed jobs create. */
  protected int runJobs() {
    List<String> failed = runJobsCollectingFailures();
    if (!failed.isEmpty()) {
      throw new IllegalStateException("jobs failed: " + failed);
    }
    return executed;
  }

  private int executed;

  /**
   * Executes every job that is due now, as the job executor would: a job that fails keeps its
   * decremented retries and its next due date; returns the failure messages.
   */
  protected List<String> runJobsCollectingFailures() {
    executed = 0;
    List<String> failures = new ArrayList<>();
    for (int round = 0; round < 1000; round++) {
      List<Job> due = management.createJobQuery().executable().active().list();
      if (due.isEmpty()) {
        return failures;
      }
      for (Job job : due) {
        if (management.createJobQuery().jobId(job.getId()).count() == 0) {
          continue; // removed by a job executed before it (e.g. a timer on an activity that has
          // ended)
        }
        try {
          management.executeJob(job.getId());
          executed++;
        } catch (RuntimeException e) {
          failures.add(e.getMessage());
        }
      }
    }
    throw new IllegalStateException("jobs keep coming");
  }

  /**
   * A REST payload from docs/examples ({"variables": {name: {value, type}}}) as the engine gets it.
   */
  protected static VariableMap payload(String path) {
    try {
      return variables(JSON.readTree(Path.of("docs/examples", path).toFile()).get("variables"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  protected static VariableMap variables(JsonNode node) {
    VariableMap map = Variables.createVariables();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode value = e.getValue().get("value");
      JsonNode type = e.getValue().get("type");
      if (type != null && type.asText().equals("Json")) {
        map.put(e.getKey(), SpinValues.jsonValue(value.asText()).create());
      } else {
        map.put(e.getKey(), JSON.convertValue(value, Object.class));
      }
    }
    return map;
  }

  protected static VariableMap with(VariableMap base, Object... nameValues) {
    VariableMap map = Variables.fromMap(base);
    for (int i = 0; i < nameValues.length; i += 2) {
      map.put((String) nameValues[i], nameValues[i + 1]);
    }
    return map;
  }

  protected static VariableMap vars(Object... nameValues) {
    return with(Variables.createVariables(), nameValues);
  }

  protected ProcessInstance startCampaign(VariableMap variables) {
    String definitionId =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey("campaign")
            .latestVersion()
            .singleResult()
            .getId();
    return formService.submitStartForm(definitionId, variables);
  }

  /** Starts a campaign from a payload, drafts and approves the forwarding, and distributes it. */
  protected ProcessInstance distributedCampaign(VariableMap notice, VariableMap draft) {
    ProcessInstance campaign = startCampaign(notice);
    submit(task(campaign.getId(), "Task_DraftForwarding"), draft);
    submit(task(campaign.getId(), "Task_ApproveForwarding"), vars("forwardingDecision", "APPROVE"));
    runJobs();
    return campaign;
  }

  /**
   * The 2023 notice as campaign {@code code}, forwarded to the given units only ("wc01 wc02"), on 6
   * May 2023 (the plan deadline is 15 May).
   */
  protected ProcessInstance campaignFor(String code, String unitCodes) {
    clock("2023-05-06T10:00");
    return distributedCampaign(
        with(payload("2023/01-register-notice.json"), "campaignCode", code),
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            unitCodes));
  }

  /**
   * Campaign {@code code} for the given units, each with an approved plan, taken on to 11 June 2023
   * when the summaries are asked for: returns the campaign; each unit has its 提交活动总结 task.
   */
  protected ProcessInstance summariesOpenFor(String code, String unitCodes) {
    ProcessInstance campaign = campaignFor(code, unitCodes);
    clock("2023-05-08T10:00");
    for (String unit : unitCodes.split(" ")) {
      submit(unitTask(code, unit, Phase.PLAN, "Task_SubmitPlan"), plan2023());
      submit(unitTask(code, unit, Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    }
    clock("2023-05-21T00:00");
    runJobs();
    submit(
        task(campaign.getId(), "Task_CoordinatePublicity"),
        vars("featuredActivityIds", List.of(), "castPlatformUploaded", true));
    clock("2023-06-11T08:00");
    runJobs();
    return campaign;
  }

  protected Task task(String processInstanceId, String taskKey) {
    return taskService
        .createTaskQuery()
        .processInstanceId(processInstanceId)
        .taskDefinitionKey(taskKey)
        .singleResult();
  }

  protected ProcessInstance unitInstance(String campaignCode, String unitCode, Phase phase) {
    return runtime
        .createProcessInstanceQuery()
        .processDefinitionKey(phase.processKey())
        .processInstanceBusinessKey(Phase.businessKey(campaignCode, unitCode))
        .singleResult();
  }

  protected Task unitTask(String campaignCode, String unitCode, Phase phase, String taskKey) {
    ProcessInstance pi = unitInstance(campaignCode, unitCode, phase);
    return pi == null ? null : task(pi.getId(), taskKey);
  }

  /** Completes a task as Tasklist does (submit the task form). */
  protected void submit(Task task, VariableMap variables) {
    formService.submitTaskForm(task.getId(), variables);
  }

  /**
   * The mails delivered to an address, each SMTP delivery once. GreenMail keeps one copy per
   * recipient of a delivery (a mail to hq01 and hq02 is two copies, both naming both): of the
   * copies that name the address, every n-th of a Message-ID counts, n being the number of
   * recipients. The Message-ID alone does not tell deliveries apart: a mail sent twice carries the
   * same one.
   */
  protected List<MimeMessage> mailsTo(String address) {
    return deliveriesTo(List.of(greenMail.getReceivedMessages()), address);
  }

  static List<MimeMessage> deliveriesTo(List<MimeMessage> received, String address) {
    List<MimeMessage> result = new ArrayList<>();
    Map<String, Integer> copies = new HashMap<>();
    for (MimeMessage m : received) {
      try {
        jakarta.mail.Address[] recipients = m.getAllRecipients();
        if (Arrays.stream(recipients).anyMatch(r -> r.toString().equals(address))
            && copies.merge(m.getMessageID(), 1, Integer::sum) % recipients.length
                == 1 % recipients.length) {
          result.add(m);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return result;
  }

  /** The plain-text part of a mail. */
  protected static String textOf(MimeMessage message) {
    return org.example.stwd.support.MimeParts.find(message, "text/plain");
  }

  /** The HTML part of a mail. */
  protected static String htmlOf(MimeMessage message) {
    return org.example.stwd.support.MimeParts.find(message, "text/html");
  }

  /** Keeps a mail's HTML as test output (target/mail-samples/NAME.html) for a person to look at. */
  protected static MimeMessage keep(MimeMessage message, String name) {
    try {
      Path dir = Path.of("target", "mail-samples");
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Files.writeString(dir.resolve(name + ".html"), htmlOf(message));
      java.nio.file.Files.writeString(dir.resolve(name + ".txt"), textOf(message));
      return message;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The mails to an address whose subject starts with the prefix. */
  protected List<MimeMessage> mailsTo(String address, String subjectPrefix) {
    return mailsTo(address).stream()
        .filter(
            m -> {
              try {
                return m.getSubject().startsWith(subjectPrefix);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  protected List<String> subjectsTo(String address) {
    return mailsTo(address).stream()
        .map(
            m -> {
              try {
                return m.getSubject();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  protected int mailCount(String campaignCode, String kind) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM stwd_mail_log WHERE campaign_code = ? AND kind = ? AND outcome = 'SENT'",
        Integer.class,
        campaignCode,
        kind);
  }

  /**
   * A campaign to six units on 16 May 2023, 10:00, the day after the plan deadline: wc01's plan
   * approved, sc01's in review, sc02's returned, wc02 declined, br01 and br02 silent (reminded on
   * 12 May, overdue notice this morning).
   */
  protected ProcessInstance boardScenario(String code) {
    clock("2023-05-06T10:00");
    ProcessInstance campaign =
        distributedCampaign(
            with(payload("2023/01-register-notice.json"), "campaignCode", code),
            with(
                payload("2023/02-draft-forwarding.json"),
                "targetCategories",
                List.of(),
                "targetUnitCodes",
                "wc01 wc02 sc01 sc02 br01 br02"));
    clock("2023-05-08T10:00");
    submit(unitTask(code, "wc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(unitTask(code, "wc01", Phase.PLAN, "Task_ReviewPlan"), approve("planDecision"));
    submit(unitTask(code, "wc02", Phase.PLAN, "Task_SubmitPlan"), declinePlan());
    clock("2023-05-10T15:30");
    submit(unitTask(code, "sc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(unitTask(code, "sc02", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    submit(
        unitTask(code, "sc02", Phase.PLAN, "Task_ReviewPlan"),
        returnWith("planDecision", "planReviewComment", "请补充活动预算"));
    clock("2023-05-16T10:00");
    runJobs();
    return campaign;
  }

  /** The plan submission of docs/examples/2023/04-submit-plan.json, as sent by the given unit. */
  protected static VariableMap plan2023() {
    return payload("2023/04-submit-plan.json");
  }

  protected static VariableMap declinePlan() {
    return vars(
        "holdsActivities",
        "NO",
        "declineReason",
        "今年承担重大工程任务，不单独组织活动",
        "responsiblePerson",
        "赵一鸣",
        "responsiblePhone",
        "010-5550-0102",
        "responsibleEmail",
        "wc02@example.org");
  }

  protected static VariableMap approve(String decisionVariable) {
    return vars(decisionVariable, "APPROVE");
  }

  protected static VariableMap returnWith(
      String decisionVariable, String commentVariable, String comment) {
    return vars(decisionVariable, "RETURN", commentVariable, comment);
  }

  protected static VariableMap summary(int participants) {
    return vars(
        "summaryActivities",
        SpinValues.jsonValue(
                "[{\"activityName\":\"青年科技工作者座谈会\",\"startDate\":\"2023-05-26\",\"endDate\":\"2023-05-26\",\"participants\":"
                    + participants
                    + ",\"mediaLinks\":\"https://example.org/news/1\"}]")
            .create(),
        "summaryText",
        "活动围绕“点亮精神火炬”主题开展，青年科技工作者交流科研经历，反响热烈。",
        "mediaLinks",
        "https://example.org/photos/1",
        "experience",
        "线上线下结合扩大了覆盖面。",
        "responsiblePerson",
        "陈雨桐",
        "responsiblePhone",
        "010-5550-0101",
        "responsibleEmail",
        "wc01@example.org");
  }
}
