package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.camunda.bpm.engine.task.Task;
import org.example.stwd.attachments.TestFiles;
import org.example.stwd.core.Phase;
import org.example.stwd.core.UnitStatus;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Attachments (issue 18) end to end in the browser: a unit contact on a phone (390×844, an
 * English-language browser) opens the summary task from the sign-in link, fills the summary,
 * attaches a photo and a PDF the test makes, removes the PDF and submits; HQ opens the 审核活动总结 task
 * in Tasklist (a desktop browser, in Chinese) and sees the photo's thumbnail; the photo comes back
 * byte for byte from /api/files/{id} and from the phase's zip. Screenshots in
 * target/browser-screenshots/attachments-*.png.
 */
class AttachmentsBrowserTest extends BrowserTestSupport {

  private static final String CODE = "AB-2023";
  private static final String PHOTO = "座谈会现场.jpg";
  private static final String PDF = "活动签到表.pdf";
  private static final Pattern LINK = Pattern.compile("/unit/signin#t=([A-Za-z0-9_-]{43})");

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
  void aContactAttachesAPhotoFromThePhoneAndHqSeesAndDownloadsIt() throws Exception {
    summariesOpenFor(CODE, "wc01");
    // taken during the activity (26 May), camera turned a quarter
    byte[] photo = TestFiles.jpeg(800, 600, 6, "2023:05:26 10:30:00");
    byte[] pdf = TestFiles.pdf();
    Path dir = Files.createTempDirectory("stwd-attachments");
    Path photoFile = Files.write(dir.resolve(PHOTO), photo);
    Path pdfFile = Files.write(dir.resolve(PDF), pdf);

    // the contact opens the summary task from the link in the mail
    browser.get(signInLink());
    waitForText("现在要办");
    assertThat(body()).contains("提交活动总结");
    click(By.xpath("//a[normalize-space(.)='填写并提交']"));
    waitFor(By.cssSelector(".fjs-form"));
    waitFor(By.id("attachments"));
    fill("summaryText", "活动围绕“点亮精神火炬”主题开展，青年科技工作者交流科研经历，反响热烈。");
    fill("responsiblePerson", "陈雨桐");
    fill("responsiblePhone", "010-5550-0101");
    fill("responsibleEmail", "wc01@example.org");

    // both files chosen at once (the input is visually hidden behind its label)
    browser
        .findElement(By.id("att-input"))
        .sendKeys(photoFile.toAbsolutePath() + "\n" + pdfFile.toAbsolutePath());
    WebElement photoRow = waitFor(done(PHOTO));
    waitFor(done(PDF));
    String photoId = photoRow.getAttribute("data-id");
    String pdfId = browser.findElement(done(PDF)).getAttribute("data-id");
    assertThat(photoId).matches("[a-z2-7]{26}");
    assertThat(pdfId).matches("[a-z2-7]{26}").isNotEqualTo(photoId);
    assertThat(photoRow.getText()).contains("拍摄于 2023-05-26");
    assertThat(browser.findElements(By.cssSelector("#attachments .att-warning"))).isEmpty();
    assertThat(rows()).hasSize(2);

    // the PDF removed again: delete, confirm
    click(By.cssSelector("li.att-row[data-name='" + PDF + "'] .att-delete"));
    click(By.cssSelector("li.att-row[data-name='" + PDF + "'] .att-delete-confirm"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(row(PDF)));
    assertThat(rows()).hasSize(1);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stwd_file", Integer.class)).isEqualTo(1);
    waitForLoadedImage(By.cssSelector("li.att-row[data-name='" + PHOTO + "'] img.att-thumb"));
    assertThat(browser.findElement(By.id("att-usage")).getText()).contains("已上传 1 个文件");
    center(browser.findElement(By.id("attachments")));
    shot("attachments-1-unit-page");
    assertThat(horizontalOverflow()).as("the page scrolls sideways").isFalse();

    // submit: the confirmation counts the attachment
    click(By.cssSelector("button.submit"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".att-confirm-note"), "本次报送包含 1 个附件"));
    click(By.cssSelector("button.confirm-submit"));
    waitForText("提交成功");
    shot("attachments-2-receipt");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> campaignUnits.status(CODE, "wc01", Phase.SUMMARY) == UnitStatus.SUBMITTED);
    // the submission lists the photo, not the PDF
    click(By.xpath("//a[normalize-space(.)='查看 / 打印报送内容']"));
    WebElement listed = waitFor(By.cssSelector("#submission-files .att-row"));
    assertThat(listed.getAttribute("data-id")).isEqualTo(photoId);
    assertThat(browser.findElements(By.cssSelector("#submission-files .att-row"))).hasSize(1);
    center(listed);
    shot("attachments-3-submission");
    assertThat(horizontalOverflow()).as("the submission scrolls sideways").isFalse();

