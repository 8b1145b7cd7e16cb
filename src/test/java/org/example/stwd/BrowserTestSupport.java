package org.example.stwd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Headless Chromium (Debian's chromium and chromium-driver, never a downloaded browser) against the
 * application started on a random port, in Chinese. Screenshots go to target/browser-screenshots/.
 * Without chromium the browser tests are skipped locally; in CI (CI=true) they must run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class BrowserTestSupport extends ProcessTestSupport {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Path SHOTS = Path.of("target/browser-screenshots");

  @LocalServerPort protected int port;
  protected ChromeDriver browser;
  protected WebDriverWait wait;

  @BeforeEach
  void openBrowser() throws Exception {
    boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    // on a developer machine without chromium this test is skipped, and says so where it cannot be
    // missed; in CI it must run
    if (!present && !"true".equals(System.getenv("CI"))) {
      System.err.printf(
          "%n*** SKIPPED %s: Debian's chromium and chromium-driver are not installed, so the browser tests did NOT run."
              + " Install them with: apt-get install -y chromium chromium-driver fonts-wqy-microhei (.ci/run does). ***%n%n",
          getClass().getSimpleName());
    }
    assumeTrue(
        present || "true".equals(System.getenv("CI")),
        "chromium and chromium-driver are not installed");
    ChromeOptions options = headless(language());
    customize(options);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    Files.createDirectories(SHOTS);
  }

  /**
   * Debian's Chromium, headless, with the switches that keep it from reaching the internet, a fresh
   * profile, a desktop window and the given language (Accept-Language and the JavaScript locale).
   */
  static ChromeOptions headless(String language) throws java.io.IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1100",
        "--lang=" + language,
        "--user-data-dir=" + Files.createTempDirectory("stwd-chromium"));
    options.setExperimentalOption(
        "prefs",
        java.util.Map.of("intl.accept_languages", language + "," + language.split("-")[0]));
    return options;
  }

  /** The browser's language (Accept-Language and the JavaScript locale). */
  protected String language() {
    return "zh-CN";
  }

  /** More browser options (a phone's screen, for instance). */
  protected void customize(ChromeOptions options) {}

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  protected void login(String user) {
    login(user, "tasklist");
  }

  protected void login(String user, String app) {
    browser.manage().deleteAllCookies();
    browser.get("http://localhost:" + port + "/camunda/app/" + app + "/default/");
    // keys typed while the freshly loaded login form is still being bound can be lost (seen about
    // once in four CI runs on a busy 2-core machine): the form stays; type again
    WebElement password =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));
    for (int attempt = 1; ; attempt++) {
      WebElement name =
          browser.findElement(
              By.cssSelector("input[ng-model='username'], #inputUsername, input[name=username]"));
      name.clear();
      name.sendKeys(user);
      password.clear();
      password.sendKeys("test", Keys.ENTER);
      try {
        new WebDriverWait(browser, Duration.ofSeconds(attempt < 3 ? 10 : 20))
            .until(
                ExpectedConditions.invisibilityOfElementLocated(
                    By.cssSelector("input[type=password]")));
        return;
      } catch (org.openqa.selenium.TimeoutException e) {
        if (attempt == 3) {
          throw e;
        }
        try {
          password =
              browser.findElements(By.cssSelector("input[type=password]")).stream()
                  .filter(WebElement::isDisplayed)
                  .findFirst()
                  .orElse(null);
        } catch (org.openqa.selenium.StaleElementReferenceException stale) {
          password = null; // the page is changing: the login went through
        }
        if (password == null) {
          return; // logged in after all, just slowly
        }
      }
    }
  }

  protected String body() {
    return browser.findElement(By.tagName("body")).getText();
  }

  protected void shot(String name) throws Exception {
    File file = browser.getScreenshotAs(OutputType.FILE);
    Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  // ---- form-js forms, as a person fills them (Tasklist and the unit page render the same forms)

  protected void waitForText(String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), text));
  }

  protected WebElement waitFor(By by) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(by));
  }

  protected void center(WebElement e) {
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].scrollIntoView({block: 'center'});", e);
  }

  /** Clicks once nothing lies over the element (a form still settling, a sticky bar). */
  protected void click(By by) {
    wait.ignoring(org.openqa.selenium.ElementClickInterceptedException.class)
        .until(
            d -> {
              WebElement e = d.findElement(by);
              center(e);
              e.click();
              return true;
            });
  }

  protected void clickLabel(String text) {
    click(By.xpath("//label[normalize-space(.)='" + text + "']"));
  }

  /** A form-js field by its key ({@code activities_place_1} for an item of a list). */
  protected WebElement field(String key) {
    WebElement e =
        waitFor(By.cssSelector("[id$='-Field_" + key + "'], [id$='-Field_" + key + "-date']"));
    center(e);
    return e;
  }

  protected void fill(String key, String value) throws InterruptedException {
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
    org.assertj.core.api.Assertions.assertThat(field(key).getAttribute("value"))
        .as(key)
        .isEqualTo(value);
  }

  /** Chooses an option of a form-js select. */
  protected void pick(String key, String optionText) {
    WebElement display = waitFor(By.cssSelector("[id$='-Field_" + key + "-display']"));
    center(display);
    display.click();
    click(
        By.xpath(
            "//*[contains(@class,'fjs-dropdownlist-item')][normalize-space(.)='"
                + optionText
                + "']"));
  }
}
