package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.example.stwd.core.UnitCategory;
import org.example.stwd.directory.DirectoryFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * HQ's unit directory page in headless Chromium: the demo units, a search, adding a unit with two
 * contacts (welcome mails), replacing a unit's contact, importing a CSV (preview, then apply, then
 * the record of changes) and a file with a bad row refused with its line number.
 */
class DirectoryBrowserTest extends BrowserTestSupport {

  static final String NB01_NAME = "宁波联络处,海洋与港口工程分会";

  @Autowired IdentityService identityService;

  @AfterEach
  void demoDirectory() throws Exception {
    restoreDemoDirectory();
  }

  @SuppressWarnings("unchecked")
  private List<String> codes() {
    return (List<String>)
        ((JavascriptExecutor) browser)
            .executeScript(
                "return Array.from(document.querySelectorAll('#units tbody tr[data-code]'))"
                    + ".map(r => r.dataset.code);");
  }

  private void waitForCodes(int count) {
    wait.until(d -> codes().size() == count);
  }

  private String rowText(String code) {
    return browser
        .findElement(By.cssSelector("#units tbody tr[data-code='" + code + "']"))
        .getText();
  }

  private void type(WebElement input, String text) {
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    input.sendKeys(text);
  }

  private void fillContact(WebElement row, String name, String phone, String email) {
    type(row.findElement(By.cssSelector(".contact-name")), name);
    type(row.findElement(By.cssSelector(".contact-phone")), phone);
    type(row.findElement(By.cssSelector(".contact-email")), email);
  }

  private List<WebElement> contactRows() {
    return browser.findElements(By.cssSelector("#contacts .contact-row"));
  }

  private void waitForWelcome(String address, String unitName) throws Exception {
    wait.until(d -> mailsTo(address, "【").size() == 1);
    assertThat(mailsTo(address, "【").get(0).getSubject()).contains(unitName);
    assertThat(textOf(mailsTo(address, "【").get(0))).contains("/unit/signin#t=");
  }

  private String count(String kind) {
    return browser
        .findElement(By.cssSelector("#preview .cell[data-count='" + kind + "'] b"))
        .getText();
  }

  /** The active directory as the import's rows, one per contact, from the database. */
  private List<List<String>> currentRows() {
    List<List<String>> rows = new ArrayList<>();
    for (Map<String, Object> r :
        jdbc.queryForList(
            "SELECT u.code, u.name, u.category, c.name AS contact, c.phone, c.email FROM stwd_unit u"
                + " LEFT JOIN stwd_unit_contact c ON c.unit_code = u.code WHERE u.active"
                + " ORDER BY u.code, c.position")) {
      rows.add(
          new ArrayList<>(
              List.of(
                  (String) r.get("code"),
                  (String) r.get("name"),
                  UnitCategory.valueOf((String) r.get("category")).label(),
                  r.get("contact") == null ? "" : (String) r.get("contact"),
                  r.get("phone") == null ? "" : (String) r.get("phone"),
                  r.get("email") == null ? "" : (String) r.get("email"))));
    }
    return rows;
  }

  /** A UTF-8 CSV file as Excel writes it (RFC 4180 quoting), in a folder of its own. */
  private static Path csvFile(String name, List<List<String>> rows) throws Exception {
    StringBuilder s = new StringBuilder(String.join(",", DirectoryFile.HEADERS)).append("\r\n");
    for (List<String> row : rows) {
      List<String> cells = new ArrayList<>();
      for (String v : row) {
        cells.add(
            v.contains(",") || v.contains("\"") || v.contains("\n")
                ? "\"" + v.replace("\"", "\"\"") + "\""
                : v);
      }
      s.append(String.join(",", cells)).append("\r\n");
    }
    Path file = Files.createTempDirectory("stwd-directory").resolve(name);
    Files.writeString(file, s, StandardCharsets.UTF_8);
    file.toFile().deleteOnExit();
    return file;
  }

