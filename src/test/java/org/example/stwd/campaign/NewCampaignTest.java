package org.example.stwd.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.ProcessTestSupport;
import org.example.stwd.security.DatabaseSnapshot;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Next year's campaign from this year's, and the start form's proposals from a pasted notice,
 * through HQ's API: the previous campaign's forwarding values with the year moved on, the start
 * through the start form's rules, the forwarding draft prefilled; refusals change nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NewCampaignTest extends ProcessTestSupport {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> as(String user, String method, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":test").getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void nextYearsCampaignStartsFromTheNoticeTextWithTheForwardingDraftPrefilled() throws Exception {
    campaignFor("NY-2023", "wc01 wc02");
    JsonNode next = ok(as("hq01", "GET", "/api/campaigns/NY-2023/next-year", null));
    assertThat(next.path("start").path("campaignCode").asText()).isEqualTo("NY-2024");
    assertThat(next.path("start").path("campaignYear").asInt()).isEqualTo(2024);
    assertThat(next.path("forwarding").path("forwardingTitle").asText())
        .contains("2024年")
        .doesNotContain("2023");
    assertThat(next.path("forwarding").path("forwardingDocNumber").asText()).contains("〔2024〕");
    assertThat(next.path("forwarding").path("planDeadline").asText()).isEqualTo("2024-05-15");
    assertThat(next.path("forwarding").path("reminderLeadDays").asInt()).isEqualTo(3);
    assertThat(next.path("forwarding").path("targetUnitCodes").asText()).isEqualTo("wc01 wc02");

    // the notice pasted: its proposals, each with where it came from
    String text = NoticeProposalsTest.notice("2023-forwarding-with-cast-notice.txt");
    JsonNode proposals =
        ok(as(
                "hq01",
                "POST",
                "/api/notice-proposals",
                JSON.writeValueAsString(Map.of("text", text))))
            .path("proposals");
    assertThat(proposals.path("noticeDocNumbers").path("value").asText())
        .isEqualTo("科协发宣字〔2023〕13号");
    assertThat(proposals.path("noticeDocNumbers").path("excerpt").asText()).contains("13号");

    // HQ checks, edits (the year of this test's campaign) and starts
    ObjectNode variables = JSON.createObjectNode();
    variables.put("campaignCode", "NY-2024");
    variables.put("campaignYear", 2024);
    variables.put("campaignTheme", proposals.path("campaignTheme").path("value").asText());
    variables.put("noticeTitle", "中国科协 科技部关于开展2024年“全国科技工作者日”活动的通知");
    variables.put("noticeDocNumbers", "科协发宣字〔2024〕9号");
    variables.put("noticeIssuers", proposals.path("noticeIssuers").path("value").asText());
    variables.put("noticeIssueDate", "2024-04-20");
    variables.put("activityWindowStart", "2024-05-01");
    variables.put("activityWindowEnd", "2024-06-10");
    variables.put("upwardDeadline", "2024-06-30");
    variables.put("activityCategories", next.path("start").path("activityCategories").asText());
    variables.put("noticeText", "2024年活动通知正文。");
    ObjectNode body = JSON.createObjectNode();
    body.put("previousCampaignCode", "NY-2023");
    body.set("variables", variables);

    // refusals first: a field the form does not have, a unit contact; nothing changes
    Map<String, List<String>> before = DatabaseSnapshot.take(jdbc);
    ObjectNode extra = body.deepCopy();
    ((ObjectNode) extra.path("variables")).put("unitCode", "wc01");
    HttpResponse<String> refused = as("hq01", "POST", "/api/campaigns", extra.toString());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("unitCode");
    assertThat(as("wc01", "POST", "/api/campaigns", body.toString()).statusCode()).isEqualTo(403);
    assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).isEmpty();

    JsonNode started = ok(as("hq01", "POST", "/api/campaigns", body.toString()));
    assertThat(started.path("code").asText()).isEqualTo("NY-2024");
    assertThat(started.path("taskUrl").asText()).contains("/camunda/app/tasklist/");
    Task draft =
        taskService
            .createTaskQuery()
            .processInstanceBusinessKey("NY-2024")
            .taskDefinitionKey("Task_DraftForwarding")
            .singleResult();
    assertThat(draft).isNotNull();
    assertThat((String) taskService.getVariable(draft.getId(), "forwardingTitle"))
        .contains("2024年");
    assertThat(taskService.getVariable(draft.getId(), "targetUnitCodes")).isEqualTo("wc01 wc02");
    assertThat(taskService.getVariable(draft.getId(), "graceDays")).isNotNull();

    // the same code again: refused with a message, nothing changed
    before = DatabaseSnapshot.take(jdbc);
    HttpResponse<String> duplicate = as("hq01", "POST", "/api/campaigns", body.toString());
    assertThat(duplicate.statusCode()).isBetween(400, 409);
    assertThat(duplicate.body()).containsPattern("[\\u4e00-\\u9fff]").doesNotContain("Exception");
    assertThat(DatabaseSnapshot.changes(before, DatabaseSnapshot.take(jdbc))).isEmpty();
  }
}
