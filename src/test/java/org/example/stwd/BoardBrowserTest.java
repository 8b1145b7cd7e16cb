package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * HQ's campaign board in headless Chromium with a campaign in several states: the counts and the
 * rows, the status filter, urging one overdue unit and all missing ones.
 */
class BoardBrowserTest extends BrowserTestSupport {

  static final String CODE = "BOARD-UI-2023";

  private String count(String key) {
    return browser.findElement(By.cssSelector("[data-count='" + key + "'] b")).getText();
  }

  /** The table's rows once the board has its answer (it asks the server on every filter). */
  private List<WebElement> rows() {
    wait.until(ExpectedConditions.attributeToBe(By.id("units"), "aria-busy", "false"));
    return browser.findElements(By.cssSelector("#units tbody tr"));
  }

  @Test
  void hqSeesWhoHasReportedFiltersAndUrges() throws Exception {
    boardScenario(CODE);
    login("hq01", "cockpit");
    browser.get("http://localhost:" + port + "/board?campaign=" + CODE);
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("[data-count='PLAN-addressed']")));

    assertThat(count("PLAN-addressed")).isEqualTo("6");
    assertThat(count("PLAN-submitted")).isEqualTo("4");
    assertThat(count("PLAN-APPROVED")).isEqualTo("1");
    assertThat(count("PLAN-SUBMITTED")).isEqualTo("1");
    assertThat(count("PLAN-RETURNED")).isEqualTo("1");
    assertThat(count("PLAN-DECLINED")).isEqualTo("1");
    assertThat(count("PLAN-PENDING")).isEqualTo("2");
    assertThat(count("PLAN-overdue")).isEqualTo("3");
    assertThat(rows()).hasSize(6);
    assertThat(body())
        .contains("方案报送截止 2023年5月15日", "今天 2023年5月16日", "已提交 4", "截止 2023年5月15日", "应报送 6");
    WebElement br01 = browser.findElement(By.cssSelector("#units tr[data-unit='br01']"));
    assertThat(br01.getText()).contains("华东分会", "分会", "待报送", "5月16日 10:00");
    assertThat(br01.findElement(By.cssSelector("td.num.overdue")).getText()).isEqualTo("1");
    assertThat(browser.findElement(By.cssSelector("#units tr[data-unit='wc01']")).getText())
        .contains("已通过", "5月8日 10:00");
    // wc01's plan process has ended: its row links its timeline, not Cockpit (which shows running
    // processes only); br01's is running: both
    WebElement wc01 = browser.findElement(By.cssSelector("#units tr[data-unit='wc01']"));
    assertThat(wc01.findElements(By.xpath(".//a[normalize-space(.)='流程']"))).isEmpty();
    assertThat(wc01.findElement(By.xpath(".//a[normalize-space(.)='时间线']")).getAttribute("href"))
        .endsWith("/timeline?campaign=" + CODE + "&unit=wc01");
    assertThat(br01.findElement(By.xpath(".//a[normalize-space(.)='流程']")).getAttribute("href"))
        .contains("/camunda/app/cockpit/default/#/process-instance/");
    assertThat(
            br01.findElement(By.xpath(".//a[normalize-space(.)='流程']")).getAttribute("aria-label"))
        .isEqualTo("华东分会 的流程（Cockpit）");
    assertThat(br01.findElement(By.cssSelector("button.urge")).getAttribute("aria-label"))
        .isEqualTo("催办 华东分会");
    // HQ calls units: the directory's contact on each row
    String contact =
        jdbc.queryForObject(
            "SELECT contact_phone FROM stwd_unit WHERE code = 'br01'", String.class);
    assertThat(br01.findElement(By.cssSelector("td.contact")).getText()).contains(contact);
    assertThat(br01.findElement(By.cssSelector("td.contact a")).getAttribute("href"))
        .startsWith("tel:");
    // the plans waiting for review open HQ's review queue
    assertThat(
            browser
                .findElement(By.cssSelector("[data-count='PLAN-SUBMITTED'] a"))
                .getAttribute("href"))
        .endsWith("/review?campaign=" + CODE + "&phase=PLAN");
    // the deadline's label lies inside the chart
    WebElement chart = browser.findElement(By.cssSelector("#chart svg"));
    WebElement deadline =
        browser.findElement(By.xpath("//*[name()='text' and starts-with(., '截止 ')]"));
    assertThat(deadline.getRect().getX() + deadline.getRect().getWidth())
        .isLessThanOrEqualTo(chart.getRect().getX() + chart.getRect().getWidth());
    assertThat(deadline.getRect().getX()).isGreaterThanOrEqualTo(chart.getRect().getX());
    assertThat(br01.findElement(By.xpath(".//a[normalize-space(.)='任务']")).getAttribute("href"))
        .contains("/camunda/app/tasklist/default/#/?task=");
    shot("board-1-overview");

    new Select(browser.findElement(By.id("statusFilter"))).selectByValue("OVERDUE");
    assertThat(rows())
        .extracting(r -> r.getAttribute("data-unit"))
        .containsExactlyInAnyOrder("br01", "br02", "sc02");
    new Select(browser.findElement(By.id("statusFilter"))).selectByValue("");
    new Select(browser.findElement(By.id("categoryFilter"))).selectByValue("SPECIALTY_COMMITTEE");
    assertThat(rows())
        .extracting(r -> r.getAttribute("data-unit"))
        .containsExactlyInAnyOrder("sc01", "sc02");
    new Select(browser.findElement(By.id("categoryFilter"))).selectByValue("");
    assertThat(rows()).hasSize(6);
    // the search and the column orders are answered by the server (at 10,000 units the page holds
    // 100 rows at a time)
    browser.findElement(By.id("search")).sendKeys("西南");
    assertThat(rows()).extracting(r -> r.getAttribute("data-unit")).containsExactly("br02");
    browser.findElement(By.id("search")).clear();
    browser.findElement(By.id("search")).sendKeys(" ");
    assertThat(rows()).hasSize(6);
    browser.findElement(By.cssSelector("#units th[data-sort='overdue'] button")).click();
    browser.findElement(By.cssSelector("#units th[data-sort='overdue'] button")).click();
    wait.until(
        ExpectedConditions.attributeToBe(
            By.cssSelector("#units th[data-sort='overdue']"), "aria-sort", "descending"));
    // the three overdue units (one day each) first, the others after them
    assertThat(rows())
        .extracting(r -> r.findElement(By.cssSelector("td.num")).getText())
        .containsExactly("1", "1", "1", "", "", "");

    // urge one overdue unit
    browser.findElement(By.cssSelector("#units tr[data-unit='br01'] button.urge")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("urgeResult"), "已催办 1 家：华东分会"));
    runJobs();
    assertThat(mailsTo("br01@example.org", "【催办】")).hasSize(1);

    // urge all missing: br01 was just urged (quiet period), br02 and sc02 are urged
    assertThat(browser.findElement(By.id("urgeAll")).getText()).isEqualTo("催办全部未报送单位（3）");
    browser.findElement(By.id("urgeAll")).click();
    browser.switchTo().alert().accept();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("urgeResult"), "已催办 2 家"));
    assertThat(browser.findElement(By.id("urgeResult")).getText())
        .contains("西南分会", "地下工程专业委员会", "未催办 1 家", "华东分会：已于 5月16日 10:00 催办过");
    shot("board-2-urged");
    runJobs();
    assertThat(mailsTo("br02@example.org", "【催办】")).hasSize(1);
    assertThat(mailsTo("br01@example.org", "【催办】")).hasSize(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM stwd_urge WHERE campaign_code = ? AND urged_by = 'hq01'",
                Integer.class,
                CODE))
        .isEqualTo(4);

    // HQ stops a unit's sign-in links (a contact's phone was lost): with a confirmation
    long active =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM stwd_signin_link WHERE unit_code = 'br02' AND revoked_at IS NULL"
                + " AND expires_at > ?",
            Long.class,
            new java.sql.Timestamp(
                org.camunda.bpm.engine.impl.util.ClockUtil.getCurrentTime().getTime()));
    assertThat(active).isPositive();
    browser.findElement(By.cssSelector("#units tr[data-unit='br02'] button.revoke")).click();
    browser.switchTo().alert().accept();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("urgeResult"), "已停用该单位的 " + active + " 个登录链接"));
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM stwd_signin_link WHERE unit_code = 'br02' AND revoked_by = 'hq01'",
                Long.class))
        .isEqualTo(active);
    // the read-only view of the unit's page is linked from the row
    assertThat(
            browser
                .findElement(
                    By.cssSelector("#units tr[data-unit='br02'] a[href*='/unit/?unit=br02']"))
                .getText())
        .isEqualTo("单位视角");

    // a leader reads the same board, without HQ's actions
    login("leader01", "tasklist");
    browser.get("http://localhost:" + port + "/board?campaign=" + CODE);
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#units tbody tr"), 6));
    assertThat(browser.findElements(By.cssSelector("button.urge, button.revoke"))).isEmpty();
    assertThat(browser.findElement(By.id("urgeAll")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.cssSelector(".roster")).isDisplayed()).isFalse();
    assertThat(browser.findElements(By.xpath("//a[normalize-space(.)='时间线']"))).hasSize(6);
    shot("board-3-leader");
  }
}
