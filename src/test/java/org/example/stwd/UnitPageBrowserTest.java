package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * A unit contact on a phone (390×844, an English-language browser) reports through the unit page:
 * opens the sign-in link from the notice mail, reads the notice, fills a plan with two activities
 * (one date picked in the calendar, one typed), saves a draft, finds it in a second browser
 * session, submits, sees the receipt and gets the 回执 mail; HQ returns the plan, the page shows the
 * comment, and the resubmission appears in the history. Screenshots in
 * target/browser-screenshots/unit-*.png.
 */
class UnitPageBrowserTest extends BrowserTestSupport {

  private static final Pattern LINK = Pattern.compile("/unit/signin#t=([A-Za-z0-9_-]{43})");

  /** An English-language phone: the dates must still be YYYY-MM-DD. */
  @Override
  protected String language() {
    return "en-US";
  }

  @Override
  protected void customize(ChromeOptions options) {
    options.setExperimentalOption(
        "mobileEmulation",
        Map.of(
            "deviceMetrics",
            Map.of("width", 390, "height", 844, "pixelRatio", 2.0, "touch", true, "mobile", true),
            "userAgent",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/130.0 Mobile Safari/537.36"));
  }

  @Test
  void aContactReportsFromThePhoneWithTheLinkFromTheNoticeMail() throws Exception {
    campaignFor("STWD-2023", "wc01 wc02");

    // the link in the notice mail opens the unit's page
    String link = signInLink(mailsTo("wc01@example.org").get(0));
    browser.get(link);
    waitForText("现在要办");
    assertThat(browser.getCurrentUrl()).doesNotContain("#t=");
    assertThat(body())
        .contains("青年工作委员会", "提交活动方案", "2023-05-15", "还剩 9 天", "示学字〔2023〕082号")
        .doesNotContain("科普工作委员会");
    shot("unit-1-overview");
    assertThat(horizontalOverflow()).as("the page scrolls sideways").isFalse();

    // the plan: two activities, the first date picked in the calendar, the second typed
    click(By.xpath("//a[normalize-space(.)='填写并提交']"));
    waitFor(By.cssSelector(".fjs-form"));
    clickLabel("开展活动");
    fill("activities_activityName_0", "青年科技工作者座谈会");
    pick("activities_activityCategory_0", "“点亮精神火炬”主题活动");
    pickDateInCalendar("activities_startDate_0", 2023, 5, 26);
    shot("unit-2-date-picker");
    typeDate("activities_endDate_0", "2023-05-26");
    pick("activities_mode_0", "线上线下结合");
    fill("activities_place_0", "示例市科技会堂");
    fill("activities_audience_0", "青年科技工作者");
    fill("activities_expectedParticipants_0", "80");
    fill("activities_description_0", "围绕科学家精神开展交流。");
    click(By.xpath("//button[normalize-space(.)='添加一项']"));
    fill("activities_activityName_1", "科学家精神进校园宣讲");
    pick("activities_activityCategory_1", "弘扬科学家精神系列活动");
    typeDate("activities_startDate_1", "2023-05-29");
    typeDate("activities_endDate_1", "2023-05-31");
    pick("activities_mode_1", "线下");
    fill("activities_place_1", "示例理工大学");
    fill("activities_audience_1", "高校师生");
    fill("activities_expectedParticipants_1", "300");
    fill("activities_description_1", "组织报告团走进高校。");
    fill("responsiblePerson", "陈雨桐");
    fill("responsiblePhone", "010-5550-0101");
    fill("responsibleEmail", "wc01@example.org");
    assertThat(field("activities_startDate_0").getAttribute("value")).isEqualTo("2023-05-26");
    click(By.cssSelector("button.save-draft"));
    waitForText("已保存");
    shot("unit-3-draft-saved");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_unit_draft", Integer.class))
        .isEqualTo(1);

    // a second browser session (another device): the link again, the draft is there
    browser.manage().deleteAllCookies();
    ((JavascriptExecutor) browser).executeScript("localStorage.clear(); sessionStorage.clear();");
    browser.get(link);
    waitForText("现在要办");
    click(By.xpath("//a[normalize-space(.)='继续填写']"));
    waitFor(By.cssSelector(".fjs-form"));
    waitForText("草稿");
    assertThat(field("activities_activityName_1").getAttribute("value")).isEqualTo("科学家精神进校园宣讲");
    assertThat(field("activities_startDate_0").getAttribute("value")).isEqualTo("2023-05-26");

    // submit: a confirmation step, then the receipt
    click(By.cssSelector("button.submit"));
    click(By.cssSelector("button.confirm-submit"));
    waitForText("提交成功");
    assertThat(body()).contains("STWD-2023-wc01-P1", "将在一分钟内发送到本单位联系人的邮箱");
    shot("unit-4-receipt");
    assertThat(campaignUnits.status("STWD-2023", "wc01", Phase.PLAN))
        .isEqualTo(UnitStatus.SUBMITTED);
    // the dates stored are the dates picked and typed
    assertThat(
            jdbc.queryForList(
                "SELECT CAST(start_date AS VARCHAR) || '/' || CAST(end_date AS VARCHAR) FROM stwd_activity"
                    + " WHERE unit_code = 'wc01' ORDER BY seq",
                String.class))
        .containsExactly("2023-05-26/2023-05-26", "2023-05-29/2023-05-31");
    runJobs(); // the receipt goes out with the campaign phase's outcome batch
    List<MimeMessage> receipts = mailsTo("wc01@example.org", "【回执】");
    assertThat(receipts).hasSize(1);
    assertThat(textOf(receipts.get(0))).contains("STWD-2023-wc01-P1");

    // the printable view
    click(By.xpath("//a[normalize-space(.)='查看 / 打印报送内容']"));
    waitForText("示例理工大学");
    shot("unit-5-printable");

    // HQ returns the plan: the page shows the comment; the resubmission joins the history
    submit(
        unitTask("STWD-2023", "wc01", Phase.PLAN, "Task_ReviewPlan"),
        returnWith("planDecision", "planReviewComment", "请补充第二项活动的具体地点和时间安排"));
    browser.get("http://localhost:" + port + "/unit/");
    waitForText("请补充第二项活动的具体地点和时间安排");
    assertThat(body()).contains("已退回修改");
    shot("unit-6-returned");
    click(By.xpath("//a[normalize-space(.)='修改后重新提交']"));
    waitFor(By.cssSelector(".fjs-form"));
    assertThat(field("activities_place_1").getAttribute("value")).isEqualTo("示例理工大学");
    fill("activities_place_1", "示例市第一中学报告厅");
    click(By.cssSelector("button.submit"));
    click(By.cssSelector("button.confirm-submit"));
    waitForText("STWD-2023-wc01-P2");
    browser.get("http://localhost:" + port + "/unit/");
    waitForText("报送记录");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> body().contains("STWD-2023-wc01-P2") && body().contains("STWD-2023-wc01-P1"));
    shot("unit-7-history");
    assertThat(
            jdbc.queryForList(
                "SELECT place FROM stwd_activity WHERE unit_code = 'wc01' ORDER BY seq",
                String.class))
        .containsExactly("示例市科技会堂", "示例市第一中学报告厅");
  }

  private String signInLink(MimeMessage mail) {
    Matcher m = LINK.matcher(textOf(mail));
    assertThat(m.find()).as("a sign-in link in the notice").isTrue();
    return "http://localhost:" + port + "/unit/signin#t=" + m.group(1);
  }

  private boolean horizontalOverflow() {
    return (Boolean)
        ((JavascriptExecutor) browser)
            .executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1;");
  }

  private void typeDate(String key, String isoDate) throws InterruptedException {
    WebElement e = field(key);
    e.click();
    e.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, isoDate, Keys.ENTER);
    e.sendKeys(Keys.ESCAPE);
    Thread.sleep(200);
    assertThat(field(key).getAttribute("value")).as(key).isEqualTo(isoDate);
  }

