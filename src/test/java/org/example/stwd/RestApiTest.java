package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The REST contract as a client uses it: the example payloads, and 400 for bad input on every
 * endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RestApiTest extends ProcessTestSupport {

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  /** HTTP Basic credentials of a demo user (the test profile's password is "test"). */
  static String basic(String user) {
    return PackagedApp.basic(user, "test");
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest" + path))
            .header("Content-Type", "application/json")
            .header("Authorization", basic(path.startsWith("/task/") ? taskUser(path) : "hq01"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Who works the task: its candidate group's member. */
  private String taskUser(String path) {
    String taskId = path.split("/")[2];
    return taskService.getIdentityLinksForTask(taskId).stream()
        .filter(l -> l.getGroupId() != null)
        .map(
            l ->
                switch (l.getGroupId()) {
                  case "hq-office" -> "hq01";
                  case "hq-leaders" -> "leader01";
                  default -> l.getGroupId().substring("unit-".length());
                })
        .findFirst()
        .orElse("admin");
  }

  private static String example(String path) throws Exception {
    return Files.readString(Path.of("docs/examples", path));
  }

  @Test
  void badStartIsA400WithTheProblemsOnEveryStartEndpoint() throws Exception {
    String bad =
        example("2023/01-register-notice.json").replace("\"2023-06-30\"", "\"2023-05-01\"");
    for (String endpoint : new String[] {"submit-form", "start"}) {
      HttpResponse<String> response = post("/process-definition/key/campaign/" + endpoint, bad);
      assertThat(response.statusCode()).as(endpoint).isEqualTo(400);
      assertThat(response.body())
          .as(endpoint)
          .contains("\"type\":\"InvalidInputException\"")
          .contains("「向科协报送总结截止日期」不能早于「活动结束日期」")
          .doesNotContain("Cannot");
    }
    assertThat(runtime.createProcessInstanceQuery().count()).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_campaign", Integer.class)).isZero();
  }

  @Test
  void examplePayloadsDriveTheCampaignAndBadCompletionsAre400() throws Exception {
    clock("2023-05-06T10:00");
    HttpResponse<String> started =
        post(
            "/process-definition/key/campaign/submit-form",
            example("2023/01-register-notice.json"));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    assertThat(
            post(
                    "/process-definition/key/campaign/submit-form",
                    example("2023/01-register-notice.json"))
                .body())
        .contains("活动编号「STWD-2023」已存在");

    Task draft =
        taskService.createTaskQuery().processInstanceBusinessKey("STWD-2023").singleResult();
    String bad =
        example("2023/02-draft-forwarding.json").replace("\"hq01@example.org\"", "\"hq01\"");
    for (String endpoint : new String[] {"submit-form", "complete"}) {
      HttpResponse<String> response = post("/task/" + draft.getId() + "/" + endpoint, bad);
      assertThat(response.statusCode()).as(endpoint).isEqualTo(400);
      assertThat(response.body()).contains("「电子邮箱」不是有效的电子邮箱地址");
    }
    assertThat(taskService.createTaskQuery().taskId(draft.getId()).count()).isEqualTo(1);
    assertThat(
            post(
                    "/task/" + draft.getId() + "/submit-form",
                    example("2023/02-draft-forwarding.json"))
                .statusCode())
        .isEqualTo(204);
    Task approval =
        taskService.createTaskQuery().processInstanceBusinessKey("STWD-2023").singleResult();
    assertThat(approval.getTaskDefinitionKey()).isEqualTo("Task_ApproveForwarding");
    assertThat(
            post(
                    "/task/" + approval.getId() + "/submit-form",
                    example("2023/03-approve-forwarding.json"))
                .statusCode())
        .isEqualTo(204);
    // the loser of a completion race (here: simply later) is told what happened, with a 409
    for (String endpoint : new String[] {"submit-form", "complete"}) {
      HttpResponse<String> late =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://localhost:"
                              + port
                              + "/engine-rest/task/"
                              + approval.getId()
                              + "/"
                              + endpoint))
                  .header("Content-Type", "application/json")
                  .header("Authorization", basic("leader01"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          example("2023/03-approve-forwarding.json")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(late.statusCode()).as(endpoint + ": " + late.body()).isEqualTo(409);
      assertThat(late.body()).contains("该任务已由", "办理完毕，您的操作未执行").doesNotContain("Exception", "null");
    }
    HttpResponse<String> unknown =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:" + port + "/engine-rest/task/no-such-task/complete"))
                .header("Content-Type", "application/json")
                .header("Authorization", basic("leader01"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    runJobs();
    // a unit submits through the unit page's API (docs/UNIT-PAGE.md), the form's fields as JSON
    Task plan = unitTask("STWD-2023", "wc01", org.example.stwd.core.Phase.PLAN, "Task_SubmitPlan");
    HttpClient unitPage =
        HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
    assertThat(
            unitPage
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/unit/session/password"))
                        .header("Content-Type", "application/json")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"username\": \"wc01\", \"password\": \"test\"}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    String csrf =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                unitPage
                    .send(
                        HttpRequest.newBuilder(
                                URI.create("http://localhost:" + port + "/api/unit/me"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body())
            .path("csrfToken")
            .asText();
    HttpResponse<String> submitted =
        unitPage.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:" + port + "/api/unit/tasks/" + plan.getId() + "/submit"))
                .header("Content-Type", "application/json")
                .header("X-XSRF-TOKEN", csrf)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        example("2023/04-submit-plan-unit-page.json")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
    assertThat(submitted.body()).contains("STWD-2023-wc01-P1");
    assertThat(campaignUnits.status("STWD-2023", "wc01", org.example.stwd.core.Phase.PLAN))
        .isEqualTo(org.example.stwd.core.UnitStatus.SUBMITTED);
  }

  private HttpResponse<String> api(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api" + path))
            .header("Content-Type", "application/json")
            .header("Authorization", basic("hq01"));
    request =
        body == null
            ? request.method(method, HttpRequest.BodyPublishers.noBody())
            : request.method(method, HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void urgingAndTheMailLogThroughRest() throws Exception {
    clock("2023-05-06T10:00");
    distributedCampaign(
        with(payload("2023/01-register-notice.json"), "campaignCode", "REST-2023"),
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            java.util.List.of(),
            "targetUnitCodes",
            "wc01 wc02"));

    HttpResponse<String> notices = api("GET", "/mail-log?campaign=REST-2023&kind=NOTICE", null);
    assertThat(notices.statusCode()).isEqualTo(200);
    assertThat(notices.body())
        .contains(
            "\"total\":2",
            "\"kindLabel\":\"转发通知\"",
            "\"outcome\":\"SENT\"",
            "\"recipients\":[\"wc01@example.org\"]");
    assertThat(
            api("GET", "/mail-log?campaign=REST-2023&unit=wc02&from=2023-05-06&to=2023-05-06", null)
                .body())
        .contains("\"total\":1");
    assertThat(api("GET", "/mail-log?campaign=REST-2023&from=2023-05-07", null).body())
        .contains("\"total\":0");

    HttpResponse<String> badLog =
        api("GET", "/mail-log?kind=FOO&outcome=LOST&from=2023-13-01&limit=0", null);
    assertThat(badLog.statusCode()).isEqualTo(400);
    assertThat(badLog.body())
        .contains(
            "kind“FOO”无效", "outcome 只能是 SENT", "from“2023-13-01”不是日期", "limit 须在 1 到 1000 之间");

    clock("2023-05-10T10:00");
    HttpResponse<String> urged =
        api("POST", "/campaigns/REST-2023/urges", "{\"units\":[\"wc01\"],\"message\":\"请尽快报送\"}");
    assertThat(urged.statusCode()).as(urged.body()).isEqualTo(200);
    assertThat(urged.body())
        .contains("\"phase\":\"PLAN\"", "\"urged\":[{\"unitCode\":\"wc01\"", "\"skipped\":[]");
    HttpResponse<String> again = api("POST", "/campaigns/REST-2023/urges", "{}");
    assertThat(again.body())
        .contains(
            "\"urged\":[{\"unitCode\":\"wc02\"",
            "\"skipped\":[{\"unitCode\":\"wc01\"",
            "\"reason\":\"QUIET_PERIOD\"");

    assertThat(api("POST", "/campaigns/NOPE/urges", "{}").statusCode()).isEqualTo(404);
    HttpResponse<String> badPhase =
        api("POST", "/campaigns/REST-2023/urges", "{\"phase\":\"REPORT\"}");
    assertThat(badPhase.statusCode()).isEqualTo(400);
    assertThat(badPhase.body()).contains("phase 只能是 PLAN");
    assertThat(api("POST", "/campaigns/REST-2023/urges", "{\"units\":").statusCode())
        .isEqualTo(400);
    HttpResponse<String> unknownUnit =
        api("POST", "/campaigns/REST-2023/urges", "{\"units\":[\"wc02\",\"xx01\"]}");
    assertThat(unknownUnit.statusCode()).isEqualTo(400);
    assertThat(unknownUnit.body()).contains("单位“xx01”不在本次活动的报送单位中");

    HttpResponse<String> log = api("GET", "/campaigns/REST-2023/urges", null);
    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(log.body())
        .contains("\"outcome\":\"URGED\"", "\"outcome\":\"SKIPPED\"", "\"message\":\"请尽快报送\"");
    runJobs();
    assertThat(mailsTo("wc01@example.org", "【催办】")).hasSize(1);
    assertThat(api("GET", "/mail-log?campaign=REST-2023&kind=PLAN_URGE", null).body())
        .contains("\"total\":2");
  }

  /**
   * SMTP down: the node stays ready (the mail component shows UNREACHABLE, /actuator/health and its
   * readiness group answer 200); the board's figures count the failed mails, and HQ's "retry now"
   * runs every failed mail job of the campaign at once (no waiting for the retry cycle's five
   * minutes), each mail going out once.
   */
  @Test
  void smtpDownKeepsTheNodeReadyAndRetryNowSendsEveryFailedMailOnce() throws Exception {
    clock("2023-05-06T10:00");
    distributedCampaign(
        with(payload("2023/01-register-notice.json"), "campaignCode", "RETRY-2023"),
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            java.util.List.of(),
            "targetUnitCodes",
            "wc01 wc02"));
    greenMail.stop();
    try {
      clock("2023-05-12T09:00");
      assertThat(runJobsCollectingFailures()).isNotEmpty();
      HttpResponse<String> health = anonymous("/actuator/health");
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      assertThat(health.body()).contains("\"mail\":{", "\"status\":\"UNREACHABLE\"");
      HttpResponse<String> ready = anonymous("/actuator/health/readiness");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat(ready.body()).contains("\"db\"", "\"processEngine\"").doesNotContain("mail");
      assertThat(anonymous("/actuator/health/liveness").statusCode()).isEqualTo(200);
      HttpResponse<String> figures = api("GET", "/campaigns/RETRY-2023/mails", null);
      // the two units' reminders and HQ's digest, each waiting for its retry
      assertThat(figures.body())
          .as(figures.body())
          .contains("\"delivered\":2", "\"failed\":3", "\"uncertain\":0", "\"failedJobs\":3");
    } finally {
      greenMail.start();
    }
    assertThat(mailsTo("wc01@example.org", "【提醒】")).isEmpty();
    HttpResponse<String> retried = api("POST", "/campaigns/RETRY-2023/mails/retry", null);
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
    assertThat(retried.body()).contains("已安排立即重试");
    // due now: the engine clock has not moved, the retry cycle's five minutes are not waited for
    assertThat(runJobsCollectingFailures()).isEmpty();
    assertThat(mailsTo("wc01@example.org", "【提醒】")).hasSize(1);
    assertThat(mailsTo("wc02@example.org", "【提醒】")).hasSize(1);
    assertThat(api("GET", "/campaigns/RETRY-2023/mails", null).body())
        .contains("\"delivered\":5", "\"failed\":0", "\"failedJobs\":0", "\"incidents\":0");
    assertThat(api("POST", "/campaigns/RETRY-2023/mails/retry", null).body())
        .contains("\"jobs\":0", "没有发送失败待重试的邮件");
    assertThat(api("POST", "/campaigns/NOPE/mails/retry", null).statusCode()).isEqualTo(404);
    assertThat(runJobsCollectingFailures()).isEmpty();
    assertThat(mailsTo("wc01@example.org", "【提醒】")).hasSize(1);
  }

  private HttpResponse<String> anonymous(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
