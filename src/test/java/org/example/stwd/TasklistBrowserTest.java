package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
 * HQ works in the real Camunda Tasklist, in Chinese, in headless Chromium, with authorization on: a
 * unit's plan (submitted through the unit page's door, here the Java API as the unit page calls it)
 * arrives in HQ's review filter; HQ returns it with a comment; the unit's resubmission arrives and
 * HQ approves; HQ watches in Cockpit. A unit contact cannot log in to Tasklist (units have the unit
 * page: UnitPageBrowserTest). Screenshots go to target/browser-screenshots/. Needs Debian's
 * chromium and chromium-driver (.ci/run installs them).
 */
class TasklistBrowserTest extends BrowserTestSupport {

  @Test
  void hqReturnsAUnitsPlanInTasklistAndApprovesTheResubmission() throws Exception {
    campaignFor("STWD-2023", "wc01 wc02");

    // a unit contact has no Tasklist: the login is refused with a message
    browser.manage().deleteAllCookies();
    browser.get("http://localhost:" + port + "/camunda/app/tasklist/default/");
    WebElement password =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));
    // keys typed while the login form is still being bound can be lost on a busy machine (as in
    // BrowserTestSupport.login): type again until the refusal shows
    for (int attempt = 1; ; attempt++) {
      WebElement name =
          browser.findElement(
              By.cssSelector("input[ng-model='username'], #inputUsername, input[name=username]"));
      name.clear();
      name.sendKeys("wc01");
      password.clear();
      password.sendKeys("test", Keys.ENTER);
      try {
        new org.openqa.selenium.support.ui.WebDriverWait(
                browser, java.time.Duration.ofSeconds(attempt < 3 ? 10 : 20))
            .until(
                d ->
                    !d.findElements(
                            By.cssSelector(
                                ".notifications .alert, [cam-notifications] .alert, .alert-danger, .alert-error"))
                        .isEmpty());
        break;
      } catch (org.openqa.selenium.TimeoutException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
    assertThat(browser.findElements(By.cssSelector("input[type=password]"))).isNotEmpty();
    // and the login form sends units to their own page
    assertThat(browser.findElement(By.id("stwd-unit-hint")).getText()).contains("单位报送页面");
    assertThat(browser.findElement(By.cssSelector("#stwd-unit-hint a")).getAttribute("href"))
        .endsWith("/unit/login");
    shot("1-unit-contact-has-no-tasklist");

    submit(unitTask("STWD-2023", "wc01", Phase.PLAN, "Task_SubmitPlan"), plan2023());
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
    // form-js's English messages are put into Chinese by the table Tasklist shares with the unit
    // page (/unit-assets/form-zh.js): a message form-js would render is translated in place
    ((JavascriptExecutor) browser)
        .executeScript(
            "const p = document.createElement('span'); p.id = 'stwd-probe';"
                + " document.querySelector('.fjs-container').appendChild(p);"
                + " p.textContent = 'Field is required.';");
    wait.until(d -> "此项为必填项。".equals(d.findElement(By.id("stwd-probe")).getText().trim()));
    ((JavascriptExecutor) browser).executeScript("document.getElementById('stwd-probe').remove();");
    clickLabel("退回修改");
    fill("planReviewComment", "请补充第二项活动的具体地点和时间安排");
    shot("2-hq-returns-plan");
    complete();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> campaignUnits.status("STWD-2023", "wc01", Phase.PLAN) == UnitStatus.RETURNED);

    // the unit corrects the place and resubmits (through its own page)
    Task again = unitTask("STWD-2023", "wc01", Phase.PLAN, "Task_SubmitPlan");
    String corrected =
        ((org.camunda.spin.plugin.variable.value.JsonValue) plan2023().getValueTyped("activities"))
            .getValueSerialized()
            .replace("示例理工大学", "示例市第一中学报告厅");
    submit(
        again,
        with(
            plan2023(),
            "activities",
            org.camunda.spin.plugin.variable.SpinValues.jsonValue(corrected).create()));
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
    shot("3-hq-approves");
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
    submit(unitTask("STWD-2023", "wc01", Phase.SUMMARY, "Task_SubmitSummary"), summary(95));
    assertThat(campaignUnits.status("STWD-2023", "wc01", Phase.SUMMARY))
        .isEqualTo(UnitStatus.SUBMITTED);

    // HQ watches in Cockpit, in Chinese, without the "migrate to Camunda 8" banner
    login("hq01", "cockpit");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "流程定义"));
    assertThat(body()).doesNotContain("migrate to Camunda 8", "Process Definitions");
    assertThat(
            browser.findElements(By.cssSelector(".ce-eol-banner")).stream()
                .noneMatch(WebElement::isDisplayed))
        .isTrue();
    shot("4-hq-cockpit");

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
    shot("5-hq-cockpit-outcome-batches");
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

  /** Clicks Complete, which Tasklist enables only when the form reports no errors. */
  private void complete() {
    WebElement button = browser.findElement(By.xpath("//button[normalize-space(.)='完成']"));
    wait.withMessage("Tasklist keeps the Complete button disabled").until(d -> button.isEnabled());
    button.click();
  }
}