  /** Opens the calendar, chooses year and month in its header and clicks the day. */
  private void pickDateInCalendar(String key, int year, int month, int day) {
    WebElement input = field(key);
    input.click();
    WebElement calendar =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".flatpickr-calendar.open")));
    WebElement yearInput = calendar.findElement(By.cssSelector("input.cur-year"));
    ((JavascriptExecutor) browser)
        .executeScript(
            "arguments[0].value = arguments[1];"
                + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                + " arguments[0].dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));",
            yearInput,
            String.valueOf(year));
    new Select(calendar.findElement(By.cssSelector("select.flatpickr-monthDropdown-months")))
        .selectByValue(String.valueOf(month - 1));
    String label = String.format("%d-%02d-%02d", year, month, day);
    WebElement dayCell =
        wait.until(
            d ->
                d.findElements(By.cssSelector(".flatpickr-calendar.open .flatpickr-day")).stream()
                    .filter(
                        c ->
                            !c.getAttribute("class").contains("prevMonthDay")
                                && !c.getAttribute("class").contains("nextMonthDay")
                                && c.getText().trim().equals(String.valueOf(day)))
                    .findFirst()
                    .orElse(null));
    dayCell.click();
    wait.until(d -> label.equals(field(key).getAttribute("value")));
  }
}
