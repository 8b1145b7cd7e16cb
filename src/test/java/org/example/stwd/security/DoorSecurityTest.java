package org.example.stwd.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.example.stwd.ProcessTestSupport;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.validation.InvalidInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Each hole a hostile caller was found to open, tried by every role (a unit contact on its own
 * unit's work, another unit's contact, HQ office, a leader, anonymous) through the engine's REST
 * and through the webapps' API, as Tasklist and Cockpit call it. Each attempt is refused in
 * Chinese, without engine or Tomcat text, and the database is exactly as it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DoorSecurityTest extends ProcessTestSupport {

  static final String CODE = "SEC-2023";

  @LocalServerPort int port;
  @Autowired IdentityService identityService;

  private Doors doors;
  private Task wc01Plan;
  private ProcessInstance wc01Process;
  private ProcessInstance wc02Process;
  private Task wc02Review;

  @BeforeEach
  void twoUnitsOneOfThemSubmitted() {
    campaignFor(CODE, "wc01 wc02");
    wc01Plan = unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan");
    wc01Process = unitInstance(CODE, "wc01", Phase.PLAN);
    wc02Process = unitInstance(CODE, "wc02", Phase.PLAN);
    submit(unitTask(CODE, "wc02", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    wc02Review = unitTask(CODE, "wc02", Phase.PLAN, "Task_ReviewPlan");
    doors = new Doors(port, "test");
  }

  @AfterEach
  void unlock() {
    identityService.clearAuthentication();
  }

  /** Every role through both doors. */
  private List<Doors.Door> everyone() throws Exception {
    List<Doors.Door> all = new ArrayList<>();
    for (String user : new String[] {null, "wc01", "wc02", "hq01", "leader01"}) {
      all.add(doors.rest(user));
    }
    all.add(doors.webapp(null, "tasklist"));
    // unit contacts have no webapp (they use the unit page); anyone may log in to Welcome
    all.add(doors.webapp("wc01", "welcome"));
    all.add(doors.webapp("wc02", "welcome"));
    all.add(doors.webapp("hq01", "cockpit"));
    all.add(doors.webapp("leader01", "tasklist"));
    return all;
  }

  private List<Doors.Door> everyoneBut(String user) throws Exception {
    return everyone().stream().filter(d -> !d.describe().endsWith(" " + user)).toList();
  }

  /** The request is refused for each of the doors, in Chinese, and changes nothing. */
  private void refused(List<Doors.Door> doors, String method, String enginePath, String body)
      throws Exception {
    for (Doors.Door door : doors) {
      Map<String, List<String>> before = DatabaseSnapshot.take(jdbc);
      HttpResponse<String> response = door.send(method, enginePath, body);
      String what =
          door.describe()
              + ": "
              + method
              + " "
              + enginePath
              + " → "
              + response.statusCode()
              + " "
              + response.body();
      assertThat(response.statusCode()).as(what).isIn(400, 401, 403, 404);
      assertChineseRefusal(response, what);
      assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).as(what).isEmpty();
    }
  }

  static void assertChineseRefusal(HttpResponse<String> response, String what) {
    assertThat(response.body())
        .as(what)
        .containsPattern("[\\u4e00-\\u9fff]")
        .doesNotContain(
            "ENGINE-",
            "Exception:",
            "Cannot ",
            "does not have",
            "Apache Tomcat",
            "Whitelabel",
            "is null");
  }

  private static String plan(String extraVariable) {
    return "{\"variables\": {"
        + extraVariable
        + "\"holdsActivities\": {\"value\": \"NO\"}, \"declineReason\": {\"value\": \"今年不开展\"},"
        + " \"responsiblePerson\": {\"value\": \"测试人\"}, \"responsiblePhone\": {\"value\": \"010-5550-0000\"}, \"responsibleEmail\": {\"value\": \"wc01@example.org\"}}}";
  }

  // ---- 1. a unit submits in another unit's name ----

  @Test
  void aCompletionCarriesOnlyTheFieldsOfItsForm() throws Exception {
    String inAnotherUnitsName =
        plan("\"unitCode\": {\"value\": \"wc02\"}, \"campaignCode\": {\"value\": \"OTHER-2023\"},");
    for (String endpoint : List.of("submit-form", "complete")) {
      refused(everyone(), "POST", "/task/" + wc01Plan.getId() + "/" + endpoint, inAnotherUnitsName);
    }
    // the caller is told which fields are not on the form (unit contacts have no REST: their own
    // door, the unit page, is tried in UnitPageTest; an administrator is held to the form too)
    HttpResponse<String> own =
        doors
            .rest("admin")
            .send("POST", "/task/" + wc01Plan.getId() + "/submit-form", inAnotherUnitsName);
    assertThat(own.statusCode()).isEqualTo(400);
    assertThat(own.body()).contains("表单中没有的字段：campaignCode、unitCode");
    // a field smuggled into an item of the activity list
    String smuggled =
        "{\"variables\": {\"holdsActivities\": {\"value\": \"YES\"}, \"activities\": {\"type\": \"Json\", \"value\":"
            + " \"[{\\\"activityName\\\":\\\"座谈会\\\",\\\"unitCode\\\":\\\"wc02\\\"}]\"}, \"responsiblePerson\": {\"value\": \"测试人\"}}}";
    HttpResponse<String> nested =
        doors.rest("admin").send("POST", "/task/" + wc01Plan.getId() + "/submit-form", smuggled);
    assertThat(nested.statusCode()).isEqualTo(400);
    assertThat(nested.body()).contains("第 1 项含有表单中没有的字段：unitCode");
    // and through the Java API, as the unit or as an administrator
    for (String user : List.of("wc01", "admin")) {
      identityService.setAuthentication(user, groupsOf(user));
      try {
        VariableMap withIdentity = with(declinePlan(), "unitCode", "wc02");
        assertThatThrownBy(() -> formService.submitTaskForm(wc01Plan.getId(), withIdentity))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("unitCode");
      } finally {
        identityService.clearAuthentication();
      }
    }
    assertThat(campaignUnits.status(CODE, "wc01", Phase.PLAN)).isEqualTo(UnitStatus.PENDING);
    assertThat(campaignUnits.status(CODE, "wc02", Phase.PLAN)).isEqualTo(UnitStatus.SUBMITTED);

    // the form's own fields go through, from the unit (as the unit page completes it)
    identityService.setAuthentication("wc01", groupsOf("wc01"));
    try {
      formService.submitTaskForm(wc01Plan.getId(), declinePlan());
    } finally {
      identityService.clearAuthentication();
    }
    assertThat(campaignUnits.status(CODE, "wc01", Phase.PLAN)).isEqualTo(UnitStatus.DECLINED);
  }

  private List<String> groupsOf(String user) {
    return identityService.createGroupQuery().groupMember(user).list().stream()
        .map(Group::getId)
        .toList();
  }

  // ---- 2 and 4. identity and submitted variables changed by a command ----

  @Test
  void noOneButAnAdministratorChangesAProcesssVariablesAndThatIsRecorded() throws Exception {
    String task = "/task/" + wc01Plan.getId();
    String identity =
        "{\"modifications\": {\"unitCode\": {\"value\": \"wc02\"}, \"campaignCode\": {\"value\": \"OTHER-2023\"}}}";
    refused(everyone(), "POST", task + "/variables", identity);
    refused(everyone(), "POST", task + "/localVariables", identity);
    refused(everyone(), "PUT", task + "/variables/unitCode", "{\"value\": \"wc02\"}");
    refused(everyone(), "DELETE", task + "/variables/unitCode", null);
    for (ProcessInstance process : List.of(wc01Process, wc02Process)) {
      String instance = "/process-instance/" + process.getId();
      refused(everyone(), "POST", instance + "/variables", identity);
      refused(everyone(), "PUT", instance + "/variables/unitCode", "{\"value\": \"wc02\"}");
      refused(everyone(), "DELETE", instance + "/variables/campaignCode", null);
      refused(everyone(), "POST", "/execution/" + process.getId() + "/localVariables", identity);
    }
    // a unit's submission as HQ reviews it: not editable, not deletable, not through the review
    // task either
    String submitted = "/process-instance/" + wc02Process.getId();
    refused(everyone(), "PUT", submitted + "/variables/planText", "{\"value\": \"（已被修改）\"}");
    refused(everyone(), "DELETE", submitted + "/variables/activities", null);
    refused(
        everyone(),
        "POST",
        "/task/" + wc02Review.getId() + "/variables",
        "{\"modifications\": {\"planText\": {\"value\": \"（已被修改）\"}}}");
    refused(
        everyone(),
        "POST",
        "/message",
        "{\"messageName\": \"PlansSettled\", \"processInstanceId\": \""
            + wc02Process.getId()
            + "\"}");
    // a comment on a review task of another unit (the engine itself checks no permission for
    // comments)
    refused(
        everyone().stream().filter(d -> !d.describe().endsWith(" hq01")).toList(),
        "POST",
        "/task/" + wc02Review.getId() + "/comment/create",
        "{\"message\": \"<b>伪造的审核意见</b>\"}");
    // and through the Java API, where no resource looks the task up first
    identityService.setAuthentication("wc01", groupsOf("wc01"));
    try {
      assertThatThrownBy(() -> taskService.createComment(wc02Review.getId(), null, "伪造的审核意见"))
          .isInstanceOf(org.camunda.bpm.engine.AuthorizationException.class);
    } finally {
      identityService.clearAuthentication();
    }
    assertThat(taskService.getTaskComments(wc02Review.getId())).isEmpty();

    // an administrator may, and the engine's operation log says who did it
    HttpResponse<String> admin =
        doors
            .rest("admin")
            .send(
                "PUT", submitted + "/variables/responsiblePhone", "{\"value\": \"010-5550-9999\"}");
    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(204);
    assertThat(
            history
                .createUserOperationLogQuery()
                .userId("admin")
                .processInstanceId(wc02Process.getId())
                .operationType("SetVariable")
                .count())
        .isEqualTo(1);
  }

  // ---- 3. a unit changes its own task ----

  @Test
  void candidatesWorkOnATaskButCannotRenameReassignOrShareIt() throws Exception {
    String task = "/task/" + wc01Plan.getId();
    refused(
        everyone(), "PUT", task, "{\"name\": \"<img src=x onerror=alert(1)>\", \"priority\": 99}");
    refused(
        everyone(),
        "POST",
        task + "/identity-links",
        "{\"groupId\": \"unit-wc02\", \"type\": \"candidate\"}");
    refused(
        everyone(),
        "POST",
        task + "/identity-links/delete",
        "{\"groupId\": \"unit-wc01\", \"type\": \"candidate\"}");
    refused(everyone(), "POST", task + "/delegate", "{\"userId\": \"hq01\"}");
    refused(everyone(), "POST", task + "/assignee", "{\"userId\": \"hq01\"}");
    refused(everyoneBut("wc01"), "POST", task + "/claim", "{\"userId\": \"wc01\"}");

    // the unit's contact claims it and gives it back (through the Java API, as the unit page
    // acts for the contact)
    identityService.setAuthentication("wc01", groupsOf("wc01"));
    try {
      taskService.claim(wc01Plan.getId(), "wc01");
    } finally {
      identityService.clearAuthentication();
    }
    assertThat(taskService.createTaskQuery().taskId(wc01Plan.getId()).singleResult().getAssignee())
        .isEqualTo("wc01");
    refused(everyone(), "POST", task + "/unclaim", null);
    identityService.setAuthentication("wc01", groupsOf("wc01"));
    try {
      taskService.setAssignee(wc01Plan.getId(), null);
    } finally {
      identityService.clearAuthentication();
    }
    assertThat(taskService.createTaskQuery().taskId(wc01Plan.getId()).singleResult().getAssignee())
        .isNull();
    assertThat(taskService.createTaskQuery().taskId(wc01Plan.getId()).singleResult().getName())
        .startsWith("提交活动方案");
  }

  // ---- 5. a refused job execution ----

  @Test
  void aRefusedJobCommandLeavesTheJobAsItWas() throws Exception {
    // wc01 has not submitted: its submit task's timers are there (ADR 0014)
    Job reminder =
        management
            .createJobQuery()
            .processInstanceId(wc01Process.getId())
            .timers()
            .orderByJobDuedate()
            .asc()
            .list()
            .get(0);
    String job = "/job/" + reminder.getId();
    for (int attempt = 0; attempt < 4; attempt++) {
      refused(everyone(), "POST", job + "/execute", null);
    }
    refused(everyone(), "PUT", job + "/duedate", "{\"duedate\": \"2023-05-07T09:00:00.000+0800\"}");
    refused(everyone(), "PUT", job + "/priority", "{\"priority\": 1000}");
    refused(everyone(), "PUT", job + "/suspended", "{\"suspended\": true}");
    refused(everyone(), "DELETE", job, null);
    // HQ retries failed jobs in Cockpit; no one else sets retries
    refused(everyoneBut("hq01"), "PUT", job + "/retries", "{\"retries\": 0}");
    Job after = management.createJobQuery().jobId(reminder.getId()).singleResult();
    assertThat(after.getRetries()).isEqualTo(reminder.getRetries());
    assertThat(after.getDuedate()).isEqualTo(reminder.getDuedate());
    assertThat(runtime.createIncidentQuery().count()).isZero();
  }

  // ---- 6. the history-cleanup job ----

  @Test
  void theHistoryCleanupJobIsForAdministratorsOnly() throws Exception {
    Job cleanup =
        history.findHistoryCleanupJobs().stream()
            .findFirst()
            .orElseGet(
                () ->
                    management
                        .createJobQuery()
                        .jobId(history.cleanUpHistoryAsync(true).getId())
                        .singleResult());
    String job = "/job/" + cleanup.getId();
    for (Doors.Door door : everyone()) {
      HttpResponse<String> list = door.send("GET", "/job", null);
      assertThat(list.body()).as(door.describe()).doesNotContain(cleanup.getId());
      HttpResponse<String> log =
          door.send("GET", "/history/job-log?jobId=" + cleanup.getId(), null);
      assertThat(log.body()).as(door.describe()).doesNotContain(cleanup.getId());
    }
    refused(everyone(), "GET", job, null);
    refused(everyone(), "POST", job + "/execute", null);
    refused(everyone(), "PUT", job + "/priority", "{\"priority\": 0}");
    refused(everyone(), "PUT", job + "/retries", "{\"retries\": 0}");
    refused(everyone(), "PUT", job + "/duedate", "{\"duedate\": \"2030-01-01T00:00:00.000+0800\"}");
    refused(everyone(), "DELETE", job, null);
    assertThat(doors.rest("admin").send("GET", "/job", null).body()).contains(cleanup.getId());
  }

  // ---- 7. the webapps' plugin APIs ----

  @Test
  void webappPluginApisAnswerOnlyUsersOfThatWebapp() throws Exception {
    String statistics = "/camunda/api/cockpit/plugin/base/default/process-definition/statistics";
    for (Doors.Door door :
        List.of(
            doors.webapp(null, "tasklist"),
            doors.webapp("wc01", "welcome"),
            doors.webapp("leader01", "tasklist"))) {
      HttpResponse<String> response = door.sendRaw("GET", statistics, null);
      assertThat(response.statusCode()).as(door.describe() + " " + response.body()).isIn(401, 403);
      assertChineseRefusal(response, door.describe());
    }
    assertThat(doors.webapp("hq01", "cockpit").sendRaw("GET", statistics, null).statusCode())
        .isEqualTo(200);
  }

  // ---- 8. anonymous ----

  @Test
  void nothingAnswersAnonymouslyButHealthAndTheLoginPages() throws Exception {
    Doors.Door anonymous = doors.rest(null);
    for (String path :
        List.of(
            "/engine-rest/engine",
            "/engine-rest/engine/",
            "/engine-rest/task",
            "/actuator/info",
            "/api/mail-log")) {
      HttpResponse<String> response = anonymous.sendRaw("GET", path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertChineseRefusal(response, path);
    }
    assertThat(anonymous.sendRaw("GET", "/actuator", null).statusCode()).isEqualTo(404);
    assertThat(anonymous.sendRaw("GET", "/actuator/env", null).statusCode()).isEqualTo(404);
    assertThat(anonymous.sendRaw("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
    // operators see the version, and no runtime versions
    assertThat(doors.rest("wc01").sendRaw("GET", "/actuator/info", null).statusCode())
        .isEqualTo(403);
    HttpResponse<String> info = doors.rest("hq01").sendRaw("GET", "/actuator/info", null);
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.body())
        .contains("stwd-campaign")
        .doesNotContainIgnoringCase("jvm")
        .doesNotContain("\"java\"")
        .doesNotContain("\"os\"");
  }

  // ---- 9. the application's own POSTs from a browser session ----

  @Test
  void applicationChangesFromABrowserSessionNeedItsCsrfToken() throws Exception {
    Doors.Door session = doors.webapp("hq01", "cockpit");
    String urge = "/api/campaigns/" + CODE + "/urges";
    Map<String, List<String>> before = DatabaseSnapshot.take(jdbc);
    HttpResponse<String> forged =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + urge))
                    .header("Content-Type", "application/json")
                    .header("Cookie", "JSESSIONID=" + sessionId(session))
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"units\": [\"wc01\"]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertChineseRefusal(forged, "forged");
    assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).isEmpty();
    // the session's own page sends the token: urged
    HttpResponse<String> own = session.sendRaw("POST", urge, "{\"units\": [\"wc01\"]}");
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_urge", Integer.class)).isEqualTo(1);
  }

  private String sessionId(Doors.Door session) {
    return session.cookie("JSESSIONID");
  }
}
