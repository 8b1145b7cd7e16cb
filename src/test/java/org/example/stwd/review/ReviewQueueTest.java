package org.example.stwd.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.BasicAuthClient;
import org.example.stwd.ProcessTestSupport;
import org.example.stwd.core.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * HQ's review queue through its API (the page is ReviewQueueBrowserTest): oldest first, review due
 * dates in the queue, in Tasklist's 已逾期 filter and in the digest with the engine clock moved; bad
 * input, every role and every race a reviewer can lose answered in Chinese with nothing changed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReviewQueueTest extends ProcessTestSupport {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired FilterService filters;
  @Autowired IdentityService identityService;

  @AfterEach
  void signOut() {
    identityService.clearAuthentication();
  }

  HttpResponse<String> call(String user, String method, String path, Object body) throws Exception {
    return new BasicAuthClient(port).call(user, method, path, body);
  }

  JsonNode ok(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  String reviewTask(String code, String unit) {
    Task task = unitTask(code, unit, Phase.PLAN, "Task_ReviewPlan");
    return task == null ? null : task.getId();
  }

  /** What a decision changes: open review tasks, statuses, submissions, mails, assignees. */
  String snapshot(String code) {
    return taskService.createTaskQuery().processInstanceBusinessKeyLike(code + ":%").list().stream()
            .map(t -> t.getTaskDefinitionKey() + "/" + t.getAssignee())
            .sorted()
            .toList()
        + " "
        + jdbc.queryForList(
            "SELECT unit_code, plan_status, plan_returns FROM stwd_campaign_unit"
                + " WHERE campaign_code = ? ORDER BY unit_code",
            code)
        + " "
        + jdbc.queryForList(
            "SELECT unit_code, seq, status, review_comment, reviewed_by FROM stwd_submission"
                + " WHERE campaign_code = ? ORDER BY unit_code, seq",
            code)
        + " "
        + jdbc.queryForObject(
            "SELECT COUNT(*) FROM stwd_mail_log WHERE campaign_code = ? AND kind LIKE 'PLAN_%'",
            Integer.class, code);
  }

  @Test
  void oldestFirstWithReviewDueDatesInTheQueueTasklistAndTheDigest() throws Exception {
    String code = "RQ-DUE";
    campaignFor(code, "wc01 wc02 sc01");
    clock("2023-05-07T10:00");
    submit(unitTask(code, "sc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    clock("2023-05-08T10:00");
    submit(unitTask(code, "wc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
    clock("2023-05-09T11:00");
    submit(unitTask(code, "wc02", Phase.PLAN, "Task_SubmitPlan"), plan2023());

    // due stwd.review-time (3 days) after the submission
    assertThat(
            taskService
                .createTaskQuery()
                .taskId(reviewTask(code, "sc01"))
                .singleResult()
                .getDueDate())
        .isEqualTo(date("2023-05-10T10:00"));
    JsonNode queue =
        ok(call("hq01", "GET", "/api/campaigns/" + code + "/reviews?phase=PLAN", null));
    assertThat(queue.get("total").asInt()).isEqualTo(3);
    assertThat(queue.get("overdue").asInt()).isZero();
    assertThat(queue.get("items").findValuesAsText("unitCode"))
        .containsExactly("sc01", "wc01", "wc02");
    assertThat(queue.get("items").get(0).get("waitingSince").asText())
        .startsWith("2023-05-07T10:00");
    JsonNode page2 =
        ok(call("hq01", "GET", "/api/campaigns/" + code + "/reviews?offset=2&limit=2", null));
    assertThat(page2.get("items").findValuesAsText("unitCode")).containsExactly("wc02");

    // 12 May 09:00: sc01's review (due 10 May) and wc01's (due 11 May) are late, wc02's is not
    clock("2023-05-12T09:00");
    runJobs();
    queue = ok(call("hq01", "GET", "/api/campaigns/" + code + "/reviews", null));
    assertThat(queue.get("overdue").asInt()).isEqualTo(2);
    assertThat(queue.get("items").findValuesAsText("overdue"))
        .containsExactly("true", "true", "false");

    Filter overdue = filters.createTaskFilterQuery().filterName("已逾期").singleResult();
    identityService.setAuthentication("hq01", List.of("hq-office"));
    List<String> listed =
        filters.list(overdue.getId()).stream().map(t -> ((Task) t).getId()).toList();
    identityService.clearAuthentication();
    assertThat(listed)
        .contains(reviewTask(code, "sc01"), reviewTask(code, "wc01"))
        .doesNotContain(reviewTask(code, "wc02"));

    String digest =
        textOf(
            mailsTo("hq01@example.org", "【催办汇总】活动方案").stream()
                .filter(m -> textOf(m).contains(code))
                .reduce((a, b) -> b)
                .orElseThrow());
    String sc01 = campaignUnits.find(code, "sc01").orElseThrow().unitName();
    String wc01 = campaignUnits.find(code, "wc01").orElseThrow().unitName();
    String wc02 = campaignUnits.find(code, "wc02").orElseThrow().unitName();
    assertThat(digest)
        .contains(
            "审核已逾期（2 家单位等待审核超过规定时间）",
            "- " + sc01 + "：5月7日 10:00 提交，审核逾期 1 天，未认领",
            "- " + wc01 + "：5月8日 10:00 提交，审核逾期 1 天，未认领",
            "/review?campaign=" + code + "&phase=PLAN");
    assertThat(digest.substring(digest.indexOf("审核已逾期"))).doesNotContain(wc02);
  }

  @Test
  void badInputRolesAndLostRacesAreAnsweredInChineseAndChangeNothing() throws Exception {
    String code = "RQ-RACE";
    campaignFor(code, "wc01 wc02 sc01");
    clock("2023-05-08T10:00");
    for (String unit : List.of("wc01", "wc02", "sc01")) {
      submit(unitTask(code, unit, Phase.PLAN, "Task_SubmitPlan"), plan2023());
    }
    runJobs();
    String sc01 = reviewTask(code, "sc01");
    String wc01 = reviewTask(code, "wc01");
    String wc02 = reviewTask(code, "wc02");
    String before = snapshot(code);
    String decide = "/api/campaigns/" + code + "/reviews/" + sc01;

    // bad input
    Map<String, Object> extra = Map.of("decision", "APPROVE", "planDecision", "APPROVE");
    Map<Object, String> refused = new java.util.LinkedHashMap<>();
    refused.put(extra, "审核只接受 decision");
    refused.put(Map.of("decision", "MAYBE"), "审核结果只能是 APPROVE");
    refused.put(Map.of("decision", "RETURN"), "退回修改时必须写明");
    refused.put(Map.of("decision", "RETURN", "comment", "改".repeat(1001)), "不能超过 1000 字");
    refused.put(Map.of("comment", "好"), "请选择“通过”或“退回修改”");
    refused.put("[1,2]", "请求内容不是有效的 JSON，或字段类型不对");
    for (Map.Entry<Object, String> bad : refused.entrySet()) {
      HttpResponse<String> r = call("hq01", "POST", decide, bad.getKey());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).contains(bad.getValue());
    }
    HttpResponse<String> unknown =
        call(
            "hq01",
            "POST",
            "/api/campaigns/" + code + "/reviews/no-such-task",
            Map.of("decision", "APPROVE"));
    assertThat(unknown.statusCode()).isEqualTo(409);
    assertThat(unknown.body()).contains("已办理完毕").doesNotContain("Exception");
    HttpResponse<String> otherCampaign =
        call("hq01", "POST", "/api/campaigns/OTHER/reviews/" + sc01, Map.of("decision", "APPROVE"));
    assertThat(otherCampaign.statusCode()).isEqualTo(404);
    HttpResponse<String> number =
        call("hq01", "POST", decide, Map.of("decision", "APPROVE", "comment", 5));
    assertThat(number.statusCode()).isEqualTo(400);
    assertThat(number.body()).contains("审核意见应为文字");
    assertThat(snapshot(code)).isEqualTo(before);

    // roles: anonymous, a unit contact, a leader (reads, does not decide)
    assertThat(call(null, "GET", "/api/campaigns/" + code + "/reviews", null).statusCode())
        .isEqualTo(401);
    assertThat(call(null, "POST", decide, Map.of("decision", "APPROVE")).statusCode())
        .isEqualTo(401);
    assertThat(call("sc01", "GET", "/api/campaigns/" + code + "/reviews", null).statusCode())
        .isEqualTo(403);
    assertThat(call("sc01", "POST", decide, Map.of("decision", "APPROVE")).statusCode())
        .isEqualTo(403);
    assertThat(call("leader01", "GET", "/api/campaigns/" + code + "/reviews", null).statusCode())
        .isEqualTo(200);
    HttpResponse<String> leader = call("leader01", "POST", decide, Map.of("decision", "APPROVE"));
    assertThat(leader.statusCode()).isEqualTo(403);
    assertThat(leader.body()).contains("学会领导可以查看");
    assertThat(call("leader01", "GET", "/review", null).statusCode()).isEqualTo(403);
    assertThat(call("hq01", "GET", "/review", null).statusCode()).isEqualTo(200);

    // a colleague claimed wc01's review: it stays theirs
    taskService.claim(wc01, "hq02");
    before = snapshot(code);
    HttpResponse<String> claimed =
        call(
            "hq01",
            "POST",
            "/api/campaigns/" + code + "/reviews/" + wc01,
            Map.of("decision", "APPROVE"));
    assertThat(claimed.statusCode()).isEqualTo(409);
    assertThat(claimed.body()).contains("已由 hq02 认领");
    assertThat(snapshot(code)).isEqualTo(before);

    // approve selected: sc01 goes through, wc01 (claimed by hq02) is reported, a duplicate is one
    JsonNode batch =
        ok(
            call(
                "hq01",
                "POST",
                "/api/campaigns/" + code + "/reviews/approve",
                Map.of("taskIds", List.of(sc01, wc01, sc01))));
    assertThat(batch.get("approved").asInt()).isEqualTo(1);
    assertThat(batch.get("notApproved").asInt()).isEqualTo(1);
    assertThat(batch.get("outcomes").get(1).get("status").asInt()).isEqualTo(409);
    assertThat(campaignUnits.status(code, "sc01", Phase.PLAN).name()).isEqualTo("APPROVED");
    assertThat(
            jdbc.queryForObject(
                "SELECT reviewed_by FROM stwd_submission WHERE campaign_code = ? AND unit_code = 'sc01'",
                String.class,
                code))
        .isEqualTo("hq01");
    // sc01 again: already done
    before = snapshot(code);
    HttpResponse<String> again =
        call("hq01", "POST", decide, Map.of("decision", "RETURN", "comment", "再改"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("已办理完毕");
    assertThat(snapshot(code)).isEqualTo(before);
    assertThat(
            call(
                    "hq01",
                    "POST",
                    "/api/campaigns/" + code + "/reviews/approve",
                    Map.of("taskIds", List.of()))
                .statusCode())
        .isEqualTo(400);

    // hq01 and hq02 decide wc02 at the same moment: one decision, the other told
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    for (String user : List.of("hq01", "hq02")) {
      Callable<HttpResponse<String>> race =
          () -> {
            start.await();
            return call(
                user,
                "POST",
                "/api/campaigns/" + code + "/reviews/" + wc02,
                Map.of("decision", "RETURN", "comment", user + " 的意见：请补充活动预算"));
          };
      answers.add(pool.submit(race));
    }
    start.countDown();
    List<Integer> statuses = new ArrayList<>();
    for (Future<HttpResponse<String>> a : answers) {
      HttpResponse<String> r = a.get();
      statuses.add(r.statusCode());
      if (r.statusCode() != 200) {
        assertThat(r.body()).containsPattern("[\\u4e00-\\u9fff]").doesNotContain("Exception");
      }
    }
    pool.shutdown();
    assertThat(statuses).containsExactlyInAnyOrder(200, 409);
    assertThat(campaignUnits.find(code, "wc02").orElseThrow().planStatus().name())
        .isEqualTo("RETURNED");
    assertThat(
            jdbc.queryForObject(
                "SELECT plan_returns FROM stwd_campaign_unit WHERE campaign_code = ? AND unit_code = 'wc02'",
                Integer.class,
                code))
        .isEqualTo(1);
    runJobs();
    assertThat(mailsTo("wc02@example.org", "【退回修改】")).hasSize(1);
    assertThat(mailsTo("sc01@example.org", "【审核通过】")).hasSize(1);
  }

  @Test
  void summariesAreReviewedThroughTheSameQueue() throws Exception {
    String code = "RQ-SUM";
    summariesOpenFor(code, "wc01");
    submit(unitTask(code, "wc01", Phase.SUMMARY, "Task_SubmitSummary"), summary(60));
    String path = "/api/campaigns/" + code + "/reviews";
    JsonNode queue = ok(call("hq01", "GET", path + "?phase=SUMMARY", null));
    assertThat(queue.get("total").asInt()).isEqualTo(1);
    assertThat(queue.get("phaseLabel").asText()).isEqualTo("活动总结");
    String task = queue.get("items").get(0).get("taskId").asText();
    JsonNode detail = ok(call("hq01", "GET", path + "/" + task, null));
    assertThat(detail.get("phase").asText()).isEqualTo("SUMMARY");
    assertThat(detail.at("/current/data/summaryText").asText()).contains("点亮精神火炬");
    assertThat(detail.get("schema").get("id").asText()).isEqualTo("submit-summary");
    assertThat(detail.get("previous").isNull()).isTrue();
    ok(call("hq01", "POST", path + "/" + task, Map.of("decision", "RETURN", "comment", "请补充照片链接")));
    assertThat(campaignUnits.status(code, "wc01", Phase.SUMMARY).name()).isEqualTo("RETURNED");

    submit(unitTask(code, "wc01", Phase.SUMMARY, "Task_SubmitSummary"), summary(65));
    task = ok(call("hq01", "GET", path + "?phase=SUMMARY", null)).at("/items/0/taskId").asText();
    detail = ok(call("hq01", "GET", path + "/" + task, null));
    assertThat(detail.at("/previous/reviewComment").asText()).isEqualTo("请补充照片链接");
    assertThat(detail.at("/current/seq").asInt()).isEqualTo(2);
    JsonNode batch = ok(call("hq01", "POST", path + "/approve", Map.of("taskIds", List.of(task))));
    assertThat(batch.get("approved").asInt()).isEqualTo(1);
    assertThat(campaignUnits.status(code, "wc01", Phase.SUMMARY).name()).isEqualTo("APPROVED");

    // requests Spring cannot read are bad input too, not faults
    HttpResponse<String> notANumber = call("hq01", "GET", path + "?offset=abc", null);
    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(notANumber.body()).contains("参数 offset 的值“abc”无效");
    assertThat(call("hq01", "POST", path + "/" + task, null).statusCode()).isEqualTo(400);
    assertThat(call("hq01", "GET", path + "?phase=REPORT", null).body()).contains("phase 只能是");
  }
}
