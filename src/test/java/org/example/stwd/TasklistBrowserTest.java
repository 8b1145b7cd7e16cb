package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A unit contact and HQ work in the real Camunda Tasklist, in Chinese, in headless Chromium, with
 * authorization on: the unit sees only its own unit's plan task, fills the plan form with two
 * activities and completes it; HQ returns it with a comment; the unit sees the returned task with
 * the comment and resubmits; HQ approves; after the activity window the unit completes its
 * (pre-filled) summary form. Screenshots go to target/browser-screenshots/. Needs Debian's chromium
 * and chromium-driver (.ci/run installs them).
 */
class TasklistBrowserTest extends BrowserTestSupport {

  @Test
  void unitSubmitsPlanHqReturnsItUnitResubmitsHqApprovesThenTheSummary() throws Exception {
    clock("2023-05-06T10:00");
    distributedCampaign(
        payload("2023/01-register-notice.json"),
        with(
            payload("2023/02-draft-forwarding.json"),
            "targetCategories",
            List.of(),
            "targetUnitCodes",
            "wc01 wc02"));
    Task plan = unitTask("STWD-2023", "wc01", Phase.PLAN, "Task_SubmitPlan");

    // the unit's inbox, in Chinese: its own plan task, not the other unit's
    login("wc01");
    WebElement list =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[cam-tasks], .tasks-list, .task-list")));
    wait.until(ExpectedConditions.textToBePresentInElement(list, "提交活动方案 · 青年工作委员会 · STWD-2023"));
    assertThat(body())
        .contains("本单位/本组待办", "我的任务", "已逾期", "发起流程")
        .doesNotContain("Start process", "migrate to Camunda 8");
    assertThat(list.getText()).doesNotContain("科普工作委员会").doesNotContain("审核");
    // sorted by due date unless the person chooses otherwise
    assertThat(browser.getCurrentUrl()).contains("sorting=").contains("dueDate");
    assertThat(body()).contains("到期日期");
    assertThat(body()).doesNotContain("待审核的活动方案", "全部活动任务");
    shot("1-unit-inbox");

    openAndClaim(plan);
    clickLabel("开展活动");
    fillActivity(0, "青年科技工作者座谈会", "“点亮精神火炬”主题活动", "05/26/2023", "线上线下结合", 80);
    browser.findElement(By.xpath("//button[normalize-space(.)='添加一项']")).click();
    fillActivity(1, "科学家精神进校园宣讲", "弘扬科学家精神系列活动", "05/29/2023", "线下", 300);
    fillResponsible();
    shot("2-unit-plan-filled");
    complete();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> campaignUnits.status("STWD-2023", "wc01", Phase.PLAN) == UnitStatus.SUBMITTED);
    assertThat(
            jdbc.queryForList(
                "SELECT name FROM stwd_activity WHERE unit_code = 'wc01' ORDER BY seq",
                String.class))
        .containsExactly("青年科技工作者座谈会", "科学家精神进校园宣讲");

