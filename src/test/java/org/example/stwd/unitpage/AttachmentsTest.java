package org.example.stwd.unitpage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.ProcessTestSupport;
import org.example.stwd.attachments.Attachments;
import org.example.stwd.attachments.TestFiles;
import org.example.stwd.core.Phase;
import org.example.stwd.security.DatabaseSnapshot;
import org.example.stwd.security.Doors;
import org.example.stwd.security.SignInThrottle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Attachments (docs/ATTACHMENTS.md) through the unit page's API and HQ's: upload with the type
 * taken from the content, thumbnails drawn upright, capture dates checked against the activity
 * window, removal before submitting, a submission carrying its files into the process and HQ's
 * review, downloads byte for byte, the phase's zip; and every refusal (size, type, quota, count,
 * another unit's file, anonymous, read-only, an interrupted upload) storing nothing.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "stwd.attachments.max-file-size=1MB",
      "stwd.attachments.max-total-size=2MB",
      "stwd.attachments.max-count=3"
    })
@ExtendWith(OutputCaptureExtension.class)
class AttachmentsTest extends ProcessTestSupport {

  static final String CODE = "AT-2023";

  @LocalServerPort int port;
  @Autowired IdentityService identityService;
  @Autowired SignInThrottle throttle;
  @Autowired Attachments attachments;

  private Task wc01Plan;
  private Task wc02Plan;

