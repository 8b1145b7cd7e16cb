package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.core.Phase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The leaders approve the upward report, whose form links to the statistics tables and the board:
 * every link in it opens for a leader (README "Who sees what": the leaders read the board, exports,
 * files and unit timelines), and what only HQ may do stays refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LeaderAccessTest extends ProcessTestSupport {

  static final String CODE = "LEAD-2023";
  static final Pattern URL = Pattern.compile("https?://[^\\s)\\]]+");

  @LocalServerPort int port;

  HttpResponse<String> get(String user, String url) throws Exception {
    return new BasicAuthClient(port).get(user, url);
  }

  HttpResponse<String> post(String user, String path, String json) throws Exception {
    return new BasicAuthClient(port).call(user, "POST", path, json);
  }

  @Test
  void aLeaderOpensEveryLinkOfTheReportApproval() throws Exception {
    ProcessInstance campaign = summariesOpenFor(CODE, "wc01");
    submit(unitTask(CODE, "wc01", Phase.SUMMARY, "Task_SubmitSummary"), summary(60));
    submit(unitTask(CODE, "wc01", Phase.SUMMARY, "Task_ReviewSummary"), approve("summaryDecision"));
    runJobs();
    submit(
        task(campaign.getId(), "Task_CompileReport"),
        vars(
            "reportTitle",
            "示例科学技术学会2023年全国科技工作者日活动总结",
            "reportText",
            "学会组织各单位开展系列活动……",
            "reportAttachmentLinks",
            "活动总结统计表（CSV）：http://localhost:8080/api/campaigns/"
                + CODE
                + "/exports/summaries.csv\n"
                + "青年工作委员会的办理经过：http://localhost:8080/timeline?campaign="
                + CODE
                + "&unit=wc01"));
    Task approval = task(campaign.getId(), "Task_ApproveReport");
    assertThat(approval).isNotNull();

    // every link the leaders' form shows (its texts, as the form renders them)
    List<String> links = new ArrayList<>();
    for (String variable : List.of("reportTotalsText", "reportAttachmentLinks", "reportText")) {
      Object text = taskService.getVariable(approval.getId(), variable);
      Matcher m = URL.matcher(text == null ? "" : text.toString());
      while (m.find()) {
        links.add(m.group().replace("http://localhost:8080", "http://localhost:" + port));
      }
    }
    assertThat(links)
        .anyMatch(l -> l.endsWith("/exports/plans.xlsx"))
        .anyMatch(l -> l.endsWith("/exports/summaries.xlsx"))
        .anyMatch(l -> l.contains("/board?campaign="))
        .hasSizeGreaterThanOrEqualTo(5);
    for (String link : links) {
      HttpResponse<String> r = get("leader01", link);
      assertThat(r.statusCode()).as(link + " → " + r.body()).isEqualTo(200);
    }
    // what the board page reads, and its timeline pages' data
    for (String path :
        List.of(
            "/api/campaigns",
            "/api/campaigns/" + CODE + "/board",
            "/api/campaigns/" + CODE + "/documents",
            "/api/campaigns/" + CODE + "/units/wc01/timeline")) {
      assertThat(get("leader01", "http://localhost:" + port + path).statusCode())
          .as(path)
          .isEqualTo(200);
    }
    assertThat(get("leader01", "http://localhost:" + port + "/board?campaign=" + CODE).body())
        .contains("<meta name=\"stwd-can-change\" content=\"false\">");
    assertThat(get("hq01", "http://localhost:" + port + "/board?campaign=" + CODE).body())
        .contains("<meta name=\"stwd-can-change\" content=\"true\">");

    // HQ's own work stays HQ's: urging, the mail log, the directory, the review queue page
    int urges = jdbc.queryForObject("SELECT COUNT(*) FROM stwd_urge", Integer.class);
    HttpResponse<String> urge =
        post(
            "leader01",
            "/api/campaigns/" + CODE + "/urges",
            "{\"phase\":\"SUMMARY\",\"units\":[]}");
    assertThat(urge.statusCode()).isEqualTo(403);
    assertThat(urge.body()).contains("只有组织宣传部和系统管理员可以执行");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_urge", Integer.class))
        .isEqualTo(urges);
    for (String path : List.of("/api/mail-log", "/api/directory", "/directory", "/review")) {
      assertThat(get("leader01", "http://localhost:" + port + path).statusCode())
          .as(path)
          .isEqualTo(403);
    }
    // a unit contact reads none of it
    for (String link : links) {
      assertThat(get("wc01", link).statusCode()).as(link).isIn(302, 403);
    }
  }
}