    // HQ at the desk: Tasklist in Chinese shows the review with the thumbnail
    Task review = unitTask(CODE, "wc01", Phase.SUMMARY, "Task_ReviewSummary");
    assertThat((String) taskService.getVariable(review.getId(), "summaryFilesText"))
        .contains("/api/files/" + photoId + "/thumb")
        .doesNotContain(pdfId);
    switchToDesktop();
    login("hq01");
    openAndClaim(review);
    waitForText("审核活动总结");
    By thumb = By.cssSelector(".fjs-form img[src*='/api/files/" + photoId + "/thumb']");
    WebElement image = waitForLoadedImage(thumb);
    assertThat(image.findElement(By.xpath("./ancestor::a[1]")).getAttribute("href"))
        .endsWith("/api/files/" + photoId);
    assertThat(body()).contains(PHOTO).doesNotContain(PDF);
    center(image);
    shot("attachments-4-review");

    // the photo downloads byte for byte
    HttpResponse<byte[]> download = asHq("/api/files/" + photoId);
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    assertThat(download.body()).isEqualTo(photo);

    // the phase's zip: the table and the unit's folder with the photo
    HttpResponse<byte[]> zip = asHq("/api/campaigns/" + CODE + "/files.zip?phase=SUMMARY");
    assertThat(zip.statusCode()).isEqualTo(200);
    Map<String, byte[]> entries = unzip(zip.body());
    assertThat(entries.keySet())
        .containsExactlyInAnyOrder("活动总结统计表-" + CODE + ".xlsx", "青年工作委员会（wc01）/" + PHOTO);
    assertThat(entries.get("青年工作委员会（wc01）/" + PHOTO)).isEqualTo(photo);
  }

  private String signInLink() {
    List<MimeMessage> mails = mailsTo("wc01@example.org");
    for (int i = mails.size() - 1; i >= 0; i--) {
      Matcher m = LINK.matcher(textOf(mails.get(i)));
      if (m.find()) {
        return "http://localhost:" + port + "/unit/signin#t=" + m.group(1);
      }
    }
    throw new AssertionError("no sign-in link in the mails to wc01");
  }

  private static By row(String name) {
    return By.cssSelector("#attachments li.att-row[data-name='" + name + "']");
  }

  private static By done(String name) {
    return By.cssSelector("#attachments li.att-row[data-state='done'][data-name='" + name + "']");
  }

  private List<WebElement> rows() {
    return browser.findElements(By.cssSelector("#attachments li.att-row"));
  }

  /** Waits until the image has loaded a picture (an image that failed has naturalWidth 0). */
  private WebElement waitForLoadedImage(By by) {
    return new WebDriverWait(browser, Duration.ofSeconds(20))
        .withMessage("a loaded image " + by)
        .until(
            d -> {
              List<WebElement> found = d.findElements(by);
              if (found.isEmpty()) {
                return null;
              }
              WebElement img = found.get(0);
              center(img); // lazy images load once near the viewport
              Object ok =
                  ((JavascriptExecutor) d)
                      .executeScript(
                          "return arguments[0].complete && arguments[0].naturalWidth > 0;", img);
              return Boolean.TRUE.equals(ok) ? img : null;
            });
  }

  private boolean horizontalOverflow() {
    return (Boolean)
        ((JavascriptExecutor) browser)
            .executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1;");
  }

  /** HQ works at a desktop browser in Chinese: the phone is put away. */
  private void switchToDesktop() throws Exception {
    browser.quit();
    ChromeOptions options = headless("zh-CN");
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build(),
            options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  private void openAndClaim(Task task) {
    browser.get(
        "http://localhost:" + port + "/camunda/app/tasklist/default/#/?task=" + task.getId());
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.xpath("//button[normalize-space(.)='认领'] | //a[normalize-space(.)='认领']")))
        .click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".fjs-form")));
    wait.until(d -> d.findElements(By.cssSelector(".disabled-form")).isEmpty());
  }

  private HttpResponse<byte[]> asHq(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString("hq01:test".getBytes(StandardCharsets.UTF_8)))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }
}