  private void preview(Path file) {
    browser.findElement(By.id("importFile")).sendKeys(file.toAbsolutePath().toString());
    wait.until(ExpectedConditions.elementToBeClickable(By.id("previewImport")));
    click(By.id("previewImport"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#preview .summary"), "“" + file.getFileName() + "”"));
  }

  @SuppressWarnings("unchecked")
  private List<String> auditActions() {
    return (List<String>)
        ((JavascriptExecutor) browser)
            .executeScript(
                "return Array.from(document.querySelectorAll('#audit li[data-id]'))"
                    + ".map(li => li.dataset.action);");
  }

  @Test
  void hqSearchesAddsEditsAndImportsUnits() throws Exception {
    wait.ignoring(StaleElementReferenceException.class); // the list and the record are redrawn
    login("hq01");
    browser.get("http://localhost:" + port + "/directory");

    // the demo's twelve units
    waitForCodes(12);
    assertThat(codes()).containsExactlyInAnyOrderElementsOf(DEMO_UNITS);
    assertThat(browser.findElement(By.id("unitCount")).getText()).isEqualTo("共 12 家单位");
    assertThat(rowText("wc01")).contains("青年工作委员会", "工作委员会", "陈雨桐", "wc01@example.org", "启用");
    assertThat(browser.findElements(By.cssSelector("#units tbody tr.inactive"))).isEmpty();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "还没有变更记录。"));
    assertThat(body()).doesNotContain("undefined", "null", "NaN");
    shot("directory-1-units");

    // search
    WebElement search = browser.findElement(By.id("search"));
    search.sendKeys("青年");
    wait.until(d -> codes().equals(List.of("wc01")));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("unitCount"), "搜索“青年”"));
    assertThat(browser.findElement(By.id("unitCount")).getText()).isEqualTo("共 1 家单位，搜索“青年”");
    type(search, "");
    waitForCodes(12);

    // add a unit with two contacts
    click(By.id("addUnit"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("unitForm")));
    assertThat(browser.findElement(By.id("unitFormTitle")).getText()).isEqualTo("新增单位");
    assertThat(contactRows()).hasSize(1);
    browser.findElement(By.id("unitCode")).sendKeys("nb01");
    browser.findElement(By.id("unitName")).sendKeys(NB01_NAME);
    new Select(browser.findElement(By.id("unitCategory"))).selectByVisibleText("分会");
    fillContact(contactRows().get(0), "林海生", "0574-5550-0701", "nb01@example.org");
    click(By.id("addContact"));
    wait.until(d -> contactRows().size() == 2);
    fillContact(contactRows().get(1), "徐晓岚", "0574-5550-0702", "nb01-xu@example.org");
    assertThat(contactRows().get(0).findElement(By.cssSelector(".role")).getText())
        .isEqualTo("主要联系人");
    assertThat(contactRows().get(1).findElement(By.cssSelector(".role")).getText())
        .isEqualTo("联系人 2");
    shot("directory-2-add-form");
    click(By.id("saveUnit"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("unitsResult"), "已保存“" + NB01_NAME + "”（nb01）。新联系人 林海生、徐晓岚 将收到含登录链接的欢迎邮件。"));
    assertThat(browser.findElement(By.id("unitForm")).isDisplayed()).isFalse();
    waitForCodes(13);
    assertThat(rowText("nb01"))
        .contains(
            NB01_NAME,
            "分会",
            "林海生",
            "主要",
            "0574-5550-0701",
            "nb01@example.org",
            "徐晓岚",
            "nb01-xu@example.org");
    waitForWelcome("nb01@example.org", NB01_NAME);
    waitForWelcome("nb01-xu@example.org", NB01_NAME);

    // replace wc02's contact
    click(By.cssSelector("button.edit[data-code='wc02']"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("unitFormTitle"), "编辑单位：科普工作委员会"));
    assertThat(browser.findElement(By.id("unitCode")).getAttribute("value")).isEqualTo("wc02");
    assertThat(browser.findElement(By.id("unitCode")).getAttribute("readOnly")).isEqualTo("true");
    assertThat(contactRows()).hasSize(1);
    assertThat(
            contactRows().get(0).findElement(By.cssSelector(".contact-name")).getAttribute("value"))
        .isEqualTo("赵一鸣");
    click(By.cssSelector("#contacts .contact-row .remove-contact"));
    wait.until(d -> contactRows().isEmpty());
    click(By.id("addContact"));
    wait.until(d -> contactRows().size() == 1);
    fillContact(contactRows().get(0), "高文静", "010-5550-0112", "wc02-gao@example.org");
    click(By.id("saveUnit"));
    wait.until(ExpectedConditions.alertIsPresent());
    assertThat(browser.switchTo().alert().getText()).contains("赵一鸣（wc02@example.org）");
    browser.switchTo().alert().accept();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("unitsResult"), "已保存“科普工作委员会”（wc02）。新联系人 高文静 将收到含登录链接的欢迎邮件。"));
    wait.until(d -> rowText("wc02").contains("高文静"));
    assertThat(rowText("wc02")).contains("wc02-gao@example.org").doesNotContain("赵一鸣");
    waitForWelcome("wc02-gao@example.org", "科普工作委员会");
    wait.until(d -> auditActions().equals(List.of("EDIT", "ADD")));

    // import: the directory as it is, sc01's contact replaced, two new units
    List<List<String>> rows = currentRows();
    assertThat(rows).hasSize(14); // 12 demo units with one contact each, nb01 with two
    for (List<String> row : rows) {
      if (row.get(0).equals("sc01")) {
        row.set(3, "周立言");
        row.set(4, "010-5550-0211");
        row.set(5, "sc01-zhou@example.org");
      }
    }
    rows.add(List.of("ls03", "南湖省示例学会", "地方学会", "钱文博", "0571-5550-0403", "ls03@example.org"));
    rows.add(List.of("gm03", "示例盾构装备有限公司（“智能掘进”实验室）", "团体会员单位", "欧阳可", "", "gm03@example.org"));
    Path file = csvFile("单位名录.csv", rows);
    preview(file);
    assertThat(browser.findElement(By.cssSelector("#preview .summary")).getText())
        .isEqualTo("“单位名录.csv”：共 16 行，15 家单位、16 位联系人。");
    assertThat(count("NEW")).isEqualTo("2");
    assertThat(count("CHANGED")).isEqualTo("1");
    assertThat(count("DEACTIVATED")).isEqualTo("0");
    assertThat(count("UNCHANGED")).isEqualTo("12");
    assertThat(browser.findElements(By.cssSelector("#preview .problem"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("#preview .alert"))).isEmpty();
    assertThat(
            browser.findElements(By.cssSelector("#preview .change")).stream()
                .map(c -> c.getAttribute("data-kind") + " " + c.getAttribute("data-code"))
                .toList())
        .containsExactly("NEW ls03", "NEW gm03", "CHANGED sc01");
    assertThat(browser.findElement(By.cssSelector("#preview .change[data-code='sc01']")).getText())
        .contains("岩体结构专业委员会", "新增联系人 周立言 <sc01-zhou@example.org>", "移除联系人 孙可欣 <sc01@example.org>");
    assertThat(browser.findElement(By.cssSelector("#preview .change[data-code='gm03']")).getText())
        .contains("示例盾构装备有限公司（“智能掘进”实验室）", "团体会员单位", "联系人 欧阳可 <gm03@example.org>");
    center(browser.findElement(By.id("importPanel")));
    shot("directory-3-preview");
    // nothing is imported by a preview
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_unit", Integer.class)).isEqualTo(13);
    // a file without problems may be applied (the page reads the preview's canApply)
    WebElement apply = browser.findElement(By.id("applyImport"));
    assertThat(apply.isDisplayed()).isTrue();
    assertThat(apply.getText()).isEqualTo("确认导入（新增 2 家、变更 1 家、停用 0 家、未变 12 家）");
    assertThat(apply.isEnabled()).isTrue();

    click(By.id("applyImport"));
    wait.until(ExpectedConditions.alertIsPresent());
    assertThat(browser.switchTo().alert().getText())
        .contains("确认导入“单位名录.csv”？", "新增 2 家、变更 1 家、停用 0 家、未变 12 家", "本次没有");
    browser.switchTo().alert().accept();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("importResult"),
            "已导入“单位名录.csv”：新增 2 家、变更 1 家、停用 0 家、未变 12 家；名录现有 15 家单位、16 位联系人。"));
    assertThat(browser.findElement(By.id("importResult")).getText())
        .contains("新联系人将收到含登录链接的欢迎邮件。")
        .doesNotContain("预览后被修改过");
    assertThat(browser.findElement(By.id("applyImport")).isDisplayed()).isFalse();
    waitForCodes(15);
    wait.until(d -> rowText("sc01").contains("周立言"));
    assertThat(rowText("sc01")).doesNotContain("孙可欣");
    assertThat(rowText("gm03")).contains("示例盾构装备有限公司（“智能掘进”实验室）", "欧阳可");
    assertThat(rowText("nb01")).contains(NB01_NAME, "林海生", "徐晓岚");
    waitForWelcome("ls03@example.org", "南湖省示例学会");
    waitForWelcome("gm03@example.org", "示例盾构装备有限公司");
    waitForWelcome("sc01-zhou@example.org", "岩体结构专业委员会");
    // nobody who already was a contact is welcomed again
    assertThat(mailsTo("nb01@example.org", "【")).hasSize(1);
    assertThat(mailsTo("wc01@example.org", "【")).isEmpty();

    // the record of changes, newest first
    wait.until(d -> auditActions().equals(List.of("IMPORT", "EDIT", "ADD")));
    List<WebElement> audit = browser.findElements(By.cssSelector("#audit li[data-id]"));
    assertThat(audit.get(0).getText())
        .contains("导入", "导入单位名录：新增 2 家、变更 1 家、停用 0 家；共 15 家单位、16 位联系人", "hq01", "明细（3 条）");
    assertThat(audit.get(1).getText()).contains("修改", "修改单位 科普工作委员会（wc02）", "hq01");
    assertThat(audit.get(2).getText()).contains("新增", "新增单位 " + NB01_NAME + "（nb01）", "hq01");
    assertThat(Long.parseLong(audit.get(0).getAttribute("data-id")))
        .isGreaterThan(Long.parseLong(audit.get(1).getAttribute("data-id")));
    WebElement details = audit.get(0).findElement(By.tagName("summary"));
    center(details);
    details.click();
    wait.until(d -> audit.get(0).getText().contains("变更 岩体结构专业委员会（sc01）"));
    assertThat(audit.get(0).getText())
        .contains("新增 南湖省示例学会（ls03）", "新增 示例盾构装备有限公司（“智能掘进”实验室）（gm03）");
    assertThat(body()).doesNotContain("undefined", "NaN");
    shot("directory-4-imported");

    // a file with one bad row: that problem with its line number, nothing to apply
    List<List<String>> bad = currentRows();
    bad.add(5, List.of("kx01", "示例科学院", "学院", "", "", ""));
    preview(csvFile("单位名录-有错.csv", bad));
    List<WebElement> problems =
        browser.findElements(By.cssSelector("#preview .problem[data-line]"));
    assertThat(problems).hasSize(1);
    // the header is line 1: the sixth row is line 7
    assertThat(problems.get(0).getAttribute("data-line")).isEqualTo("7");
    assertThat(problems.get(0).getText()).startsWith("第 7 行：单位类别「学院」无效，可选：工作委员会、专业委员会");
    assertThat(browser.findElement(By.cssSelector("#preview .alert")).getText())
        .isEqualTo("文件有 1 处问题，未导入任何数据。请修改后重新上传。");
    assertThat(browser.findElements(By.cssSelector("#preview .cell"))).isEmpty();
    WebElement refused = browser.findElement(By.id("applyImport"));
    assertThat(refused.isDisplayed()).isTrue();
    assertThat(refused.isEnabled()).isFalse();
    assertThat(browser.findElement(By.id("importResult")).isDisplayed()).isFalse();
    center(browser.findElement(By.id("importPanel")));
    shot("directory-5-bad-row");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_unit", Integer.class)).isEqualTo(15);
    assertThat(auditActions()).hasSize(3);
  }
}
