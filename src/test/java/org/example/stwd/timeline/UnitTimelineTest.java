package org.example.stwd.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.example.stwd.BasicAuthClient;
import org.example.stwd.ProcessTestSupport;
import org.example.stwd.core.Phase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A unit's timeline after its plan went through a reminder, an urge, a return and a resubmission,
 * read once its plan process has ended: every event in order, with who did it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnitTimelineTest extends ProcessTestSupport {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;

  HttpResponse<String> call(String user, String method, String path, Object body) throws Exception {
    return new BasicAuthClient(port).call(user, method, path, body);
  }

  @org.springframework.beans.factory.annotation.Autowired
  org.camunda.bpm.engine.IdentityService identity;

  /** A completion as the unit's contact makes it (signed in). */
  void asUnit(String unit, org.camunda.bpm.engine.task.Task task) {
    identity.setAuthentication(unit, List.of("unit-" + unit, "unit-contacts"));
    try {
      submit(task, plan2023());
    } finally {
      identity.clearAuthentication();
    }
  }

  void ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void everyEventOfAUnitInOrderAfterItsProcessEnded() throws Exception {
    String code = "TL-2023";
    campaignFor(code, "sc02 wc01");
    clock("2023-05-12T09:00");
    runJobs(); // reminders
    clock("2023-05-12T10:00");
    ok(
        call(
            "hq01",
            "POST",
            "/api/campaigns/" + code + "/urges",
            Map.of("phase", "PLAN", "units", List.of("sc02"))));
    clock("2023-05-12T10:01");
    runJobs();
    clock("2023-05-13T10:00");
    asUnit("sc02", unitTask(code, "sc02", Phase.PLAN, "Task_SubmitPlan"));
    clock("2023-05-13T10:01");
    runJobs();
    clock("2023-05-13T11:00");
    String review = unitTask(code, "sc02", Phase.PLAN, "Task_ReviewPlan").getId();
    ok(
        call(
            "hq01",
            "POST",
            "/api/campaigns/" + code + "/reviews/" + review,
            Map.of("decision", "RETURN", "comment", "请补充活动预算")));
    clock("2023-05-13T11:01");
    runJobs();
    clock("2023-05-14T10:00");
    asUnit("sc02", unitTask(code, "sc02", Phase.PLAN, "Task_SubmitPlan"));
    clock("2023-05-14T10:01");
    runJobs();
    clock("2023-05-14T11:00");
    review = unitTask(code, "sc02", Phase.PLAN, "Task_ReviewPlan").getId();
    ok(
        call(
            "hq02",
            "POST",
            "/api/campaigns/" + code + "/reviews/" + review,
            Map.of("decision", "APPROVE")));
    clock("2023-05-14T11:01");
    runJobs();
    assertThat(unitInstance(code, "sc02", Phase.PLAN)).as("the plan process has ended").isNull();

    HttpResponse<String> response =
        call("leader01", "GET", "/api/campaigns/" + code + "/units/sc02/timeline", null);
    ok(response);
    JsonNode body = JSON.readTree(response.body());
    List<String> events = new ArrayList<>();
    for (JsonNode e : body.get("events")) {
      events.add(
          e.get("time").asText().substring(5, 16)
              + " "
              + e.get("title").asText()
              + (e.get("by").isNull() ? "" : " /" + e.get("by").asText()));
    }
    assertThat(events)
        .containsExactly(
            "05-06T10:00 下达活动方案报送任务",
            "05-06T10:00 邮件「转发通知」已发送",
            "05-12T09:00 邮件「方案报送提醒」已发送",
            "05-12T10:00 组织宣传部催办（第 1 次） /hq01",
            "05-12T10:01 邮件「方案催办」已发送",
            "05-13T10:00 提交活动方案 /sc02",
            "05-13T10:01 邮件「方案提交回执」已发送",
            "05-13T11:00 退回修改 /hq01",
            "05-13T11:01 邮件「方案退回修改」已发送",
            "05-14T10:00 重新提交活动方案（第 2 次） /sc02",
            "05-14T10:01 邮件「方案提交回执」已发送",
            "05-14T11:00 审核通过 /hq02",
            "05-14T11:00 活动方案报送办结",
            "05-14T11:01 邮件「方案审核通过」已发送");
    assertThat(body.get("events").get(7).get("detail").asText()).isEqualTo("请补充活动预算");
    assertThat(body.get("events").get(0).get("time").asText()).endsWith("+08:00");
    assertThat(body.at("/unit/contactPhone").asText()).isNotBlank();

    // who may read it: not a unit contact, not for a unit outside the campaign
    assertThat(
            call("sc02", "GET", "/api/campaigns/" + code + "/units/sc02/timeline", null)
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> outside =
        call("hq01", "GET", "/api/campaigns/" + code + "/units/br01/timeline", null);
    assertThat(outside.statusCode()).isEqualTo(404);
    assertThat(outside.body()).contains("不在活动");
  }
}
