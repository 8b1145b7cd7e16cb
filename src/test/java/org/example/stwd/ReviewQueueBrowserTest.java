package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.example.stwd.core.Phase;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * HQ's review queue in headless Chromium: six plans waiting; HQ reads one and returns it with a
 * comment, then approves three selected at once. The same decisions are made in a twin campaign as
 * Tasklist makes them (claim, submit the review form): the units' tasks, statuses, counters,
 * submissions, outcome mails and review history come out the same. The returned unit resubmits, and
 * the queue shows what changed against its first version; its timeline tells the story.
 */
class ReviewQueueBrowserTest extends BrowserTestSupport {

  static final String QUEUE = "RQ-UI";
  static final String TASKLIST = "RQ-TL";
  static final String UNITS = "wc01 wc02 sc01 sc02 br01 br02";
  static final ObjectMapper JSON = new ObjectMapper();

  @Autowired IdentityService identityService;

  /** Both campaigns get the same six plans at the same moments. */
  void sixPlans() {
    for (String code : List.of(QUEUE, TASKLIST)) {
      campaignFor(code, UNITS);
    }
    int minute = 0;
    for (String unit : UNITS.split(" ")) {
      clock("2023-05-08T10:" + String.format("%02d", minute += 5));
      for (String code : List.of(QUEUE, TASKLIST)) {
        submit(unitTask(code, unit, Phase.PLAN, "Task_SubmitPlan"), plan2023());
      }
    }
    clock("2023-05-09T09:30");
    runJobs();
  }

  /** A review as Tasklist makes it: hq01 claims the task and submits its form. */
  void reviewInTasklist(String unit, VariableMap form) {
    Task task = unitTask(TASKLIST, unit, Phase.PLAN, "Task_ReviewPlan");
    identityService.setAuthentication("hq01", List.of("hq-office"));
    try {
      taskService.claim(task.getId(), "hq01");
      formService.submitTaskForm(task.getId(), form);
    } finally {
      identityService.clearAuthentication();
    }
  }

  /** A unit's state in a campaign, without the campaign's code, ids or receipt numbers. */
  List<String> state(String code, String unit) {
    List<String> s = new ArrayList<>();
    s.add(
        String.valueOf(
            jdbc.queryForMap(
                "SELECT plan_status, plan_returns, plan_review_comment, plan_reminders FROM stwd_campaign_unit"
                    + " WHERE campaign_code = ? AND unit_code = ?",
                code,
                unit)));
    s.add(
        String.valueOf(
            jdbc.queryForList(
                "SELECT seq, status, review_comment, reviewed_by, reviewed_at FROM stwd_submission"
                    + " WHERE campaign_code = ? AND unit_code = ? ORDER BY seq",
                code,
                unit)));
    s.add(
        String.valueOf(
            jdbc.queryForList(
                "SELECT kind, outcome, subject, recipients FROM stwd_mail_log"
                    + " WHERE campaign_code = ? AND unit_code = ? ORDER BY kind, created_at",
                code,
                unit)));
    String instance =
        history
            .createHistoricProcessInstanceQuery()
            .processInstanceBusinessKey(Phase.businessKey(code, unit))
            .processDefinitionKey("unit-plan")
            .singleResult()
            .getId();
    history
        .createHistoricTaskInstanceQuery()
        .processInstanceId(instance)
        .orderByHistoricActivityInstanceStartTime()
        .asc()
        .list()
        .forEach(
            t ->
                s.add(
                    t.getTaskDefinitionKey()
                        + " assignee="
                        + t.getAssignee()
                        + " end="
                        + t.getEndTime()
                        + " reason="
                        + t.getDeleteReason()
                        + " due="
                        + t.getDueDate()));
    s.add(
        String.valueOf(
            history
                .createHistoricVariableInstanceQuery()
                .processInstanceId(instance)
                .variableNameIn("planDecision", "planReviewComment")
                .list()
                .stream()
                .map(v -> v.getName() + "=" + v.getValue())
                .sorted()
                .toList()));
    return s;
  }

  List<WebElement> items() {
    return browser.findElements(By.cssSelector("#items li[data-task]"));
  }

