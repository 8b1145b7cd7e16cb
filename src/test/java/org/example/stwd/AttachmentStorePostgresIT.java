package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.example.stwd.attachments.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production store of attachments (ADR 0011: the application's PostgreSQL) with the packaged
 * application on a database of its own: HQ's multi-chunk document and a unit's photo uploaded on
 * node A, downloaded byte for byte, still there after A is stopped and node B starts, in B's zip;
 * and removed with the unit process's history by B's sweeper.
 */
class AttachmentStorePostgresIT {

  static final Path LOGS = Path.of("target/it-logs");
  static final String CODE = "FILES-IT";
  static final ObjectMapper JSON = new ObjectMapper();

  static PostgresTestDatabase db;
  static GreenMail smtp;
  static PackagedApp a;
  static PackagedApp b;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void database() throws Exception {
    assertThat(PackagedApp.JAR).as("the packaged application").exists();
    db = PostgresTestDatabase.create("files");
    smtp =
        new GreenMail(
            new ServerSetup(PackagedApp.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Files.createDirectories(LOGS);
  }

  @AfterAll
  static void cleanUp() {
    for (PackagedApp app : new PackagedApp[] {a, b}) {
      if (app != null) {
        app.process().destroyForcibly();
      }
    }
    if (smtp != null) {
      smtp.stop();
    }
    if (db != null) {
      db.drop();
    }
  }

  static PackagedApp start(String name) throws Exception {
    PackagedApp app =
        PackagedApp.start(
            db,
            smtp.getSmtp().getPort(),
            ZoneOffset.ofHours(8),
            "384m",
            LOGS.resolve("files-" + name + ".log"),
            "--spring.datasource.hikari.maximum-pool-size=8",
            "--stwd.attachments.sweep-interval=PT2S");
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              assertThat(app.process().isAlive())
                  .as("node " + name + " died, see " + LOGS)
                  .isTrue();
              return app.healthy(http);
            });
    return app;
  }

  HttpResponse<String> send(
      PackagedApp app, String auth, String method, String path, String contentType, byte[] body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(app.url(path)))
            .header("Authorization", auth)
            .header("Content-Type", contentType)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode rest(PackagedApp app, String user, String method, String path, String body)
      throws Exception {
    HttpResponse<String> response =
        send(
            app,
            PackagedApp.demoLogin(user),
            method,
            "/engine-rest" + path,
            "application/json",
            body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isBetween(200, 204);
    return response.body().isEmpty() ? null : JSON.readTree(response.body());
  }

  byte[] hqDownload(PackagedApp app, String path) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(app.url(path)))
                .header("Authorization", PackagedApp.basic("hq01", "demo"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  String taskId(PackagedApp app, String user, String query) throws Exception {
    JsonNode tasks = rest(app, user, "GET", "/task?" + query, null);
    assertThat(tasks).as(query).hasSize(1);
    return tasks.get(0).get("id").asText();
  }

  /** wc01 signed in to the unit page of one node. */
  final class UnitPage {
    final PackagedApp app;
    final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String csrf;

    UnitPage(PackagedApp app) throws Exception {
      this.app = app;
      call(
          "POST",
          "/api/unit/session/password",
          "application/json",
          "{\"username\": \"wc01\", \"password\": \"demo\"}".getBytes(StandardCharsets.UTF_8),
          200);
      csrf =
          JSON.readTree(call("GET", "/api/unit/me", null, null, 200).body())
              .path("csrfToken")
              .asText();
    }

    HttpResponse<String> call(String method, String path, String type, byte[] body, int status)
        throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(app.url(path)))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      if (type != null) {
        request.header("Content-Type", type);
      }
      if (csrf != null) {
        request.header("X-XSRF-TOKEN", csrf);
      }
      HttpResponse<String> response =
          browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as(method + " " + path + ": " + response.body())
          .isEqualTo(status);
      return response;
    }

    byte[] download(String path) throws Exception {
      HttpResponse<byte[]> response =
          browser.send(
              HttpRequest.newBuilder(URI.create(app.url(path))).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      return response.body();
    }
  }

  @Test
  void filesSurviveARestartAreServedByAnotherNodeAndGoWithTheirHistory() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.ofHours(8));
    a = start("A");
    rest(
        a,
        "hq01",
        "POST",
        "/process-definition/key/campaign/submit-form",
        RestCampaigns.registerNotice(CODE, today, "附件测试"));

    // HQ attaches the CAST notice (3 MB: six chunks) while drafting the forwarding
    byte[] notice = TestFiles.bigPdf(3_000_000);
    HttpResponse<String> up =
        send(
            a,
            PackagedApp.basic("hq01", "demo"),
            "POST",
            "/api/campaigns/"
                + CODE
                + "/documents?name="
                + URLEncoder.encode("附件一：科协通知.pdf", StandardCharsets.UTF_8),
            "application/pdf",
            notice);
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    String noticeId = JSON.readTree(up.body()).path("id").asText();
    assertThat(db.count("SELECT COUNT(*) FROM stwd_file_chunk WHERE file_id = '" + noticeId + "'"))
        .isEqualTo(6);

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
        RestCampaigns.forwarding(today, "附件测试", "[]", "wc01"));
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
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                db.count("SELECT COUNT(*) FROM act_ru_task WHERE task_def_key_ = 'Task_SubmitPlan'")
                    == 1);
    // the jobs already due when the unit's process starts (its notice batch; after 09:00 also its
    // reminder, whose time has passed) have run: a submission at the same moment as a job on the
    // unit's process can lose the race (seen in CI), which is not what this test is about
    String now = java.sql.Timestamp.valueOf(java.time.LocalDateTime.now()).toString();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> db.count("SELECT COUNT(*) FROM act_ru_job WHERE duedate_ <= '" + now + "'") == 0);

    // wc01 attaches a photo and submits its plan on A
    UnitPage unitOnA = new UnitPage(a);
    JsonNode campaign =
        JSON.readTree(unitOnA.call("GET", "/api/unit/overview", null, null, 200).body())
            .path("campaigns")
            .get(0);
    assertThat(campaign.path("documents").get(0).path("id").asText()).isEqualTo(noticeId);
    String task = campaign.path("tasks").get(0).path("id").asText();
    byte[] photo =
        TestFiles.jpeg(1600, 1200, 6, today.plusDays(6).toString().replace('-', ':') + " 10:00:00");
    String photoId =
        JSON.readTree(
                unitOnA
                    .call(
                        "POST",
                        "/api/unit/tasks/"
                            + task
                            + "/attachments?name="
                            + URLEncoder.encode("现场.jpg", StandardCharsets.UTF_8),
                        "image/jpeg",
                        photo,
                        201)
                    .body())
            .path("id")
            .asText();
    String plan =
        """
        {"holdsActivities": "YES", "activities": [{"activityName": "青年科技工作者座谈会",
          "activityCategory": "“点亮精神火炬”主题活动", "startDate": "%s", "endDate": "%s",
          "place": "示例市科技会堂", "mode": "OFFLINE", "audience": "青年科技工作者", "expectedParticipants": 80,
          "description": "交流座谈", "publicityChannels": "公众号", "requestsKeyPublicity": false}],
         "responsiblePerson": "陈雨桐", "responsiblePhone": "010-5550-0101", "responsibleEmail": "wc01@example.org"}
        """
            .formatted(today.plusDays(10), today.plusDays(10));
    unitOnA.call(
        "POST",
        "/api/unit/tasks/" + task + "/submit",
        "application/json",
        plan.getBytes(StandardCharsets.UTF_8),
        200);
    assertThat(hqDownload(a, "/api/files/" + photoId)).isEqualTo(photo);

    // A stops; B starts on the same database and serves the same bytes
    a.process().destroy();
    a.process().waitFor();
    b = start("B");
    assertThat(hqDownload(b, "/api/files/" + noticeId)).isEqualTo(notice);
    assertThat(hqDownload(b, "/api/files/" + photoId)).isEqualTo(photo);
    UnitPage unitOnB = new UnitPage(b);
    assertThat(unitOnB.download("/api/unit/files/" + photoId)).isEqualTo(photo);
    assertThat(unitOnB.download("/api/unit/files/" + noticeId)).isEqualTo(notice);
    byte[] zip = hqDownload(b, "/api/campaigns/" + CODE + "/files.zip?phase=PLAN");
    try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      java.util.Map<String, byte[]> entries = new java.util.HashMap<>();
      java.util.zip.ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.put(e.getName(), in.readAllBytes());
      }
      assertThat(entries.get("青年工作委员会（wc01）/现场.jpg")).isEqualTo(photo);
    }

    // the unit's process and its history are removed: B's sweeper removes the photo with them;
    // HQ's document stays with the running campaign
    String unitProcess =
        rest(
                b,
                "hq01",
                "GET",
                "/process-instance?businessKeyLike=" + CODE + "%25&processDefinitionKey=unit-plan",
                null)
            .get(0)
            .path("id")
            .asText();
    HttpResponse<String> deleted =
        send(
            b,
            PackagedApp.demoLogin("admin"),
            "DELETE",
            "/engine-rest/process-instance/" + unitProcess + "?skipCustomListeners=true",
            "application/json",
            null);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    deleted =
        send(
            b,
            PackagedApp.demoLogin("admin"),
            "DELETE",
            "/engine-rest/history/process-instance/" + unitProcess,
            "application/json",
            null);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> db.count("SELECT COUNT(*) FROM stwd_file WHERE id = '" + photoId + "'") == 0);
    assertThat(db.count("SELECT COUNT(*) FROM stwd_file_chunk WHERE file_id = '" + photoId + "'"))
        .isZero();
    assertThat(
            db.count("SELECT COUNT(*) FROM stwd_submission_file WHERE file_id = '" + photoId + "'"))
        .isZero();
    assertThat(db.count("SELECT COUNT(*) FROM stwd_file_chunk WHERE file_id = '" + noticeId + "'"))
        .isEqualTo(6);
  }
}
