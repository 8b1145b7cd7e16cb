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

/** The REST contract as a client uses it: the example payloads, and 400 for bad input on every endpoint. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RestApiTest extends ProcessTestSupport {

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest" + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String example(String path) throws Exception {
    return Files.readString(Path.of("docs/examples", path));
  }

  @Test
  void badStartIsA400WithTheProblemsOnEveryStartEndpoint() throws Exception {
    String bad = example("2023/01-register-notice.json").replace("\"2023-06-30\"", "\"2023-05-01\"");
    for (String endpoint : new String[] {"submit-form", "start"}) {
      HttpResponse<String> response = post("/process-definition/key/campaign/" + endpoint, bad);
      assertThat(response.statusCode()).as(endpoint).isEqualTo(400);
      assertThat(response.body()).as(endpoint)
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
    HttpResponse<String> started = post("/process-definition/key/campaign/submit-form", example("2023/01-register-notice.json"));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    assertThat(post("/process-definition/key/campaign/submit-form", example("2023/01-register-notice.json")).body())
        .contains("活动编号「STWD-2023」已存在");

    Task draft = taskService.createTaskQuery().processInstanceBusinessKey("STWD-2023").singleResult();
    String bad = example("2023/02-draft-forwarding.json").replace("\"hq01@example.org\"", "\"hq01\"");
    for (String endpoint : new String[] {"submit-form", "complete"}) {
      HttpResponse<String> response = post("/task/" + draft.getId() + "/" + endpoint, bad);
      assertThat(response.statusCode()).as(endpoint).isEqualTo(400);
      assertThat(response.body()).contains("「电子邮箱」不是有效的电子邮箱地址");
    }
    assertThat(taskService.createTaskQuery().taskId(draft.getId()).count()).isEqualTo(1);
    assertThat(post("/task/" + draft.getId() + "/submit-form", example("2023/02-draft-forwarding.json")).statusCode()).isEqualTo(204);
    Task approval = taskService.createTaskQuery().processInstanceBusinessKey("STWD-2023").singleResult();
    assertThat(approval.getTaskDefinitionKey()).isEqualTo("Task_ApproveForwarding");
    assertThat(post("/task/" + approval.getId() + "/submit-form", example("2023/03-approve-forwarding.json")).statusCode()).isEqualTo(204);
    runJobs();
    Task plan = unitTask("STWD-2023", "wc01", org.example.stwd.unit.Phase.PLAN, "Task_SubmitPlan");
    assertThat(post("/task/" + plan.getId() + "/submit-form", example("2023/04-submit-plan.json")).statusCode()).isEqualTo(204);
    assertThat(campaignUnits.status("STWD-2023", "wc01", org.example.stwd.unit.Phase.PLAN))
        .isEqualTo(org.example.stwd.unit.UnitStatus.SUBMITTED);
  }
}
