package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.example.stwd.board.StatisticsTables;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.example.stwd.security.DatabaseSnapshot;
import org.example.stwd.support.JsonValues;
import org.example.stwd.validation.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Input that got through or crashed before: each is refused with a Chinese message that names the
 * field, as a 4xx, and changes nothing; a refusal is one WARN line in the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class InputHardeningTest extends ProcessTestSupport {

  static final String CODE = "HARD-2023";

  @LocalServerPort int port;
  @Autowired StatisticsTables statisticsTables;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String user, String path, String contentType, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", contentType)
            .header("Authorization", PackagedApp.basic(user, "test"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private ProcessInstance campaignForWc01() {
    return campaignFor(CODE, "wc01");
  }

  private static void assertRefusal(HttpResponse<String> response, int status, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body())
        .contains(message)
        .doesNotContain("ENGINE-", "Exception:", "Cannot ", "is null", "Apache Tomcat");
  }

  @Test
  void datesAreStrictAndActivitiesLieInTheActivityWindow() {
    clock("2023-05-06T10:00");
    ProcessInstance campaign =
        startCampaign(with(payload("2023/01-register-notice.json"), "campaignCode", CODE));
    Task draft = task(campaign.getId(), "Task_DraftForwarding");
    for (String date :
        List.of("2023-05-15XYZ", "2023-05-15T00:00", " 2023-5-15", "15.05.2023", "2023-02-29")) {
      assertThatThrownBy(
              () ->
                  submit(
                      draft, with(payload("2023/02-draft-forwarding.json"), "planDeadline", date)))
          .as(date)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("「方案报送截止日期」不是有效日期");
    }
    submit(
        draft,
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            "wc01"));
    submit(task(campaign.getId(), "Task_ApproveForwarding"), vars("forwardingDecision", "APPROVE"));
    runJobs();
    Task plan = unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan");
    String farAway =
        "[{\"activityName\":\"座谈会\",\"activityCategory\":\"“点亮精神火炬”主题活动\",\"startDate\":\"1923-05-26\",\"endDate\":\"2123-05-26\","
            + "\"place\":\"会堂\",\"mode\":\"OFFLINE\",\"audience\":\"会员\",\"expectedParticipants\":10,\"description\":\"交流\"}]";
    assertThatThrownBy(
            () ->
                submit(
                    plan, with(plan2023(), "activities", SpinValues.jsonValue(farAway).create())))
        .hasMessageContaining("「开始日期」1923-05-26 不在通知规定的活动期间（2023-05-01 至 2023-06-10）内")
        .hasMessageContaining("「结束日期」2123-05-26 不在通知规定的活动期间");
    assertThat(campaignUnits.status(CODE, "wc01", Phase.PLAN)).isEqualTo(UnitStatus.PENDING);
  }

  @Test
  void controlCharactersAreRefusedAndLineBreaksOnlyInTextAreas() {
    for (String bad :
        List.of("标题\u0000", "标题\u001b[31m", "标题\u0007", "标题\u007f", "第一行\r\n第二行", "标题\u0085")) {
      assertThatThrownBy(
              () ->
                  startCampaign(
                      with(
                          payload("2023/01-register-notice.json"),
                          "noticeTitle",
                          bad,
                          "campaignTheme",
                          bad)))
          .as(bad)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("「通知标题」")
          .hasMessageContaining("「活动主题」");
    }
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_campaign", Integer.class)).isZero();
    assertThatThrownBy(
            () ->
                startCampaign(
                    with(payload("2023/01-register-notice.json"), "noticeText", "正文\u0000")))
        .hasMessageContaining("「通知正文」含有不允许的控制字符");
    // a text area keeps its lines and tabs
    ProcessInstance started =
        startCampaign(with(payload("2023/01-register-notice.json"), "noticeText", "第一段\r\n\t第二段"));
    assertThat(runtime.getVariable(started.getId(), "noticeText")).isEqualTo("第一段\r\n\t第二段");
    Task draft = task(started.getId(), "Task_DraftForwarding");
    clock("2023-05-06T10:00");
    String activityName = "[{\"activityName\":\"座谈会\\u0000\"}]";
    submit(
        draft,
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            "wc01"));
    submit(task(started.getId(), "Task_ApproveForwarding"), vars("forwardingDecision", "APPROVE"));
    runJobs();
    assertThatThrownBy(
            () ->
                submit(
                    unitTask("STWD-2023", "wc01", Phase.PLAN, "Task_SubmitPlan"),
                    with(plan2023(), "activities", SpinValues.jsonValue(activityName).create())))
        .hasMessageContaining("第 1 项活动：「活动名称」含有不允许的控制字符");
  }

  @Test
  void malformedRequestsAreFourHundredsInChinese(CapturedOutput log) throws Exception {
    campaignForWc01();
    Task plan = unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan");
    String submit = "/engine-rest/task/" + plan.getId() + "/submit-form";
    Map<String, List<String>> before = DatabaseSnapshot.take(jdbc);
    // a Json variable that is not JSON
    assertRefusal(
        post(
            "admin",
            submit,
            "application/json",
            "{\"variables\": {\"holdsActivities\": {\"value\": \"YES\"}, \"activities\": {\"type\": \"Json\", \"value\": \"[{not json\"}}}"),
        400,
        "「活动清单」不是有效的 JSON");
    // a body that is not JSON, a JSON array, plain text
    assertRefusal(
        post("admin", submit, "application/json", "{\"variables\": "), 400, "请求内容不是有效的 JSON");
    assertRefusal(post("admin", submit, "application/json", "[1, 2]"), 400, "请求内容的结构不正确");
    assertRefusal(post("admin", submit, "text/plain", "holdsActivities=NO"), 415, "请以 JSON 格式提交");
    assertRefusal(
        post("hq01", "/api/campaigns/" + CODE + "/urges", "application/json", "{\"units\": "),
        400,
        "请求内容不是有效的 JSON");
    assertRefusal(
        post("hq01", "/api/campaigns/" + CODE + "/urges", "text/plain", "wc01"),
        415,
        "请以 JSON 格式提交");
    // a Json variable of the draft that is not JSON
    assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).isEmpty();

    // a task already done (a race lost to whoever completed it): a 409 that says so (issue 20)
    assertThat(
            post(
                    "admin",
                    submit,
                    "application/json",
                    "{\"variables\": {\"holdsActivities\": {\"value\": \"NO\"}, \"responsiblePerson\": {\"value\": \"测试人\"},"
                        + " \"responsiblePhone\": {\"value\": \"010-5550-0000\"}, \"responsibleEmail\": {\"value\": \"wc01@example.org\"}}}")
                .statusCode())
        .isEqualTo(204);
    HttpResponse<String> again =
        post(
            "admin",
            submit,
            "application/json",
            "{\"variables\": {\"holdsActivities\": {\"value\": \"NO\"}}}");
    assertRefusal(again, 409, "该任务已由他人办理完毕，您的操作未执行");
    // a path Tomcat refuses before any servlet
    HttpResponse<String> encoded =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/engine-rest/..%2Fcamunda%2Fapp"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(encoded.statusCode()).isEqualTo(400);
    assertThat(encoded.body()).contains("请求无效").doesNotContain("Tomcat", "Status");

    // each refusal is one line in the log, with no stack trace
    assertThat(log.getOut())
        .contains("Refused SubmitTaskFormCmd: InvalidInputException: 输入有误：「活动清单」不是有效的 JSON");
    assertThat(log.getOut())
        .doesNotContain("ENGINE-16004")
        .doesNotContain("\tat org.camunda.bpm.engine.impl.interceptor.CommandContext");
  }

  @Test
  void exportsNeutraliseFormulasAndPagesShowUserTextAsText() throws Exception {
    campaignForWc01();
    String activities =
        "[{\"activityName\":\"=HYPERLINK(\\\"http://example.org\\\",\\\"点我\\\")\",\"activityCategory\":\"“点亮精神火炬”主题活动\","
            + "\"startDate\":\"2023-05-26\",\"endDate\":\"2023-05-26\",\"place\":\"+cmd|' /C calc'!A0\",\"mode\":\"OFFLINE\",\"audience\":\"@SUM(1+1)\","
            + "\"expectedParticipants\":10,\"description\":\"-2+3 <script>alert(1)</script>\"}]";
    submit(
        unitTask(CODE, "wc01", Phase.PLAN, "Task_SubmitPlan"),
        with(plan2023(), "activities", SpinValues.jsonValue(activities).create()));
    Task review = unitTask(CODE, "wc01", Phase.PLAN, "Task_ReviewPlan");
    assertThat((String) taskService.getVariable(review.getId(), "planText"))
        .contains("\\<script\\>")
        .doesNotContain("<script>");
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    statisticsTables.writeCsv(
        statisticsTables.table(StatisticsTables.Kind.PLANS, CODE, "测试", true), csv);
    String text = csv.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("\"'=HYPERLINK(", "'+cmd|", "'@SUM(1+1)", "'-2+3")
        .doesNotContain(",=HYPERLINK", ",+cmd", ",@SUM", ",-2+3");
  }

  @Test
  void aNominationShowsNamesAndReasonsAsText() {
    clock("2023-05-06T10:00");
    ProcessInstance campaign =
        startCampaign(with(payload("2023/01-register-notice.json"), "campaignCode", CODE));
    runtime
        .createProcessInstanceModification(campaign.getId())
        .startBeforeActivity("Task_NominateCommendation")
        .setVariable(
            "participatingUnitOptions",
            JsonValues.options(List.of(JsonValues.option("<b>青年工作委员会</b>", "wc01"))))
        .setVariable(
            "commendableActivityOptions",
            JsonValues.options(List.of(JsonValues.option("<script>alert(1)</script>座谈会", "1"))))
        .execute();
    submit(
        task(campaign.getId(), "Task_NominateCommendation"),
        vars(
            "nominatedUnitCodes",
            List.of("wc01"),
            "nominatedActivityIds",
            List.of("1"),
            "nominationReason",
            "组织有力 <img src=x onerror=alert(1)>"));
    String text = (String) runtime.getVariable(campaign.getId(), "nominationText");
    assertThat(text)
        .contains(
            "\\<script\\>alert(1)\\</script\\>座谈会",
            "\\<b\\>青年工作委员会",
            "\\<img src=x onerror=alert(1)\\>")
        .doesNotContainPattern("(?<!\\\\)<");
  }
}
