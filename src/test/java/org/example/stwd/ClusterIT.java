package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged application as separate processes on one PostgreSQL database (created for this run,
 * dropped afterwards), with real mail into a GreenMail server of this test:
 *
 * <ol>
 *   <li>Durability: node A distributes a campaign to the 12 demo units and is killed hard (SIGKILL)
 *       right after. The reminders are due a minute or two later.
 *   <li>Two nodes: nodes B and C start on the same database. The reminder timers created by A fire
 *       on B or C: every unit gets its reminder exactly once in total, no notice is sent twice, no
 *       task is lost or duplicated.
 *   <li>A unit saves a draft of its task on B and submits it on C (the unit page's API).
 * </ol>
 *
 * <p>The reminder is due soon by choosing the application's time zone: a fixed offset in which the
 * reminder hour (09:00) falls about two minutes from now.
 */
class ClusterIT {

  static final Path LOGS = Path.of("target/it-logs");
  static final String CODE = "CLUSTER-IT";
  static final ObjectMapper JSON = new ObjectMapper();

  static PostgresTestDatabase db;
  static GreenMail smtp;
  static final List<Node> nodes = new ArrayList<>();
  static ZoneOffset zone;
  static Instant reminderAt;
  final HttpClient http = HttpClient.newHttpClient();

  /** One application process. */
  record Node(String name, PackagedApp app) {
    Process process() {
      return app.process();
    }

    String url(String path) {
      return app.url(path);
    }
  }

  @BeforeAll
  static void database() throws IOException {
    assertThat(PackagedApp.JAR)
        .as("the packaged application (mvn package runs before the ITs)")
        .exists();
    db = PostgresTestDatabase.create("cluster");
    smtp =
        new GreenMail(
            new ServerSetup(PackagedApp.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Files.createDirectories(LOGS);
    // 09:00 in the application's zone is ~2 minutes from now (whole minute, time for A to start and
    // distribute)
    reminderAt =
        Instant.now()
            .plus(150, ChronoUnit.SECONDS)
            .truncatedTo(ChronoUnit.MINUTES)
            .plus(1, ChronoUnit.MINUTES);
    zone = PackagedApp.zoneWhereNineIs(reminderAt);
  }

  @AfterAll
  static void cleanUp() {
    nodes.forEach(n -> n.process().destroyForcibly());
    if (smtp != null) {
      smtp.stop();
    }
    if (db != null) {
      db.drop();
    }
  }

  Node start(String name) throws IOException {
    Node node =
        new Node(
            name,
            PackagedApp.start(
                db,
                smtp.getSmtp().getPort(),
                zone,
                "512m",
                LOGS.resolve("node-" + name + ".log"),
                java.util.stream.Stream.concat(
                        PackagedApp.CLUSTER_NODE.stream(),
                        java.util.stream.Stream.of(
                            "--stwd.reminder-hour=9",
                            // a killed node's locked jobs are taken over after this lock time
                            "--camunda.bpm.job-execution.lock-time-in-millis=20000",
                            "--camunda.bpm.job-execution.max-wait=3000"))
                    .toArray(String[]::new)));
    nodes.add(node);
    return node;
  }

  void awaitUp(Node node) {
    node.app().awaitHealthy(http, Duration.ofSeconds(2), LOGS);
  }

  JsonNode rest(Node node, String user, String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.url("/engine-rest" + path)))
            .header("Content-Type", "application/json")
            .header("Authorization", PackagedApp.demoLogin(user))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + " on " + node.name() + ": " + response.body())
        .isBetween(200, 204);
    return response.body().isEmpty() ? null : JSON.readTree(response.body());
  }

  /** wc01 signed in to the unit page of one node (its own session and CSRF token). */
  final class UnitPage {
    private final Node node;
    private final HttpClient browser =
        HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
    private String csrf;

    UnitPage(Node node) throws Exception {
      this.node = node;
      call(
          "POST", "/api/unit/session/password", "{\"username\": \"wc01\", \"password\": \"demo\"}");
      csrf = call("GET", "/api/unit/me", null).path("csrfToken").asText();
    }

    JsonNode call(String method, String path, String body) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(node.url(path)))
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (csrf != null) {
        request.header("X-XSRF-TOKEN", csrf);
      }
      HttpResponse<String> response =
          browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as(method + " " + path + " on " + node.name() + ": " + response.body())
          .isBetween(200, 204);
      return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }
  }

  String taskId(Node node, String user, String query) throws Exception {
    JsonNode tasks = rest(node, user, "GET", "/task?" + query, null);
    assertThat(tasks).as(query).hasSize(1);
    return tasks.get(0).get("id").asText();
  }

  long count(String sql) throws Exception {
    return db.count(sql);
  }

  /** Subject → recipients → how many mails (SMTP deliveries). */
  Map<String, Map<String, Integer>> mails() throws Exception {
    Map<String, Map<String, Integer>> result = new HashMap<>();
    Map<String, Integer> copies = new HashMap<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      String to = String.valueOf(m.getAllRecipients()[0]);
      int n = m.getAllRecipients().length;
      // GreenMail keeps one copy per recipient of a delivery; a mail sent twice carries the same
      // Message-ID (derived from its idempotency key), so every n-th copy is one delivery
      if (copies.merge(m.getMessageID(), 1, Integer::sum) % n == 1 % n) {
        String kind = m.getSubject().substring(0, m.getSubject().indexOf('】') + 1);
        result.computeIfAbsent(kind, k -> new HashMap<>()).merge(to, 1, Integer::sum);
      }
    }
    return result;
  }

  @Test
  void campaignSurvivesSigkillAndTwoNodesSendEachReminderOnce() throws Exception {
    LocalDate today = reminderAt.atOffset(zone).toLocalDate();
    Node a = start("A");
    awaitUp(a);

    // HQ starts and forwards a campaign on node A; the reminder (lead 3 days) is due at reminderAt
    rest(
        a,
        "hq01",
        "POST",
        "/process-definition/key/campaign/submit-form",
        RestCampaigns.registerNotice(CODE, today, "集群测试"));
    rest(
        a,
        "hq01",
        "POST",
        "/task/"
            + taskId(
                a,
                "hq01",
                "processInstanceBusinessKey=" + CODE + "&taskDefinitionKey=Task_DraftForwarding")
            + "/submit-form",
        RestCampaigns.forwarding(today, "集群测试", RestCampaigns.ALL_CATEGORIES, null));
    rest(
        a,
        "leader01",
        "POST",
        "/task/"
            + taskId(
                a,
                "leader01",
                "processInstanceBusinessKey=" + CODE + "&taskDefinitionKey=Task_ApproveForwarding")
            + "/submit-form",
        "{\"variables\": {\"forwardingDecision\": {\"value\": \"APPROVE\"}}}");

    // distributed: 12 unit processes with their plan tasks; then node A is killed hard
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                count("SELECT COUNT(*) FROM act_ru_task WHERE task_def_key_ = 'Task_SubmitPlan'")
                    == 12);
    assertThat(Instant.now())
        .as("distribution finished before the reminders are due")
        .isBefore(reminderAt);
    a.process().destroyForcibly().waitFor();
    assertThat(a.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);

    // two nodes on the same database
    Node b = start("B");
    Node c = start("C");
    awaitUp(b);
    awaitUp(c);

    // the reminder timers A created fire on B or C: each unit is reminded exactly once in total
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(3))
        .until(() -> mails().getOrDefault("【提醒】", Map.of()).size() == 12);
    Thread.sleep(15_000); // time for a duplicate to show up, if there were one
    Map<String, Map<String, Integer>> mails = mails();
    assertThat(mails.get("【提醒】"))
        .hasSize(12)
        .allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(1));
    assertThat(mails.get("【示例科学技术学会】"))
        .as("forwarding notices")
        .hasSize(12)
        .allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(1));
    assertThat(
            count(
                "SELECT COUNT(*) FROM stwd_mail_sent WHERE idem_key LIKE '"
                    + CODE
                    + "|%|PLAN_REMINDER|1'"))
        .isEqualTo(12);
    assertThat(count("SELECT COUNT(*) FROM act_ru_task WHERE task_def_key_ = 'Task_SubmitPlan'"))
        .isEqualTo(12);
    assertThat(
            count(
                "SELECT COUNT(DISTINCT proc_inst_id_) FROM act_ru_task WHERE task_def_key_ = 'Task_SubmitPlan'"))
        .isEqualTo(12);
    assertThat(count("SELECT COUNT(*) FROM act_ru_incident")).isZero();
    assertThat(
            count(
                "SELECT COUNT(*) FROM stwd_campaign_unit WHERE campaign_code = '"
                    + CODE
                    + "' AND plan_reminders = 1"))
        .isEqualTo(12);

    // a unit's draft saved on B is there on C, where the unit submits (the unit page's API; a
    // node's session is its own, as the webapps' are: the contact signs in on each)
    UnitPage onB = new UnitPage(b);
    String task =
        onB.call("GET", "/api/unit/overview", null)
            .path("campaigns")
            .get(0)
            .path("tasks")
            .get(0)
            .path("id")
            .asText();
    String plan =
        """
        {"holdsActivities": "NO", "declineReason": "今年不单独组织活动",
         "responsiblePerson": "陈雨桐", "responsiblePhone": "010-5550-0101", "responsibleEmail": "wc01@example.org"}
        """;
    onB.call("PUT", "/api/unit/tasks/" + task + "/draft", plan);
    UnitPage onC = new UnitPage(c);
    assertThat(
            onC.call("GET", "/api/unit/tasks/" + task + "/form", null)
                .path("draft")
                .path("data")
                .path("declineReason")
                .asText())
        .isEqualTo("今年不单独组织活动");
    assertThat(
            onC.call("POST", "/api/unit/tasks/" + task + "/submit", plan)
                .path("reference")
                .asText())
        .isEqualTo(CODE + "-wc01-P1");
    assertThat(
            count(
                "SELECT COUNT(*) FROM stwd_campaign_unit WHERE unit_code = 'wc01' AND plan_status = 'DECLINED'"))
        .isEqualTo(1);
    assertThat(count("SELECT plan_open FROM stwd_campaign WHERE code = '" + CODE + "'"))
        .isEqualTo(11);
  }
}