    // HQ returns the plan with a comment
    Task review = unitTask("STWD-2023", "wc01", Phase.PLAN, "Task_ReviewPlan");
    login("hq01");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "待审核的活动方案"));
    assertThat(body()).contains("全部活动任务");
    openAndClaim(review);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "科学家精神进校园宣讲"));
    clickLabel("退回修改");
    fill("planReviewComment", "请补充第二项活动的具体地点和时间安排");
    shot("3-hq-returns-plan");
    complete();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> campaignUnits.status("STWD-2023", "wc01", Phase.PLAN) == UnitStatus.RETURNED);

    // the unit sees the returned task with HQ's comment, corrects it and resubmits
    Task again = unitTask("STWD-2023", "wc01", Phase.PLAN, "Task_SubmitPlan");
    login("wc01");
    openAndClaim(again);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".fjs-form"), "请补充第二项活动的具体地点和时间安排"));
    assertThat(field("activities_activityName_1").getAttribute("value")).isEqualTo("科学家精神进校园宣讲");
    fill("activities_place_1", "示例市第一中学报告厅");
    fillResponsible();
    shot("4-unit-resubmits");
    complete();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> campaignUnits.status("STWD-2023", "wc01", Phase.PLAN) == UnitStatus.SUBMITTED);
    assertThat(
            jdbc.queryForList(
                "SELECT place FROM stwd_activity WHERE unit_code = 'wc01' ORDER BY seq",
                String.class))
        .containsExactly("示例市科技会堂", "示例市第一中学报告厅");

    // HQ approves
    login("hq01");
    openAndClaim(unitTask("STWD-2023", "wc01", Phase.PLAN, "Task_ReviewPlan"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "示例市第一中学报告厅"));
    clickLabel("通过");
    shot("5-hq-approves");
    complete();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> campaignUnits.status("STWD-2023", "wc01", Phase.PLAN) == UnitStatus.APPROVED);
    submit(unitTask("STWD-2023", "wc02", Phase.PLAN, "Task_SubmitPlan"), declinePlan());

    runJobs();
    submit(
        task(
            runtime
                .createProcessInstanceQuery()
                .processInstanceBusinessKey("STWD-2023")
                .singleResult()
                .getId(),
            "Task_CoordinatePublicity"),
        vars());
    clock("2023-06-11T08:00");
    runJobs();
    Task summary = unitTask("STWD-2023", "wc01", Phase.SUMMARY, "Task_SubmitSummary");
    login("wc01");
    openAndClaim(summary);
    // the held activities come pre-filled from the approved plan
    assertThat(
            browser
                .findElement(By.cssSelector("[id$='-Field_summaryActivities_activityName_1']"))
                .getAttribute("value"))
        .isEqualTo("科学家精神进校园宣讲");
    fill("summaryActivities_participants_0", "95");
    fill("summaryText", "活动围绕“点亮精神火炬”主题开展，反响热烈。");
    fillResponsible();
    shot("6-unit-summary-filled");
    complete();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> campaignUnits.status("STWD-2023", "wc01", Phase.SUMMARY) == UnitStatus.SUBMITTED);
    assertThat(
            jdbc.queryForObject(
                "SELECT summary_participants FROM stwd_campaign_unit WHERE unit_code = 'wc01'",
                Integer.class))
        .isEqualTo(95 + 300);

    // HQ watches in Cockpit, in Chinese, without the "migrate to Camunda 8" banner
    login("hq01", "cockpit");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "流程定义"));
    assertThat(body()).doesNotContain("migrate to Camunda 8", "Process Definitions");
    assertThat(
            browser.findElements(By.cssSelector(".ce-eol-banner")).stream()
                .noneMatch(WebElement::isDisplayed))
        .isTrue();
    shot("7-hq-cockpit");

    // the review outcome mails went out per batch (ADR 0009): the batch's process in Cockpit
    String batches =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey("review-outcome-mails")
            .latestVersion()
            .singleResult()
            .getId();
    browser.get(
        "http://localhost:"
            + port
            + "/camunda/app/cockpit/default/#/process-definition/"
            + batches
            + "/runtime");
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("[data-element-id='Task_SendOutcomeMails']")));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "审核结果通知批次"));
    shot("8-hq-cockpit-outcome-batches");
  }

  private void openAndClaim(Task task) {
    browser.get(
        "http://localhost:" + port + "/camunda/app/tasklist/default/#/?task=" + task.getId());
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.xpath("//button[normalize-space(.)='认领'] | //a[normalize-space(.)='认领']")))
        .click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".fjs-form")));
    wait.until(
        d ->
            d.findElements(
                        By.cssSelector(
                            ".fjs-form input:not([disabled]), .fjs-form textarea:not([disabled])"))
                    .size()
                > 0);
    // Tasklist lays a "disabled-form" cover over the form until the claim has gone through
    wait.until(d -> d.findElements(By.cssSelector(".disabled-form")).isEmpty());
  }

  private WebElement field(String key) {
    WebElement e =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[id$='-Field_" + key + "']")));
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].scrollIntoView({block: 'center'});", e);
    return e;
  }

  private void fill(String key, String value) throws InterruptedException {
    // form-js debounces text input; typing on before it settled can lose the value: type, leave
    // the field, let the form settle, and check that the value stuck
    for (int attempt = 0; attempt < 3; attempt++) {
      WebElement e = field(key);
      if (value.equals(e.getAttribute("value"))) {
        return;
      }
      e.click();
      e.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
      e.sendKeys(value);
      ((JavascriptExecutor) browser).executeScript("arguments[0].blur();", e);
      Thread.sleep(400);
    }
    assertThat(field(key).getAttribute("value")).as(key).isEqualTo(value);
  }

  private void fillDate(String key, String usDate) {
    WebElement e =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[id$='-Field_" + key + "'], [id$='-Field_" + key + "-date']")));
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].scrollIntoView({block: 'center'});", e);
    e.click();
    e.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, usDate, Keys.ENTER);
    e.sendKeys(Keys.ESCAPE);
  }

  private void pick(String key, String optionText) {
    WebElement display =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[id$='-Field_" + key + "-display']")));
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].scrollIntoView({block: 'center'});", display);
    display.click();
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.xpath(
                    "//*[contains(@class,'fjs-dropdownlist-item')][normalize-space(.)='"
                        + optionText
                        + "']")))
        .click();
  }

  private void clickLabel(String text) {
    By locator = By.xpath("//label[normalize-space(.)='" + text + "']");
    wait.ignoring(org.openqa.selenium.ElementClickInterceptedException.class)
        .until(
            d -> {
              WebElement label = d.findElement(locator);
              ((JavascriptExecutor) browser)
                  .executeScript("arguments[0].scrollIntoView({block: 'center'});", label);
              label.click();
              return true;
            });
  }

  private void fillResponsible() throws InterruptedException {
    fill("responsiblePerson", "陈雨桐");
    fill("responsiblePhone", "010-5550-0101");
    fill("responsibleEmail", "wc01@example.org");
  }

  private void fillActivity(
      int i, String name, String category, String usDate, String mode, int participants)
      throws InterruptedException {
    fill("activities_activityName_" + i, name);
    pick("activities_activityCategory_" + i, category);
    fillDate("activities_startDate_" + i, usDate);
    fillDate("activities_endDate_" + i, usDate);
    pick("activities_mode_" + i, mode);
    fill("activities_place_" + i, "示例市科技会堂");
    fill("activities_audience_" + i, "青年科技工作者");
    fill("activities_expectedParticipants_" + i, String.valueOf(participants));
    fill("activities_description_" + i, "围绕科学家精神开展交流。");
  }

  /** Clicks Complete, which Tasklist enables only when the form reports no errors. */
  private void complete() {
    WebElement button = browser.findElement(By.xpath("//button[normalize-space(.)='完成']"));
    wait.withMessage("Tasklist keeps the Complete button disabled").until(d -> button.isEnabled());
    button.click();
  }
}
