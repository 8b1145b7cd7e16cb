package org.example.stwd.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.IdentityService;
import org.example.stwd.ProcessTestSupport;
import org.example.stwd.security.DatabaseSnapshot;
import org.example.stwd.security.SignInThrottle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The directory (docs/DIRECTORY.md) through HQ's API: imports of .xlsx and GBK CSV with names
 * holding commas, quotes and line breaks, export and import again changing nothing, a file with bad
 * rows refused whole, contacts as users (welcome mail with a sign-in link; a removed contact's link
 * and session refused at once; the unit's open task with the new contact), and who may use it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DirectoryTest extends ProcessTestSupport {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern LINK = Pattern.compile("/unit/signin#t=([A-Za-z0-9_-]{43})");

  @LocalServerPort int port;
  @Autowired IdentityService identityService;
  @Autowired SignInThrottle throttle;

  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void fresh() {
    throttle.reset();
  }

  @AfterEach
  void demoDirectory() throws Exception {
    restoreDemoDirectory();
  }

  HttpResponse<String> hq(String method, String path, byte[] body, String type) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("hq01:test".getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", type)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode ok(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
    return response.body().isEmpty() ? null : JSON.readTree(response.body());
  }

  /** The demo's twelve units as file rows, so that an import keeps them. */
  List<List<String>> demoRows() {
    List<List<String>> rows = new ArrayList<>();
    for (Map<String, Object> u :
        jdbc.queryForList(
            "SELECT code, name, category, contact_name, contact_phone, contact_email FROM stwd_unit WHERE active ORDER BY code")) {
      rows.add(
          List.of(
              (String) u.get("code"),
              (String) u.get("name"),
              (String) u.get("category"),
              u.get("contact_name") == null ? "" : (String) u.get("contact_name"),
              u.get("contact_phone") == null ? "" : (String) u.get("contact_phone"),
              u.get("contact_email") == null ? "" : (String) u.get("contact_email")));
    }
    return rows;
  }

  static byte[] xlsx(List<List<String>> rows) throws Exception {
    try (XSSFWorkbook book = new XSSFWorkbook()) {
      Sheet sheet = book.createSheet("名录");
      Row header = sheet.createRow(0);
      for (int c = 0; c < DirectoryFile.HEADERS.size(); c++) {
        header.createCell(c).setCellValue(DirectoryFile.HEADERS.get(c));
      }
      for (int r = 0; r < rows.size(); r++) {
        Row row = sheet.createRow(r + 1);
        for (int c = 0; c < rows.get(r).size(); c++) {
          row.createCell(c).setCellValue(rows.get(r).get(c));
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      book.write(out);
      return out.toByteArray();
    }
  }

  static String csv(List<List<String>> rows) {
    StringBuilder s = new StringBuilder(String.join(",", DirectoryFile.HEADERS)).append("\r\n");
    for (List<String> row : rows) {
      List<String> cells = new ArrayList<>();
      for (String v : row) {
        cells.add(
            v.contains(",") || v.contains("\"") || v.contains("\n")
                ? "\"" + v.replace("\"", "\"\"") + "\""
                : v);
      }
      s.append(String.join(",", cells)).append("\r\n");
    }
    return s.toString();
  }

  /** 500 units with awkward names (commas, quotes, a line break), one or two contacts each. */
  static List<List<String>> units(int n) {
    List<List<String>> rows = new ArrayList<>();
    String[] categories = {"工作委员会", "专业委员会", "分会", "地方学会", "支撑单位", "团体会员单位"};
    for (int i = 1; i <= n; i++) {
      String code = String.format("t%04d", i);
      String name =
          switch (i % 4) {
            case 0 -> "测试单位" + i + "，含逗号,英文逗号";
            case 1 -> "“引号”单位\"" + i + "\"";
            case 2 -> "换行单位" + i + "\n（第二行）";
            default -> "普通单位" + i;
          };
      String category = categories[i % categories.length];
      rows.add(
          List.of(
              code,
              name,
              category,
              "联系人" + i,
              "010-5550-" + String.format("%04d", i),
              code + "@example.org"));
      if (i % 10 == 0) {
        rows.add(List.of(code, name, category, "副联系人" + i, "", code + "-b@example.org"));
      }
    }
    return rows;
  }

  @Test
  void fiveHundredUnitsFromXlsxLandAndExportThenImportChangesNothing() throws Exception {
    List<List<String>> rows = new ArrayList<>(demoRows());
    rows.addAll(units(500));
    byte[] file = xlsx(rows);
    JsonNode preview =
        ok(hq("POST", "/api/directory/import/preview", file, "application/octet-stream"));
    assertThat(preview.path("problems")).isEmpty();
    assertThat(preview.path("canApply").isBoolean()).isTrue();
    assertThat(preview.path("canApply").asBoolean()).isTrue();
    assertThat(preview.path("counts").path("NEW").asInt()).isEqualTo(500);
    assertThat(preview.path("counts").path("DEACTIVATED").asInt()).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_unit", Integer.class)).isEqualTo(12);

    ok(hq("POST", "/api/directory/import/apply", file, "application/octet-stream"));
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_unit WHERE active", Integer.class))
        .isEqualTo(512);
    assertThat(jdbc.queryForObject("SELECT name FROM stwd_unit WHERE code = 't0002'", String.class))
        .isEqualTo("换行单位2\n（第二行）");
    assertThat(jdbc.queryForObject("SELECT name FROM stwd_unit WHERE code = 't0001'", String.class))
        .isEqualTo("“引号”单位\"1\"");
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM stwd_unit_contact WHERE unit_code = 't0010'", Integer.class))
        .isEqualTo(2);
    // each contact is a user of its unit's group and a unit contact, with a welcome mail
    String t10 =
        jdbc.queryForObject(
            "SELECT contact_user_id FROM stwd_unit WHERE code = 't0010'", String.class);
    assertThat(identityService.createUserQuery().userId(t10).memberOfGroup("unit-t0010").count())
        .isEqualTo(1);
    assertThat(identityService.createUserQuery().userId(t10).memberOfGroup("unit-contacts").count())
        .isEqualTo(1);
    assertThat(mailsTo("t0010-b@example.org", "【")).hasSize(1);
    assertThat(textOf(mailsTo("t0010@example.org", "【").get(0)))
        .contains("联系人10", "换行单位10\n（第二行）", "/unit/signin#t=");

    // export, import again: nothing to change
    HttpResponse<byte[]> export =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/directory/export.xlsx"))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString("hq01:test".getBytes(StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(export.statusCode()).isEqualTo(200);
    JsonNode again =
        ok(hq("POST", "/api/directory/import/preview", export.body(), "application/octet-stream"));
    assertThat(again.path("problems")).isEmpty();
    assertThat(again.path("changes")).as(again.toString()).isEmpty();
    assertThat(again.path("counts").path("UNCHANGED").asInt()).isEqualTo(512);
    // and the audit says who imported what
    JsonNode audit = ok(hq("GET", "/api/directory/audit", null, "application/json"));
    assertThat(audit.get(0).path("by").asText()).isEqualTo("hq01");
    assertThat(audit.get(0).path("summary").asText()).contains("新增 500 家");
  }

  @Test
  void aGbkCsvLandsWhole() throws Exception {
    List<List<String>> rows = new ArrayList<>(demoRows());
    rows.addAll(units(30));
    byte[] gbk = csv(rows).getBytes(Charset.forName("GBK"));
    ok(hq("POST", "/api/directory/import/apply", gbk, "text/csv"));
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_unit WHERE active", Integer.class))
        .isEqualTo(42);
    assertThat(jdbc.queryForObject("SELECT name FROM stwd_unit WHERE code = 't0004'", String.class))
        .isEqualTo("测试单位4，含逗号,英文逗号");
    assertThat(jdbc.queryForObject("SELECT name FROM stwd_unit WHERE code = 't0006'", String.class))
        .isEqualTo("换行单位6\n（第二行）");
  }

  @Test
  void aFileWithThreeBadRowsIsRefusedWholeAndChangesNothing() throws Exception {
    List<List<String>> rows = new ArrayList<>(demoRows());
    rows.addAll(units(20));
    rows.set(14, List.of("T 3", "坏代码单位", "分会", "", "", ""));
    rows.set(17, List.of("t0006", "类别不对的单位", "学院", "", "", ""));
    rows.set(20, List.of("t0009", "邮箱不对的单位", "分会", "某人", "", "not-an-address"));
    byte[] file = csv(rows).getBytes(StandardCharsets.UTF_8);
    JsonNode preview = ok(hq("POST", "/api/directory/import/preview", file, "text/csv"));
    List<Integer> lines = new ArrayList<>();
    preview.path("problems").forEach(p -> lines.add(p.path("line").asInt()));
    // header is line 1: the rows at 14, 17, 20 of the list are lines 16, 19, 22 of the file
    assertThat(lines).containsExactly(16, 19, 22);
    assertThat(preview.path("canApply").isBoolean()).isTrue();
    assertThat(preview.path("canApply").asBoolean()).isFalse();
    Map<String, List<String>> before = DatabaseSnapshot.take(jdbc);
    HttpResponse<String> refused = hq("POST", "/api/directory/import/apply", file, "text/csv");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("第 16 行", "第 19 行", "第 22 行", "学院");
    assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).isEmpty();
  }

  @Test
  void aContactChangedMidCampaignHandsTheUnitsTaskToTheNewContactAndLocksTheOldOneOut()
      throws Exception {
    campaignFor("DIR-2023", "wc01");
    List<MimeMessage> notices = mailsTo("wc01@example.org", "【");
    String oldToken = token(textOf(notices.get(notices.size() - 1)));
    // the old contact is signed in on their phone
    HttpClient oldPhone = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    assertThat(
            unit(
                    oldPhone,
                    "POST",
                    "/api/unit/session/password",
                    "{\"username\": \"wc01\", \"password\": \"test\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(unit(oldPhone, "GET", "/api/unit/overview", null).statusCode()).isEqualTo(200);

    // HQ replaces wc01's contact
    ok(
        hq(
            "PUT",
            "/api/directory/units/wc01",
            "{\"name\": \"青年工作委员会\", \"category\": \"WORKING_COMMITTEE\", \"contacts\": [{\"name\": \"周新岚\", \"email\": \"new-wc01@example.org\", \"phone\": \"010-5550-0199\"}]}"
                .getBytes(StandardCharsets.UTF_8),
            "application/json"));
    assertThat(identityService.createUserQuery().userId("wc01").count()).isZero();

    // the old contact: session ended, link refused
    assertThat(unit(oldPhone, "GET", "/api/unit/overview", null).statusCode()).isEqualTo(401);
    HttpClient oldLaptop = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    HttpResponse<String> oldLink =
        unit(oldLaptop, "POST", "/api/unit/session/link", "{\"token\": \"" + oldToken + "\"}");
    assertThat(oldLink.statusCode()).isIn(401, 409);

    // the new contact opens the welcome mail's link and finds the unit's open task
    List<MimeMessage> welcome = mailsTo("new-wc01@example.org", "【");
    assertThat(welcome).hasSize(1);
    assertThat(welcome.get(0).getSubject()).contains("青年工作委员会");
    HttpClient newPhone = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    assertThat(
            unit(
                    newPhone,
                    "POST",
                    "/api/unit/session/link",
                    "{\"token\": \"" + token(textOf(welcome.get(0))) + "\"}")
                .statusCode())
        .isEqualTo(200);
    JsonNode overview = JSON.readTree(unit(newPhone, "GET", "/api/unit/overview", null).body());
    assertThat(overview.path("campaigns").get(0).path("code").asText()).isEqualTo("DIR-2023");
    assertThat(overview.path("campaigns").get(0).path("tasks")).hasSize(1);
    JsonNode audit = ok(hq("GET", "/api/directory/audit", null, "application/json"));
    assertThat(audit.get(0).path("details").toString()).contains("新增联系人 周新岚", "移除联系人 陈雨桐");
  }

  @Test
  void unitsAddedToARunningCampaignGetTheirTaskAndNoticeAndAWithdrawnOneIsSettled()
      throws Exception {
    campaignFor("ROS-2023", "wc01 wc02");
    for (String code : List.of("nb01", "nb02")) {
      ok(
          hq(
              "PUT",
              "/api/directory/units/" + code,
              ("{\"name\": \"新成员单位"
                      + code
                      + "\", \"category\": \"BRANCH\", \"contacts\": [{\"name\": \"联络员\", \"email\": \""
                      + code
                      + "@example.org\"}]}")
                  .getBytes(StandardCharsets.UTF_8),
              "application/json"));
    }
    JsonNode added =
        ok(
            hq(
                "POST",
                "/api/campaigns/ROS-2023/units",
                "{\"units\": [\"nb01\", \"nb02\"]}".getBytes(StandardCharsets.UTF_8),
                "application/json"));
    assertThat(added.path("added")).hasSize(2);
    runJobs();
    assertThat(unitTask("ROS-2023", "nb01", org.example.stwd.core.Phase.PLAN, "Task_SubmitPlan"))
        .isNotNull();
    assertThat(unitTask("ROS-2023", "nb02", org.example.stwd.core.Phase.PLAN, "Task_SubmitPlan"))
        .isNotNull();
    assertThat(subjectsTo("nb01@example.org"))
        .anyMatch(subject -> subject.contains("请于2023年5月15日前报送活动方案"));
    JsonNode board = ok(hq("GET", "/api/campaigns/ROS-2023/board", null, "application/json"));
    assertThat(board.path("counts").path("PLAN").path("addressed").asInt()).isEqualTo(4);
    // adding a unit already addressed changes nothing
    Map<String, List<String>> before = DatabaseSnapshot.take(jdbc);
    assertThat(
            hq(
                    "POST",
                    "/api/campaigns/ROS-2023/units",
                    "{\"units\": [\"wc01\"]}".getBytes(StandardCharsets.UTF_8),
                    "application/json")
                .statusCode())
        .isEqualTo(400);
    // an active unit cannot be withdrawn
    assertThat(
            hq("POST", "/api/campaigns/ROS-2023/units/nb02/withdraw", null, "application/json")
                .statusCode())
        .isEqualTo(409);
    assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).isEmpty();

    // nb02 is deactivated, then withdrawn: its collection ends as cancelled, counted as settled
    assertThat(
            hq("POST", "/api/directory/units/nb02/deactivate", null, "application/json")
                .statusCode())
        .isEqualTo(204);
    board = ok(hq("GET", "/api/campaigns/ROS-2023/board", null, "application/json"));
    assertThat(board.path("deactivatedUnits").toString()).contains("nb02");
    ok(hq("POST", "/api/campaigns/ROS-2023/units/nb02/withdraw", null, "application/json"));
    assertThat(campaignUnits.status("ROS-2023", "nb02", org.example.stwd.core.Phase.PLAN))
        .isEqualTo(org.example.stwd.core.UnitStatus.CANCELLED);
    assertThat(
            jdbc.queryForObject(
                "SELECT plan_open FROM stwd_campaign WHERE code = 'ROS-2023'", Integer.class))
        .isEqualTo(3);
    assertThat(unitInstance("ROS-2023", "nb02", org.example.stwd.core.Phase.PLAN)).isNull();
    board = ok(hq("GET", "/api/campaigns/ROS-2023/board", null, "application/json"));
    assertThat(board.path("counts").path("PLAN").path("CANCELLED").asInt()).isEqualTo(1);
  }

  @Test
  void onlyHqUsesTheDirectory() throws Exception {
    Map<String, List<String>> before = DatabaseSnapshot.take(jdbc);
    byte[] file = xlsx(units(3));
    for (String user : List.of("wc01", "leader01")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + port + "/api/directory/import/apply"))
                  .header(
                      "Authorization",
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString((user + ":test").getBytes(StandardCharsets.UTF_8)))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(user).isEqualTo(403);
    }
    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/directory"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).isEmpty();
  }

  HttpResponse<String> unit(HttpClient client, String method, String path, String body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String token(String text) {
    Matcher m = LINK.matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }
}
