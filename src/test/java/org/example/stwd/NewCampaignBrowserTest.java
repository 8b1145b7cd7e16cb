package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * HQ's 发起活动 page in headless Chromium: last year's campaign as the starting point, the 2023 seed
 * notice pasted and its proposals marked with their excerpts, HQ's edits to this year's values, the
 * start, and the forwarding draft waiting in Tasklist.
 */
class NewCampaignBrowserTest extends BrowserTestSupport {

  static final String NOTICE = "/notices/2023-forwarding-with-cast-notice.txt";

  private JavascriptExecutor js() {
    return (JavascriptExecutor) browser;
  }

  private String value(String id) {
    return browser.findElement(By.id(id)).getAttribute("value");
  }

  private WebElement fieldBox(String field) {
    return browser.findElement(By.cssSelector("#campaignForm .field[data-field='" + field + "']"));
  }

  private boolean marked(String field, String mark) {
    return fieldBox(field).getAttribute("class").contains(mark);
  }

  /**
   * Sets a value as a paste or a date picker would (typing into a date input depends on the
   * browser's locale), with the events the page listens to.
   */
  private void setValue(String id, String value) {
    js().executeScript(
            "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                + " e.dispatchEvent(new Event('input', {bubbles: true}));"
                + " e.dispatchEvent(new Event('change', {bubbles: true}));",
            id,
            value);
    wait.until(d -> value.equals(value(id)));
  }

  /** Types over a field's value as HQ does. */
  private void type(String id, String value) {
    WebElement e = browser.findElement(By.id(id));
    center(e);
    e.click();
    e.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    e.sendKeys(value);
    wait.until(d -> value.equals(value(id)));
  }