  @BeforeEach
  void twoUnitsNotified() {
    throttle.reset();
    clock("2023-05-06T10:00");
    distributedCampaign(
        with(payload("2023/01-register-notice.json"), "campaignCode", CODE),
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            "wc01 wc02"));
    wc01Plan = unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan");
    wc02Plan = unitTask(CODE, "wc02", Phase.PLAN, "Task_SubmitPlan");
  }

  @AfterEach
  void clear() {
    identityService.clearAuthentication();
    throttle.reset();
  }

  private UnitClient signedIn(String user) throws Exception {
    List<MimeMessage> notices = mailsTo(user + "@example.org", "【");
    UnitClient client = new UnitClient(port);
    HttpResponse<String> response =
        client.signInWithLink(UnitClient.token(textOf(notices.get(notices.size() - 1))));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    client.me();
    return client;
  }

  private static String files(Task task) {
    return "/api/unit/tasks/" + task.getId() + "/attachments";
  }

  private static String named(Task task, String name) {
    return files(task) + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  private static String plan() {
    return "{\"holdsActivities\": \"YES\", \"activities\": [{\"activityName\": \"青年科技工作者座谈会\","
        + " \"activityCategory\": \"“点亮精神火炬”主题活动\", \"startDate\": \"2023-05-26\", \"endDate\": \"2023-05-26\","
        + " \"place\": \"示例市科技会堂\", \"mode\": \"OFFLINE\", \"audience\": \"青年科技工作者\", \"expectedParticipants\": 80,"
        + " \"description\": \"交流座谈\", \"publicityChannels\": \"公众号\", \"requestsKeyPublicity\": false}],"
        + " \"responsiblePerson\": \"陈雨桐\", \"responsiblePhone\": \"010-5550-0101\", \"responsibleEmail\": \"wc01@example.org\"}";
  }

  /** HQ (hq01, HTTP Basic) calling the application's API. */
  private HttpRequest.Builder asHq(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder().encodeToString("hq01:test".getBytes(StandardCharsets.UTF_8)));
  }

  private HttpResponse<byte[]> hqDownload(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(asHq(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aUnitAttachesPhotosAndAPdfRemovesOneSubmitsAndHqReviewsAndDownloadsThem() throws Exception {
    UnitClient unit = signedIn("wc01");
    // taken in the activity window, camera held upright (orientation 6: turned a quarter)
    byte[] photo = TestFiles.jpeg(800, 600, 6, "2023:05:26 10:30:00");
    byte[] early = TestFiles.jpeg(640, 480, null, "2023:04:01 09:00:00");
    byte[] pdf = TestFiles.pdf();

    HttpResponse<String> up =
        unit.sendBytes("POST", named(wc01Plan, "座谈会现场.jpg"), photo, "image/jpeg");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    JsonNode photoFile = UnitClient.json(up);
    assertThat(photoFile.path("name").asText()).isEqualTo("座谈会现场.jpg");
    assertThat(photoFile.path("kind").asText()).isEqualTo("IMAGE");
    assertThat(photoFile.path("capturedAt").asText()).isEqualTo("2023-05-26");
    assertThat(photoFile.path("outsideWindow").asBoolean()).isFalse();
    assertThat(photoFile.path("id").asText()).matches("[a-z2-7]{26}");

    JsonNode earlyFile =
        UnitClient.json(
            unit.sendBytes("POST", named(wc01Plan, "IMG_0001.JPG"), early, "image/jpeg"));
    assertThat(earlyFile.path("capturedAt").asText()).isEqualTo("2023-04-01");
    assertThat(earlyFile.path("outsideWindow").asBoolean()).isTrue();
    // the browser's type is not believed: a PDF sent as "image/png" is a PDF
    HttpResponse<String> pdfUp =
        unit.sendBytes("POST", named(wc01Plan, "活动方案（盖章版）.pdf"), pdf, "image/png");
    assertThat(pdfUp.statusCode()).as(pdfUp.body()).isEqualTo(201);
    JsonNode pdfFile = UnitClient.json(pdfUp);
    assertThat(pdfFile.path("contentType").asText()).isEqualTo("application/pdf");
    assertThat(pdfFile.path("thumbUrl").isNull()).isTrue();

    // the thumbnail is drawn upright: portrait, at most 320 pixels
    HttpResponse<byte[]> thumb = unit.download(photoFile.path("thumbUrl").asText());
    assertThat(thumb.statusCode()).isEqualTo(200);
    BufferedImage t = ImageIO.read(new ByteArrayInputStream(thumb.body()));
    assertThat(t.getHeight()).isEqualTo(320);
    assertThat(t.getWidth()).isEqualTo(240);

    // the unit removes the early photo before submitting; the form shows the other two
    assertThat(
            unit.send("DELETE", files(wc01Plan) + "/" + earlyFile.path("id").asText(), null)
                .statusCode())
        .isEqualTo(204);
    JsonNode form = unit.getJson("/api/unit/tasks/" + wc01Plan.getId() + "/form");
    assertThat(form.path("attachments").path("files")).hasSize(2);
    assertThat(form.path("attachments").path("limits").path("maxCount").asInt()).isEqualTo(3);

    HttpResponse<String> submitted =
        unit.send("POST", "/api/unit/tasks/" + wc01Plan.getId() + "/submit", plan());
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
    String reference = UnitClient.json(submitted).path("reference").asText();

    // the process holds references; HQ's review form shows thumbnails and links
    Task review = unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan");
    String refs = taskService.getVariable(review.getId(), "planFiles").toString();
    assertThat(refs)
        .contains(photoFile.path("id").asText(), pdfFile.path("sha256").asText())
        .doesNotContain(earlyFile.path("id").asText());
    String text = (String) taskService.getVariable(review.getId(), "planFilesText");
    assertThat(text)
        .contains("共 2 个附件", "/api/files/" + photoFile.path("id").asText() + "/thumb")
        .contains("拍摄于 2023-05-26", "活动方案（盖章版）.pdf");

    // the unit's history lists the submission's files
    JsonNode detail = unit.getJson("/api/unit/submissions/" + reference);
    assertThat(detail.path("files")).hasSize(2);
    JsonNode listed =
        unit.getJson("/api/unit/overview").path("campaigns").get(0).path("submissions").get(0);
    assertThat(listed.path("files")).hasSize(2);

    // HQ downloads byte for byte; images and PDF inline, the Chinese name kept
    HttpResponse<byte[]> hqPhoto = hqDownload("/api/files/" + photoFile.path("id").asText());
    assertThat(hqPhoto.statusCode()).isEqualTo(200);
    assertThat(hqPhoto.body()).isEqualTo(photo);
    assertThat(hqPhoto.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/jpeg");
    assertThat(hqPhoto.headers().firstValue("X-Content-Type-Options").orElseThrow())
        .isEqualTo("nosniff");
    assertThat(hqPhoto.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("inline")
        .contains("filename*=UTF-8''" + URLEncoder.encode("座谈会现场.jpg", StandardCharsets.UTF_8));
    HttpResponse<byte[]> unitPdf = unit.download(pdfFile.path("url").asText());
    assertThat(unitPdf.body()).isEqualTo(pdf);

    // the phase's zip: the table, a folder for the unit with its files
    HttpResponse<byte[]> zip = hqDownload("/api/campaigns/" + CODE + "/files.zip?phase=PLAN");
    assertThat(zip.statusCode()).isEqualTo(200);
    Map<String, byte[]> entries = unzip(zip.body());
    assertThat(entries.keySet())
        .containsExactlyInAnyOrder(
            "活动开展方案统计表-" + CODE + ".xlsx",
            "青年工作委员会（wc01）/座谈会现场.jpg",
            "青年工作委员会（wc01）/活动方案（盖章版）.pdf");
    assertThat(entries.get("青年工作委员会（wc01）/座谈会现场.jpg")).isEqualTo(photo);
    try (XSSFWorkbook book =
        new XSSFWorkbook(new ByteArrayInputStream(entries.get("活动开展方案统计表-" + CODE + ".xlsx")))) {
      assertThat(book.getSheetAt(0).getRow(2).getCell(1).getStringCellValue()).isEqualTo("青年工作委员会");
    }
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  private void refusedAndUnchanged(UnitClient client, String path, byte[] body, int status)
      throws Exception {
    Map<String, List<String>> before = DatabaseSnapshot.take(jdbc);
    HttpResponse<String> response = client.sendBytes("POST", path, body, "image/jpeg");
    String what = "POST " + path + " → " + response.statusCode() + " " + response.body();
    assertThat(response.statusCode()).as(what).isEqualTo(status);
    assertThat(response.body())
        .as(what)
        .containsPattern("[\\u4e00-\\u9fff]")
        .doesNotContain("Exception", "ENGINE-");
    assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).as(what).isEmpty();
  }

  @Test
  void refusedUploadsAndForeignDownloadsStoreAndShowNothing() throws Exception {
    UnitClient wc01 = signedIn("wc01");
    // too large for one file (1 MB here)
    refusedAndUnchanged(wc01, named(wc01Plan, "大文件.pdf"), TestFiles.bigPdf(1_100_000), 413);
    // a web page named like a photo
    refusedAndUnchanged(wc01, named(wc01Plan, "照片.jpg"), TestFiles.html(), 400);
    // an empty file
    refusedAndUnchanged(wc01, named(wc01Plan, "空.pdf"), new byte[0], 400);
    // another unit's task
    refusedAndUnchanged(wc01, named(wc02Plan, "照片.jpg"), TestFiles.jpeg(10, 10, null, null), 404);

    // the quota (2 MB in all) and the count (3)
    for (int i = 1; i <= 2; i++) {
      HttpResponse<String> ok =
          wc01.sendBytes(
              "POST",
              named(wc01Plan, "附件" + i + ".pdf"),
              TestFiles.bigPdf(900_000),
              "application/pdf");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    }
    refusedAndUnchanged(wc01, named(wc01Plan, "附件3.pdf"), TestFiles.bigPdf(300_000), 413);
    assertThat(
            wc01.sendBytes("POST", named(wc01Plan, "小.pdf"), TestFiles.pdf(), "application/pdf")
                .statusCode())
        .isEqualTo(201);
    refusedAndUnchanged(wc01, named(wc01Plan, "第四个.pdf"), TestFiles.pdf(), 409);

    String id = wc01.getJson(files(wc01Plan)).path("files").get(0).path("id").asText();
    // another unit's contact: not found, whichever way
    UnitClient wc02 = signedIn("wc02");
    assertThat(wc02.download("/api/unit/files/" + id).statusCode()).isEqualTo(404);
    assertThat(wc02.download("/api/unit/files/" + id + "/thumb").statusCode()).isEqualTo(404);
    Map<String, List<String>> before = DatabaseSnapshot.take(jdbc);
    assertThat(wc02.send("DELETE", files(wc02Plan) + "/" + id, null).statusCode()).isEqualTo(404);
    assertThat(wc02.send("DELETE", files(wc01Plan) + "/" + id, null).statusCode()).isEqualTo(404);
    assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).isEmpty();
    // a unit contact is not HQ
    Doors doors = new Doors(port, "test");
    assertThat(doors.rest("wc02").sendRaw("GET", "/api/files/" + id, null).statusCode())
        .isEqualTo(403);
    // anonymous
    UnitClient anonymous = new UnitClient(port);
    assertThat(anonymous.download("/api/unit/files/" + id).statusCode()).isEqualTo(401);
    assertThat(anonymous.download("/api/files/" + id).statusCode()).isEqualTo(401);
    refusedAndUnchanged(anonymous, named(wc01Plan, "x.pdf"), TestFiles.pdf(), 401);
    // HQ viewing the unit's page read-only may look, not upload
    Doors.Door hq = doors.webapp("hq01", "cockpit");
    assertThat(hq.sendRaw("GET", files(wc01Plan) + "?unit=wc01", null).statusCode()).isEqualTo(200);
    before = DatabaseSnapshot.take(jdbc);
    assertThat(hq.sendRaw("DELETE", files(wc01Plan) + "/" + id + "?unit=wc01", null).statusCode())
        .isEqualTo(403);
    assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).isEmpty();
  }

  @Test
  void uploadsSideBySideKeepTheQuota() throws Exception {
    UnitClient wc01 = signedIn("wc01");
    // six uploads of 0.9 MB at once against a quota of 2 MB: two fit, whichever two
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(6);
    List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      String path = named(wc01Plan, "并发" + i + ".pdf");
      answers.add(
          pool.submit(
              () -> wc01.sendBytes("POST", path, TestFiles.bigPdf(900_000), "application/pdf")));
    }
    List<Integer> statuses = new java.util.ArrayList<>();
    for (var answer : answers) {
      statuses.add(answer.get().statusCode());
    }
    pool.shutdown();
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(2);
    assertThat(statuses).filteredOn(s -> s != 201).allMatch(s -> s == 413);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_file", Integer.class)).isEqualTo(2);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_file_chunk", Integer.class))
        .isEqualTo(4);
  }

  @Test
  void aConnectionDroppedMidUploadLeavesNoFileAndNoReference(CapturedOutput output)
      throws Exception {
    UnitClient wc01 = signedIn("wc01");
    String csrf = wc01.me().path("csrfToken").asText();
    Map<String, List<String>> before = DatabaseSnapshot.take(jdbc);
    // the session cookie of the signed-in client, sent by hand on a raw socket
    String cookie = wc01.cookieHeader();
    byte[] body = TestFiles.bigPdf(900_000);
    try (Socket socket = new Socket("localhost", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + named(wc01Plan, "中断.pdf")
                  + " HTTP/1.1\r\nHost: localhost\r\n"
                  + "Content-Type: application/pdf\r\nContent-Length: "
                  + body.length
                  + "\r\n"
                  + "Cookie: "
                  + cookie
                  + "\r\nX-XSRF-TOKEN: "
                  + csrf
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.write(body, 0, 600_000); // more than one chunk is written before the line drops
      out.flush();
    }
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!output.getAll().contains("interrupted") && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertThat(output.getAll()).contains("Upload of 中断.pdf by wc01 interrupted");
    assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).isEmpty();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_file_chunk", Integer.class)).isZero();
  }

  private HttpResponse<String> hqUpload(String path, byte[] body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            asHq(path)
                // what curl --data-binary sends: the body must still be taken as the file
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void hqsDocumentsReachTheCampaignsUnitsOnlyThroughTheirPageAndTheNoticeMail() throws Exception {
    clock("2023-05-06T11:00");
    var campaign =
        startCampaign(with(payload("2023/01-register-notice.json"), "campaignCode", "AT-DOCS"));
    byte[] notice = TestFiles.pdf();
    HttpResponse<String> up =
        hqUpload(
            "/api/campaigns/AT-DOCS/documents?name="
                + URLEncoder.encode("附件一：科协通知.pdf", StandardCharsets.UTF_8),
            notice);
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    String id = UnitClient.json(up).path("id").asText();
    // HQ's documents follow the same type rules as a unit's files
    HttpResponse<String> page =
        hqUpload("/api/campaigns/AT-DOCS/documents?name=notice.pdf", TestFiles.html());
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("文件类型不受支持");

    submit(
        task(campaign.getId(), "Task_DraftForwarding"),
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            "wc01"));
    submit(task(campaign.getId(), "Task_ApproveForwarding"), vars("forwardingDecision", "APPROVE"));
    runJobs();
    List<MimeMessage> notices = mailsTo("wc01@example.org", "【");
    assertThat(textOf(notices.get(notices.size() - 1)))
        .contains("通知附件（请在单位报送页面查看、下载）：附件一：科协通知.pdf");

    UnitClient wc01 = signedIn("wc01");
    JsonNode docs =
        java.util.stream.StreamSupport.stream(
                wc01.getJson("/api/unit/overview").path("campaigns").spliterator(), false)
            .filter(c -> c.path("code").asText().equals("AT-DOCS"))
            .findFirst()
            .orElseThrow()
            .path("documents");
    assertThat(docs).hasSize(1);
    assertThat(docs.get(0).path("name").asText()).isEqualTo("附件一：科协通知.pdf");
    assertThat(wc01.download(docs.get(0).path("url").asText()).body()).isEqualTo(notice);
    // wc02 is not in that campaign
    assertThat(signedIn("wc02").download("/api/unit/files/" + id).statusCode()).isEqualTo(404);
  }

  @Test
  void aSummarysPhotosReachHqsReviewAndHqFeaturesOneInTheReport() throws Exception {
    var campaign = summariesOpenFor("AT-SUM", "wc01");
    Task summaryTask = unitTask("AT-SUM", "wc01", Phase.SUMMARY, "Task_SubmitSummary");
    UnitClient wc01 = signedIn("wc01");
    JsonNode form = wc01.getJson("/api/unit/tasks/" + summaryTask.getId() + "/form");
    assertThat(form.path("attachments").path("files")).isEmpty();
    HttpResponse<String> up =
        wc01.sendBytes(
            "POST",
            named(summaryTask, "颁奖现场.jpg"),
            TestFiles.jpeg(1200, 900, null, "2023:05:26 15:00:00"),
            "image/jpeg");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    String photo = UnitClient.json(up).path("id").asText();
    HttpResponse<String> submitted =
        wc01.send(
            "POST",
            "/api/unit/tasks/" + summaryTask.getId() + "/submit",
            "{\"summaryActivities\": [{\"activityName\": \"青年科技工作者座谈会\", \"startDate\": \"2023-05-26\","
                + " \"endDate\": \"2023-05-26\", \"participants\": 95}], \"summaryText\": \"座谈会顺利举办。\","
                + " \"responsiblePerson\": \"陈雨桐\", \"responsiblePhone\": \"010-5550-0101\","
                + " \"responsibleEmail\": \"wc01@example.org\"}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
    Task review = unitTask("AT-SUM", "wc01", Phase.SUMMARY, "Task_ReviewSummary");
    assertThat((String) taskService.getVariable(review.getId(), "summaryFilesText"))
        .contains("共 1 个附件", "/api/files/" + photo + "/thumb", "拍摄于 2023-05-26");
    submit(review, approve("summaryDecision"));

    clock("2023-06-26T00:00");
    runJobs();
    Task report = task(campaign.getId(), "Task_CompileReport");
    assertThat(taskService.getVariable(report.getId(), "featuredPhotoOptions").toString())
        .contains(photo, "青年工作委员会 · 颁奖现场.jpg（拍摄于 2023-05-26）");
    // only an offered photo may be featured
    Map<String, List<String>> before = DatabaseSnapshot.take(jdbc);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                submit(
                    report,
                    vars(
                        "reportTitle",
                        "总结报告",
                        "reportText",
                        "正文",
                        "featuredPhotoIds",
                        org.camunda.spin.plugin.variable.SpinValues.jsonValue(
                                "[\"aaaaaaaaaaaaaaaaaaaaaaaaaa\"]")
                            .create())))
        .hasMessageContaining("所选精选照片中有不属于已通过总结的照片");
    assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).isEmpty();
    submit(
        report,
        vars(
            "reportTitle",
            "总结报告",
            "reportText",
            "正文",
            "featuredPhotoIds",
            org.camunda.spin.plugin.variable.SpinValues.jsonValue("[\"" + photo + "\"]").create()));
    Task approval = task(campaign.getId(), "Task_ApproveReport");
    assertThat((String) taskService.getVariable(approval.getId(), "reportFeaturedPhotosText"))
        .isEqualTo("- 青年工作委员会 · 颁奖现场.jpg（拍摄于 2023-05-26）");
  }

  @Test
  void filesGoWithTheirProcessHistory() throws Exception {
    UnitClient wc01 = signedIn("wc01");
    assertThat(
            wc01.sendBytes("POST", named(wc01Plan, "a.pdf"), TestFiles.pdf(), "application/pdf")
                .statusCode())
        .isEqualTo(201);
    assertThat(attachments.removeOrphans()).isZero();
    String process = wc01Plan.getProcessInstanceId();
    runtime.deleteProcessInstance(process, "test", true, true);
    // still in history: kept
    assertThat(attachments.removeOrphans()).isZero();
    history.deleteHistoricProcessInstance(process);
    assertThat(attachments.removeOrphans()).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_file", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_file_chunk", Integer.class)).isZero();
  }
}
