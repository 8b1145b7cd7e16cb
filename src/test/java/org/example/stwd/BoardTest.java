package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The board's data, the exports read back (Apache POI, CSV), and who may see them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BoardTest extends ProcessTestSupport {

  static final String CODE = "BOARD-2023";
  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<byte[]> get(String path, String user) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (user != null) {
      request.header("Authorization", PackagedApp.basic(user, "test"));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void boardCountsEveryUnitInItsState() throws Exception {
    boardScenario(CODE);
    HttpResponse<byte[]> response = get("/api/campaigns/" + CODE + "/board", "hq01");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode board = JSON.readTree(response.body());
    JsonNode plan = board.get("counts").get("PLAN");
    assertThat(plan.get("addressed").asInt()).isEqualTo(6);
    assertThat(plan.get("submitted").asInt()).isEqualTo(4);
    assertThat(plan.get("PENDING").asInt()).isEqualTo(2);
    assertThat(plan.get("SUBMITTED").asInt()).isEqualTo(1);
    assertThat(plan.get("APPROVED").asInt()).isEqualTo(1);
    assertThat(plan.get("RETURNED").asInt()).isEqualTo(1);
    assertThat(plan.get("DECLINED").asInt()).isEqualTo(1);
    assertThat(plan.get("overdue").asInt()).isEqualTo(3);
    assertThat(board.get("counts").get("SUMMARY").get("addressed").asInt()).isZero();
    assertThat(board.get("today").asText()).isEqualTo("2023-05-16");
    assertThat(board.get("collecting").asText()).isEqualTo("PLAN");

    JsonNode br01 = unit(board, "br01");
    assertThat(br01.get("plan").get("status").asText()).isEqualTo("PENDING");
    assertThat(br01.get("plan").get("daysOverdue").asInt()).isEqualTo(1);
    // the first overdue notice; the reminder's timer, due on 12 May while the clock stood still,
    // fired after the deadline and sent nothing
    assertThat(br01.get("plan").get("reminders").asInt()).isEqualTo(1);
    assertThat(br01.get("plan").get("taskId").asText())
        .isEqualTo(
            unitTask(CODE, "br01", org.example.stwd.core.Phase.PLAN, "Task_SubmitPlan").getId());
    assertThat(br01.get("categoryLabel").asText()).isEqualTo("分会");
    JsonNode wc01 = unit(board, "wc01");
    assertThat(wc01.get("plan").get("statusLabel").asText()).isEqualTo("已通过");
    assertThat(wc01.get("plan").get("daysOverdue").asInt()).isZero();
    assertThat(wc01.get("plan").get("submittedAt").asText()).isEqualTo("2023-05-08T02:00:00Z");
    assertThat(wc01.get("plan").get("processInstanceId").asText())
        .isEqualTo(
            history
                .createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(CODE + ":wc01")
                .singleResult()
                .getId());
    assertThat(wc01.get("plan").get("taskId").isNull()).isTrue();
    assertThat(unit(board, "sc02").get("plan").get("daysOverdue").asInt()).isEqualTo(1);
    // submissions over time: 2 on 8 May (wc01, wc02), 2 more on 10 May
    JsonNode timeline = board.get("timeline").get("PLAN");
    assertThat(timeline).hasSize(2);
    assertThat(timeline.get(0).get("date").asText()).isEqualTo("2023-05-08");
    assertThat(timeline.get(0).get("submitted").asInt()).isEqualTo(2);
    assertThat(timeline.get(1).get("submitted").asInt()).isEqualTo(4);

    assertThat(text(get("/api/campaigns", "hq01"))).contains("\"code\":\"" + CODE + "\"");
    assertThat(get("/api/campaigns/NOPE/board", "hq01").statusCode()).isEqualTo(404);
  }

  /**
   * At 10,000 units the board cannot send every row (issue 21): the server filters, sorts and pages
   * them, and the counts stay those of all units.
   */
  @Test
  void rowsAreFilteredSortedAndPagedOnTheServer() throws Exception {
    boardScenario(CODE);
    String base = "/api/campaigns/" + CODE + "/board";
    JsonNode firstPage = JSON.readTree(get(base + "?size=4", "hq01").body());
    assertThat(firstPage.get("units")).hasSize(4);
    assertThat(firstPage.get("page").get("total").asInt()).isEqualTo(6);
    assertThat(firstPage.get("page").get("pages").asInt()).isEqualTo(2);
    assertThat(firstPage.get("page").get("phase").asText()).isEqualTo("PLAN");
    assertThat(firstPage.get("counts").get("PLAN").get("addressed").asInt()).isEqualTo(6);
    JsonNode second = JSON.readTree(get(base + "?size=4&page=2", "hq01").body());
    assertThat(second.get("units")).hasSize(2);
    List<String> all = new ArrayList<>();
    firstPage.get("units").forEach(u -> all.add(u.get("unitCode").asText()));
    second.get("units").forEach(u -> all.add(u.get("unitCode").asText()));
    assertThat(all).doesNotHaveDuplicates().hasSize(6);
    // a page past the end is the last page
    assertThat(
            JSON.readTree(get(base + "?size=4&page=9", "hq01").body())
                .get("page")
                .get("number")
                .asInt())
        .isEqualTo(2);
    // the open task is read for the page's rows
    JsonNode br01 = unit(JSON.readTree(get(base + "?q=BR01", "hq01").body()), "br01");
    assertThat(br01.get("plan").get("taskId").asText())
        .isEqualTo(
            unitTask(CODE, "br01", org.example.stwd.core.Phase.PLAN, "Task_SubmitPlan").getId());

    JsonNode awaiting = JSON.readTree(get(base + "?status=AWAITING", "hq01").body());
    assertThat(awaiting.get("page").get("total").asInt()).isEqualTo(3);
    awaiting
        .get("units")
        .forEach(u -> assertThat(u.get("plan").get("status").asText()).isIn("PENDING", "RETURNED"));
    JsonNode overdue =
        JSON.readTree(get(base + "?status=OVERDUE&sort=overdue&dir=desc", "hq01").body());
    assertThat(overdue.get("page").get("total").asInt()).isEqualTo(3);
    int previous = Integer.MAX_VALUE;
    for (JsonNode u : overdue.get("units")) {
      int days = u.get("plan").get("daysOverdue").asInt();
      assertThat(days).isPositive().isLessThanOrEqualTo(previous);
      previous = days;
    }
    JsonNode branches = JSON.readTree(get(base + "?category=BRANCH", "hq01").body());
    assertThat(branches.get("page").get("total").asInt()).isPositive();
    branches.get("units").forEach(u -> assertThat(u.get("category").asText()).isEqualTo("BRANCH"));
    // submitted first in time order, the units that have not submitted last
    JsonNode bySubmission = JSON.readTree(get(base + "?sort=submitted", "hq01").body());
    List<String> times = new ArrayList<>();
    bySubmission
        .get("units")
        .forEach(u -> times.add(u.get("plan").get("submittedAt").asText(null)));
    assertThat(times.subList(0, 4)).doesNotContainNull().isSorted();
    assertThat(times.subList(4, 6)).containsOnlyNulls();
    assertThat(JSON.readTree(get(base + "?q=no-such-unit", "hq01").body()).get("units")).isEmpty();

    // values the board does not know: 400 naming each, in Chinese
    HttpResponse<byte[]> bad =
        get(base + "?phase=NOW&size=0&sort=colour&dir=up&status=LATE", "hq01");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(text(bad)).contains("phase", "size", "colour", "asc 或 desc", "LATE");
    assertThat(get(base + "?category=PLANETS", "hq01").statusCode()).isEqualTo(400);
  }

  private static JsonNode unit(JsonNode board, String code) {
    for (JsonNode u : board.get("units")) {
      if (u.get("unitCode").asText().equals(code)) {
        return u;
      }
    }
    throw new AssertionError(code);
  }

  @Test
  void planTableAsExcelAndCsvMatchesThePlansSubmitted() throws Exception {
    boardScenario(CODE);
    List<String> expectedHeaders =
        List.of(
            "序号",
            "单位名称",
            "单位类别",
            "活动名称",
            "活动类别",
            "开始日期",
            "结束日期",
            "活动地点",
            "活动形式",
            "参与对象",
            "预计参与人数",
            "活动简介",
            "宣传渠道",
            "申请总会重点宣传",
            "列入总会重点宣传",
            "联系人",
            "联系电话",
            "电子邮箱",
            "方案状态");
    List<List<String>> activities =
        jdbc.query(
            "SELECT a.name, a.place, a.expected_participants, a.start_date FROM stwd_activity a WHERE a.campaign_code = ? AND a.unit_code = 'wc01' ORDER BY a.seq",
            (rs, i) ->
                List.of(
                    rs.getString(1),
                    rs.getString(2),
                    String.valueOf(rs.getInt(3)),
                    rs.getDate(4).toLocalDate().toString()),
            CODE);
    assertThat(activities).isNotEmpty();

    // approved plans only (the table sent upward): wc01's activities
    HttpResponse<byte[]> xlsx = get("/api/campaigns/" + CODE + "/exports/plans.xlsx", "hq01");
    assertThat(xlsx.statusCode()).isEqualTo(200);
    assertThat(xlsx.headers().firstValue("Content-Type").orElseThrow()).contains("spreadsheetml");
    assertThat(xlsx.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("filename*=UTF-8''%E6%B4%BB%E5%8A%A8");
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
      Sheet sheet = book.getSheetAt(0);
      assertThat(sheet.getRow(0).getCell(0).getStringCellValue())
          .startsWith("附件二：活动开展方案统计表（中国科协 科技部关于开展2023年");
      assertThat(cells(sheet.getRow(1))).isEqualTo(expectedHeaders);
      assertThat(sheet.getLastRowNum()).isEqualTo(1 + activities.size());
      for (int i = 0; i < activities.size(); i++) {
        Row row = sheet.getRow(2 + i);
        assertThat(row.getCell(0).getNumericCellValue()).isEqualTo(i + 1);
        assertThat(row.getCell(1).getStringCellValue()).isEqualTo("青年工作委员会");
        assertThat(row.getCell(2).getStringCellValue()).isEqualTo("工作委员会");
        assertThat(row.getCell(3).getStringCellValue()).isEqualTo(activities.get(i).get(0));
        assertThat(row.getCell(5).getStringCellValue()).isEqualTo(activities.get(i).get(3));
        assertThat(row.getCell(7).getStringCellValue()).isEqualTo(activities.get(i).get(1));
        assertThat(row.getCell(10).getNumericCellValue())
            .isEqualTo(Double.parseDouble(activities.get(i).get(2)));
        assertThat(row.getCell(17).getStringCellValue()).isEqualTo("wc01@example.org");
        assertThat(row.getCell(18).getStringCellValue()).isEqualTo("已通过");
      }
    }

    // with the plans under review: sc01 (待审核) and sc02 (退回修改) too, none of the decliner
    HttpResponse<byte[]> all =
        get("/api/campaigns/" + CODE + "/exports/plans.csv?scope=all", "hq01");
    assertThat(all.statusCode()).isEqualTo(200);
    String csv = text(all);
    assertThat(csv).startsWith("\ufeff" + String.join(",", expectedHeaders) + "\r\n");
    List<String> lines = csv.lines().skip(1).toList();
    assertThat(lines).hasSize(3 * activities.size());
    assertThat(lines)
        .filteredOn(l -> l.contains(",岩体结构专业委员会,"))
        .hasSize(activities.size())
        .allMatch(l -> l.endsWith(",待审核"));
    assertThat(lines).filteredOn(l -> l.contains(",地下工程专业委员会,")).allMatch(l -> l.endsWith(",退回修改"));
    assertThat(csv).doesNotContain("科普工作委员会");
    assertThat(lines.get(0)).contains("," + activities.get(0).get(0) + ",");

    // the summary table is there, empty until summaries are approved
    HttpResponse<byte[]> summaries =
        get("/api/campaigns/" + CODE + "/exports/summaries.csv", "hq01");
    assertThat(text(summaries).lines().toList())
        .hasSize(1)
        .first()
        .asString()
        .contains("参加人数", "媒体报道链接");

    assertThat(get("/api/campaigns/" + CODE + "/exports/budget.xlsx", "hq01").statusCode())
        .isEqualTo(400);
    assertThat(get("/api/campaigns/" + CODE + "/exports/plans.pdf", "hq01").statusCode())
        .isEqualTo(400);
    assertThat(get("/api/campaigns/" + CODE + "/exports/plans.csv?scope=some", "hq01").statusCode())
        .isEqualTo(400);
  }

  private static List<String> cells(Row row) {
    List<String> values = new ArrayList<>();
    row.forEach(c -> values.add(c.getStringCellValue()));
    return values;
  }

  @Test
  void unitUsersGet403OnTheBoardAndTheExports() throws Exception {
    boardScenario(CODE);
    assertThat(get("/board", "wc01").statusCode()).isEqualTo(403);
    assertThat(text(get("/board", "wc01"))).contains("无权访问活动看板");
    assertThat(get("/api/campaigns/" + CODE + "/board", "wc01").statusCode()).isEqualTo(403);
    assertThat(get("/api/campaigns/" + CODE + "/exports/plans.xlsx", "wc01").statusCode())
        .isEqualTo(403);
    // the leaders read the exports their report approval links to (README "Who sees what")
    assertThat(get("/api/campaigns/" + CODE + "/exports/plans.csv", "leader01").statusCode())
        .isEqualTo(200);
    // not logged in: the page sends to the login, the data and exports answer 401
    HttpResponse<byte[]> anonymous = get("/board", null);
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location").orElseThrow())
        .endsWith("/camunda/app/welcome/default/");
    assertThat(get("/api/campaigns/" + CODE + "/exports/plans.xlsx", null).statusCode())
        .isEqualTo(401);
    // HQ and admin get the page
    assertThat(text(get("/board", "hq01"))).contains("<title>活动看板");
    assertThat(get("/board", "admin").statusCode()).isEqualTo(200);
  }
}