  @Test
  void hqReturnsOneAndApprovesThreeSelectedAsTasklistWould() throws Exception {
    sixPlans();
    login("hq01", "cockpit");
    browser.get("http://localhost:" + port + "/review?campaign=" + QUEUE);
    wait.until(d -> items().size() == 6);
    assertThat(browser.findElement(By.id("summary")).getText()).isEqualTo("待审核活动方案 6 项");
    List<String> order =
        items().stream().map(li -> li.findElement(By.cssSelector("b")).getText()).toList();
    assertThat(order.get(0)).isEqualTo(campaignUnits.find(QUEUE, "wc01").orElseThrow().unitName());

    // read sc01's plan (the third) in full and return it with a comment
    items().get(2).click();
    waitForText("青年科技工作者座谈会");
    assertThat(browser.findElement(By.id("detail")).getText())
        .contains(
            campaignUnits.find(QUEUE, "sc01").orElseThrow().unitName(),
            "第 1 次提交",
            "示例市科技会堂",
            "科学家精神进校园宣讲",
            "审核期限 2023-05-11 10:15");
    shot("review-1-queue");
    browser.findElement(By.id("decisionReturn")).click();
    browser.findElement(By.cssSelector("form.decision button[type=submit]")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("form.decision .error"), "退回修改时请写明"));
    browser.findElement(By.id("comment")).sendKeys("请补充活动预算和安全预案");
    browser.findElement(By.cssSelector("form.decision button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "已退回修改"));
    wait.until(d -> items().size() == 5);

    // approve wc01, wc02 and sc02 (the first, second and third left) at once
    for (int i = 0; i < 3; i++) {
      items().get(i).findElement(By.cssSelector("input[type=checkbox]")).click();
    }
    assertThat(browser.findElement(By.id("approveSelected")).getText()).isEqualTo("通过所选（3）");
    browser.findElement(By.id("approveSelected")).click();
    browser.switchTo().alert().accept();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "已通过 3 项"));
    wait.until(d -> items().size() == 2);

    // the same decisions in the twin campaign, as Tasklist makes them
    reviewInTasklist("sc01", vars("planDecision", "RETURN", "planReviewComment", "请补充活动预算和安全预案"));
    for (String unit : List.of("wc01", "wc02", "sc02")) {
      reviewInTasklist(unit, vars("planDecision", "APPROVE", "planReviewComment", ""));
    }
    clock("2023-05-09T09:31");
    runJobs();
    for (String unit : UNITS.split(" ")) {
      assertThat(state(QUEUE, unit)).as(unit).isEqualTo(state(TASKLIST, unit));
    }
    assertThat(campaignUnits.status(QUEUE, "sc01", Phase.PLAN).name()).isEqualTo("RETURNED");
    assertThat(mailsTo("sc01@example.org", "【退回修改】")).hasSize(2); // one per campaign
    assertThat(mailsTo("wc01@example.org", "【审核通过】")).hasSize(2);
    assertThat(unitTask(QUEUE, "sc01", Phase.PLAN, "Task_SubmitPlan")).isNotNull();

    // sc01 resubmits with a bigger venue and more participants for its first activity, and drops
    // the second: the queue marks the changes and names the activity removed
    JsonNode form =
        JSON.readTree(Files.readString(Path.of("docs/examples/2023/04-submit-plan.json")))
            .get("variables");
    ArrayNode activities = (ArrayNode) JSON.readTree(form.at("/activities/value").asText());
    activities.remove(1);
    ((ObjectNode) activities.get(0)).put("place", "示例市科技馆报告厅").put("expectedParticipants", 120);
    ((ObjectNode) form.get("activities")).put("value", activities.toString());
    clock("2023-05-10T14:00");
    submit(unitTask(QUEUE, "sc01", Phase.PLAN, "Task_SubmitPlan"), variables(form));
    browser.navigate().refresh();
    wait.until(d -> items().size() == 3);
    WebElement resubmitted =
        items().stream().filter(li -> li.getText().contains("第 2 次提交")).findFirst().orElseThrow();
    resubmitted.click();
    waitForText("这是重新提交的版本");
    List<WebElement> changed =
        browser.findElements(By.cssSelector("#detail .answers .row.changed"));
    assertThat(changed).hasSize(2);
    assertThat(changed.get(0).getText()).contains("示例市科技馆报告厅", "原为：示例市科技会堂");
    assertThat(changed.get(1).getText()).contains("120", "原为：80");
    assertThat(browser.findElement(By.id("detail")).getText())
        .contains("活动清单（共 1 项，原为 2 项）", "删除了：“科学家精神进校园宣讲”");
    assertThat(browser.findElement(By.cssSelector("#detail .earlier")).getText())
        .contains("请补充活动预算和安全预案", "退回修改");
    shot("review-2-resubmission");

    // the unit's timeline, from the queue
    browser.get("http://localhost:" + port + "/timeline?campaign=" + QUEUE + "&unit=sc01");
    waitForText("退回修改");
    assertThat(browser.findElement(By.id("events")).getText())
        .contains("提交活动方案", "退回修改", "请补充活动预算和安全预案", "重新提交活动方案（第 2 次）", "邮件「方案退回修改」已发送");
    shot("timeline-1-unit");
  }
}
