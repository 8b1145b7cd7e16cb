package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Production from nothing (README, "Production"): the packaged application with the postgres
 * profile only (no demo data) on an empty database; the administrator imports the society's
 * directory (a GBK CSV as older Excel saves it), the contacts get their welcome mails, a campaign
 * runs to the units' tasks, and a contact opens the unit page from the welcome link and finds the
 * task.
 */
class EmptyDatabaseDirectoryIT {

  static final Path LOGS = Path.of("target/it-logs");
  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern LINK = Pattern.compile("/unit/signin#t=([A-Za-z0-9_-]{43})");
  static final String ADMIN = PackagedApp.basic("admin", "it-admin-secret");

  static PostgresTestDatabase db;
  static GreenMail smtp;
  static PackagedApp app;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void database() throws Exception {
    assertThat(PackagedApp.JAR).as("the packaged application").exists();
    db = PostgresTestDatabase.create("empty");
    smtp =
        new GreenMail(
            new ServerSetup(PackagedApp.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Files.createDirectories(LOGS);
  }

  @AfterAll
  static void cleanUp() {
    if (app != null) {
      app.process().destroyForcibly();
    }
    if (smtp != null) {
      smtp.stop();
    }
    if (db != null) {
      db.drop();
    }
  }

  HttpResponse<String> admin(String method, String path, String type, byte[] body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(app.url(path)))
            .header("Authorization", ADMIN)
            .header("Content-Type", type)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 204);
    return r.body().isEmpty() ? null : JSON.readTree(r.body());
  }

  String taskId(String query) throws Exception {
    JsonNode tasks = ok(admin("GET", "/engine-rest/task?" + query, "application/json", null));
    assertThat(tasks).as(query).hasSize(1);
    return tasks.get(0).path("id").asText();
  }

  @Test
  void anEmptyDatabaseGetsItsDirectoryAndRunsACampaignToTheUnitsTasks() throws Exception {
    app =
        PackagedApp.start(
            "postgres",
            db,
            smtp.getSmtp().getPort(),
            ZoneOffset.ofHours(8),
            "384m",
            LOGS.resolve("empty-database.log"),
            "--spring.datasource.hikari.maximum-pool-size=8");
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              assertThat(app.process().isAlive()).as("the app died, see " + LOGS).isTrue();
              return app.healthy(http);
            });
    // nothing there: no units, no demo users
    assertThat(ok(admin("GET", "/api/directory", "application/json", null))).isEmpty();
    assertThat(db.count("SELECT COUNT(*) FROM act_id_user")).isEqualTo(1);

    String csv =
        "单位代码,单位名称,单位类别,联系人,联系电话,电子邮箱\r\n"
            + "yw01,\"青年工作委员会（含“青科协”）\",工作委员会,郑佳怡,010-5550-1101,yw01@example.org\r\n"
            + "yw01,\"青年工作委员会（含“青科协”）\",工作委员会,钱多多,,yw01-b@example.org\r\n"
            + "zy01,\"岩土工程专业委员会, 秘书处\",专业委员会,何静,010-5550-1201,zy01@example.org\r\n"
            + "fh01,华东分会,分会,许晨,010-5550-1301,fh01@example.org\r\n";
    JsonNode applied =
        ok(
            admin(
                "POST",
                "/api/directory/import/apply",
                "text/csv",
                csv.getBytes(Charset.forName("GB18030"))));
    assertThat(applied.path("counts").path("NEW").asInt()).isEqualTo(3);
    await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length >= 4);

    // a campaign to every category, started and forwarded by the administrator
    LocalDate today = LocalDate.now(ZoneOffset.ofHours(8));
    ok(
        admin(
            "POST",
            "/engine-rest/process-definition/key/campaign/submit-form",
            "application/json",
            RestCampaigns.registerNotice("PROD-IT", today, "生产测试")
                .getBytes(StandardCharsets.UTF_8)));
    ok(
        admin(
            "POST",
            "/engine-rest/task/"
                + taskId(
                    "processInstanceBusinessKey=PROD-IT&taskDefinitionKey=Task_DraftForwarding")
                + "/submit-form",
            "application/json",
            RestCampaigns.forwarding(today, "生产测试", RestCampaigns.ALL_CATEGORIES, null)
                .getBytes(StandardCharsets.UTF_8)));
    ok(
        admin(
            "POST",
            "/engine-rest/task/"
                + taskId(
                    "processInstanceBusinessKey=PROD-IT&taskDefinitionKey=Task_ApproveForwarding")
                + "/submit-form",
            "application/json",
            "{\"variables\": {\"forwardingDecision\": {\"value\": \"APPROVE\"}}}"
                .getBytes(StandardCharsets.UTF_8)));
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                db.count("SELECT COUNT(*) FROM act_ru_task WHERE task_def_key_ = 'Task_SubmitPlan'")
                    == 3);

    // the second contact of yw01 opens the welcome mail's link and finds the unit's task
    MimeMessage welcome =
        Arrays.stream(smtp.getReceivedMessages())
            .filter(m -> recipients(m).contains("yw01-b@example.org"))
            .filter(m -> subject(m).contains("联系人"))
            .findFirst()
            .orElseThrow();
    Matcher token = LINK.matcher(ProcessTestSupport.textOf(welcome));
    assertThat(token.find()).as("a sign-in link in the welcome mail").isTrue();
    String found = token.group(1);
    HttpClient phone = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    HttpResponse<String> signIn =
        phone.send(
            HttpRequest.newBuilder(URI.create(app.url("/api/unit/session/link")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + found + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
    JsonNode overview =
        JSON.readTree(
            phone
                .send(
                    HttpRequest.newBuilder(URI.create(app.url("/api/unit/overview"))).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    assertThat(overview.path("unit").path("name").asText()).isEqualTo("青年工作委员会（含“青科协”）");
    assertThat(overview.path("campaigns").get(0).path("tasks")).hasSize(1);
  }

  static String recipients(MimeMessage m) {
    try {
      return GreenMailUtil.getAddressList(m.getAllRecipients());
    } catch (jakarta.mail.MessagingException e) {
      return "";
    }
  }

  static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      return "";
    }
  }
}