  private static String notice() throws Exception {
    try (InputStream in = NewCampaignBrowserTest.class.getResourceAsStream(NOTICE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void hqStartsNextYearsCampaignFromLastYearsAndThePastedNotice() throws Exception {
    campaignFor("PB-2023", "wc01 wc02");
    login("hq01");
    browser.get("http://localhost:" + port + "/campaigns/new");
    waitFor(By.cssSelector("#previous option[value='PB-2023']"));
    assertThat(body()).contains("发起活动", "参照往年活动", "粘贴科协通知全文", "登记科协通知");

    // 1. last year's campaign: code, year and categories moved on a year, the takeover values shown
    new Select(browser.findElement(By.id("previous"))).selectByValue("PB-2023");
    wait.until(d -> "PB-2024".equals(value("f-campaignCode")));
    assertThat(value("f-campaignYear")).isEqualTo("2024");
    assertThat(value("f-activityCategories")).isNotBlank();
    assertThat(marked("campaignCode", "prefilled")).isTrue();
    assertThat(marked("campaignYear", "prefilled")).isTrue();
    assertThat(marked("activityCategories", "prefilled")).isTrue();
    assertThat(fieldBox("campaignCode").getText()).contains("按 PB-2023 顺延一年填入");
    WebElement forwarding = browser.findElement(By.id("forwarding"));
    wait.until(ExpectedConditions.visibilityOf(forwarding));
    assertThat(forwarding.getText())
        .contains("PB-2023", "学会发文文号", "转发通知标题", "2024", "wc01 wc02", "2024-05-15", "3 天");

    // 2. the 2023 seed notice pasted (as a paste does: the value and an input event) and extracted
    String text = notice();
    setValue("noticeText", text);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pasteCount"), "已粘贴"));
    click(By.id("extract"));
    WebElement docNote =
        waitFor(By.cssSelector("#proposalNotes .proposal[data-field='noticeDocNumbers']"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("proposalSummary")));
    assertThat(value("f-noticeDocNumbers")).isEqualTo("科协发宣字〔2023〕13号");
    assertThat(docNote.getText()).contains("科协发宣字〔2023〕13号", "来源", "13");
    assertThat(docNote.getAttribute("class")).doesNotContain("edited");
    assertThat(browser.findElement(By.id("extractStatus")).getText()).contains("已提取");
    assertThat(browser.findElement(By.id("proposalSummary")).getText()).contains("取自粘贴的通知全文");
    for (String field :
        new String[] {
          "noticeDocNumbers",
          "noticeTitle",
          "noticeIssuers",
          "noticeIssueDate",
          "campaignTheme",
          "activityWindowStart",
          "activityWindowEnd",
          "upwardDeadline"
        }) {
      assertThat(marked(field, "proposed")).as(field + " marked as proposed").isTrue();
      assertThat(
              browser.findElements(
                  By.cssSelector("#proposalNotes .proposal[data-field='" + field + "']")))
          .as(field + " has its proposal note")
          .hasSize(1);
    }
    assertThat(value("f-campaignTheme")).isEqualTo("点亮精神火炬");
    assertThat(value("f-noticeIssuers")).isEqualTo("中国科协、科技部");
    assertThat(value("f-noticeIssueDate")).isEqualTo("2023-04-25");
    assertThat(value("f-activityWindowStart")).isEqualTo("2023-05-01");
    assertThat(value("f-activityWindowEnd")).isEqualTo("2023-06-10");
    assertThat(value("f-upwardDeadline")).isEqualTo("2023-06-30");
    // the notice states everything the form asks for: nothing on the form is marked missing
    assertThat(browser.findElements(By.cssSelector("#proposalNotes .missing[data-field]")))
        .isEmpty();
    // the body: the pasted text, marked as such
    assertThat(browser.findElement(By.id("useAsBody")).isSelected()).isTrue();
    assertThat(value("f-noticeTextBody")).isEqualTo(text.trim());
    assertThat(marked("noticeText", "proposed")).isTrue();
    // the forwarding draft's deadline the notice states, offered for the task
    assertThat(
            browser
                .findElement(By.cssSelector("#forwarding .proposal[data-field='planDeadline']"))
                .getText())
        .isEqualTo("2023-05-15");
    // the code keeps what last year's campaign gave; the (2023) notice's year replaced the
    // moved-on year, which is offered back, and the mismatch with the code is pointed out
    assertThat(value("f-campaignCode")).isEqualTo("PB-2024");
    assertThat(value("f-campaignYear")).isEqualTo("2023");
    assertThat(fieldBox("campaignYear").findElement(By.cssSelector(".from-previous")).getText())
        .contains("2024", "采用");
    assertThat(fieldBox("campaignCode").findElement(By.cssSelector(".year-warn")).getText())
        .contains("2024", "2023", "不一致");
    // nothing wider than the window: no sideways scrolling
    assertThat(
            (Boolean)
                js().executeScript(
                        "return document.documentElement.scrollWidth <= window.innerWidth;"))
        .isTrue();
    js().executeScript("window.scrollTo(0, 0);");
    wait.until(d -> ((Number) js().executeScript("return window.scrollY;")).intValue() == 0);
    shot("new-campaign-1-extracted");
    js().executeScript("document.getElementById('formPanel').scrollIntoView({block: 'start'});");
    wait.until(
        d ->
            Math.abs(
                    ((Number)
                            js().executeScript(
                                    "return document.getElementById('formPanel').getBoundingClientRect().top;"))
                        .doubleValue())
                < 2);
    shot("new-campaign-2-form");

    // 3. HQ checks and edits to this year's values
    type("f-campaignYear", "2024");
    type("f-noticeTitle", "中国科协 科技部关于开展2024年“全国科技工作者日”活动的通知");
    type("f-noticeDocNumbers", "科协发宣字〔2024〕9号");
    setValue("f-noticeIssueDate", "2024-04-20");
    setValue("f-activityWindowStart", "2024-05-01");
    setValue("f-activityWindowEnd", "2024-06-10");
    setValue("f-upwardDeadline", "2024-06-30");
    assertThat(value("f-campaignCode")).isEqualTo("PB-2024");
    assertThat(marked("noticeDocNumbers", "proposed")).isFalse();
    assertThat(docNote.getAttribute("class")).contains("edited");
    assertThat(marked("upwardDeadline", "proposed")).isFalse();
    assertThat(
            browser.findElements(
                By.cssSelector("#proposalNotes .year-warn[data-field='campaignCode']")))
        .isEmpty();

    // 4. the start, confirmed
    js().executeScript("window.confirm = () => true;");
    click(By.id("start"));
    WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
    assertThat(browser.findElements(By.cssSelector("#problems li"))).isEmpty();
    assertThat(browser.findElement(By.id("resultMessage")).getText()).contains("PB-2024");
    assertThat(result.findElement(By.id("taskLink")).getAttribute("href"))
        .contains("/camunda/app/tasklist/");
    // the page scrolls (smoothly) to the result: as far as it goes
    wait.until(
        d ->
            (Boolean)
                js().executeScript(
                        "const top = document.getElementById('result').getBoundingClientRect().top;"
                            + " return Math.abs(top) < 2"
                            + " || window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1;"));
    shot("new-campaign-3-started");

    // the campaign runs, its forwarding draft prefilled with this year's title
    ProcessInstance campaign =
        runtime.createProcessInstanceQuery().processInstanceBusinessKey("PB-2024").singleResult();
    assertThat(campaign).isNotNull();
    Task draft =
        taskService
            .createTaskQuery()
            .processInstanceBusinessKey("PB-2024")
            .taskDefinitionKey("Task_DraftForwarding")
            .singleResult();
    assertThat(draft).isNotNull();
    assertThat((String) taskService.getVariable(draft.getId(), "forwardingTitle"))
        .contains("2024")
        .doesNotContain("2023");
    assertThat(taskService.getVariable(draft.getId(), "targetUnitCodes")).isEqualTo("wc01 wc02");
    assertThat(runtime.getVariable(campaign.getId(), "noticeDocNumbers"))
        .isEqualTo("科协发宣字〔2024〕9号");
    assertThat(runtime.getVariable(campaign.getId(), "campaignYear")).isEqualTo(2024);
  }
}
