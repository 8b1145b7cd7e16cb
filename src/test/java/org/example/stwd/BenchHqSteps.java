package org.example.stwd;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The benchmark's steps for HQ's pages and actions with N units in the campaign (issue 21): the
 * board (its data call and the page in headless Chromium), "urge all missing", the daily digest and
 * the exports. Each step writes its lines into the benchmark's results.
 */
final class BenchHqSteps {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private final CampaignBenchmark bench;

  BenchHqSteps(CampaignBenchmark bench) {
    this.bench = bench;
  }

  /**
   * The board with every unit's plan open: the data call of its first page (40 reads, p95 of the
   * last 30) and of searched, filtered and sorted pages; then the page in headless Chromium, five
   * times: until its rows are drawn (first useful paint, from the start of the navigation), and
   * five characters typed into its search box until the list shows the matches.
   */
  void board(String code, int n) throws Exception {
    String base = "/api/campaigns/" + code + "/board";
    List<Long> first = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < 40; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = bench.send("hq01", "GET", base, null);
      long t = System.nanoTime() - t0;
      ok(r, base);
      bytes = r.body().getBytes(StandardCharsets.UTF_8).length;
      if (i >= 10) {
        first.add(t);
      }
    }
    String[] queries = {
      "?q=b0999",
      "?status=AWAITING&sort=unit",
      "?status=OVERDUE&sort=overdue&dir=desc&page=3",
      "?category=BRANCH&sort=submitted&page=7",
      "?q=" + URLEncoder.encode("基准测试单位05", StandardCharsets.UTF_8)
    };
    List<Long> asked = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String path = base + queries[i % queries.length];
      long t0 = System.nanoTime();
      HttpResponse<String> r = bench.send("hq01", "GET", path, null);
      long t = System.nanoTime() - t0;
      ok(r, path);
      if (i >= 10) {
        asked.add(t);
      }
    }
    bench.results.put(
        "board data, first page of 100 rows, N = " + n + " (40 reads, last 30)",
        String.format(
            Locale.ROOT,
            "latency %s; answer %.0f kB",
            CampaignBenchmark.percentiles(first),
            bytes / 1024.0));
    bench.results.put(
        "board data, searched / filtered / sorted pages (40 reads, last 30)",
        "latency " + CampaignBenchmark.percentiles(asked));

    if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
      bench.results.put(
          "board page in Chromium",
          "not measured: Debian's chromium and chromium-driver are not installed");
      return;
    }
    ChromeDriver browser = chromium();
    try {
      login(browser, "hq01");
      List<Long> paints = new ArrayList<>();
      List<Long> searches = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        browser.get(bench.app.url("/board?campaign=" + code));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        // the page marks the moment its rows are first drawn (User Timing, board.js)
        Object paint =
            wait.until(
                d ->
                    browser.executeScript(
                        "const m = performance.getEntriesByName('stwd-board-rows');"
                            + " return m.length ? m[0].startTime : null;"));
        paints.add((long) (((Number) paint).doubleValue() * 1e6));
        WebElement search = browser.findElement(By.id("search"));
        double before = ((Number) browser.executeScript("return performance.now();")).doubleValue();
        search.sendKeys("b0999");
        wait.until(ExpectedConditions.attributeToBe(By.id("units"), "aria-busy", "false"));
        wait.until(
            d ->
                browser.findElements(By.cssSelector("#units tbody tr")).stream()
                    .allMatch(r -> r.getAttribute("data-unit").startsWith("b0999")));
        double after = ((Number) browser.executeScript("return performance.now();")).doubleValue();
        searches.add((long) ((after - before) * 1e6));
        if (i == 0) {
          search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
          wait.until(ExpectedConditions.attributeToBe(By.id("units"), "aria-busy", "false"));
          File shot = browser.getScreenshotAs(OutputType.FILE);
          Files.copy(
              shot.toPath(),
              CampaignBenchmark.OUT.resolve("board-" + n + ".png"),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
      bench.results.put(
          "board page in Chromium, N = " + n + ": rows drawn after the navigation began (5 loads)",
          CampaignBenchmark.percentiles(paints));
      bench.results.put(
          "board page in Chromium: 5 characters typed into the search until the list shows the matches"
              + " (includes the page's 250 ms pause after the last keystroke)",
          CampaignBenchmark.percentiles(searches));
    } finally {
      browser.quit();
    }
  }

  /**
   * "Urge all missing" with every unit's plan outstanding: the time until HQ's answer, and until
   * every urge mail is delivered; none twice.
   */
  void urgeAll(String code, int n) throws Exception {
    bench.stepPeakHeap.set(0);
    CpuTime cpuBefore = bench.cpu();
    long t0 = System.nanoTime();
    JsonNode answer =
        bench.rest(
            "hq01",
            "POST",
            "/api/campaigns/" + code + "/urges",
            "{\"phase\": \"PLAN\", \"units\": []}");
    double answered = (System.nanoTime() - t0) / 1e9;
    int urged = answer.get("urged").size();
    long sent = bench.awaitMails(code, "PLAN_URGE", urged, Duration.ofMinutes(20));
    double delivered = (System.nanoTime() - t0) / 1e9;
    CpuTime used = bench.cpu().since(cpuBefore);
    Thread.sleep(2_000);
    bench.results.put(
        "urge all missing, N = " + n,
        String.format(
            Locale.ROOT,
            "answer after %.1f s (%d urged, %d skipped); %d of %d urge mails delivered %.1f s after the"
                + " click; %d units got one twice; peak heap %.0f MiB",
            answered,
            urged,
            answer.get("skipped").size(),
            sent,
            urged,
            delivered,
            bench.timesTwice("【催办】"),
            bench.stepPeakHeap.get() / 1048576.0));
    bench.cpuRow("urge mail (from the click until the last is delivered)", used, urged);
  }

  /**
   * HQ's daily digest with every unit outstanding: its timer is made due now (the REST API's
   * due-date call, as an operator would), timed until the mail is delivered.
   */
  void digest(String code, int n) throws Exception {
    JsonNode campaign =
        bench.rest(
            "admin",
            "GET",
            "/engine-rest/process-instance?processDefinitionKey=campaign&variables=campaignCode_eq_"
                + code,
            null);
    String instance = campaign.get(0).get("id").asText();
    JsonNode jobs =
        bench.rest(
            "admin",
            "GET",
            "/engine-rest/job?processInstanceId=" + instance + "&activityId=Timer_PlanDigest",
            null);
    if (jobs.isEmpty()) {
      bench.results.put("digest", "not measured: the campaign has no plan digest timer");
      return;
    }
    long before = bench.awaitMails(code, "PLAN_DIGEST", 0, Duration.ZERO);
    int mailsBefore = bench.smtp.getReceivedMessages().length;
    bench.stepPeakHeap.set(0);
    long t0 = System.nanoTime();
    bench.rest(
        "admin",
        "PUT",
        "/engine-rest/job/" + jobs.get(0).get("id").asText() + "/duedate",
        "{\"duedate\": \"2000-01-01T00:00:00.000+0000\"}");
    long sent = bench.awaitMails(code, "PLAN_DIGEST", (int) before + 1, Duration.ofMinutes(10));
    double seconds = (System.nanoTime() - t0) / 1e9;
    long size = 0;
    MimeMessage[] received = bench.smtp.getReceivedMessages();
    for (int i = mailsBefore; i < received.length; i++) {
      if (received[i].getSubject().contains("汇总")) {
        try (InputStream in = received[i].getRawInputStream()) {
          size = Math.max(size, in.readAllBytes().length);
        }
      }
    }
    bench.results.put(
        "HQ's daily digest, " + n + " units outstanding",
        sent > before
            ? String.format(
                Locale.ROOT,
                "delivered %.1f s after its timer was made due (timer pick-up included); mail body"
                    + " %.0f kB; peak heap %.0f MiB",
                seconds,
                size / 1024.0,
                bench.stepPeakHeap.get() / 1048576.0)
            : "not delivered within 10 minutes");
  }

  /**
   * The exports with every plan approved: time and size of each, and the application's peak heap
   * over the three (sampled once a second).
   */
  void exports(String code) throws Exception {
    List<String> lines = new ArrayList<>();
    bench.stepPeakHeap.set(0);
    for (String table : List.of("plans.xlsx", "plans.csv", "summaries.xlsx")) {
      String path = "/api/campaigns/" + code + "/exports/" + table;
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r =
          bench.http.send(
              bench
                  .request("GET", path, null)
                  .header("Authorization", PackagedApp.demoLogin("hq01"))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(path + ": " + r.statusCode());
      }
      String rows = "";
      if (table.endsWith(".csv")) {
        long count = 0;
        for (byte b : r.body()) {
          if (b == '\n') {
            count++;
          }
        }
        rows = ", " + (count - 1) + " rows";
      }
      lines.add(
          String.format(
              Locale.ROOT,
              "%s %.1f s (%.1f MB%s%s)",
              table,
              seconds,
              r.body().length / 1e6,
              rows,
              table.startsWith("summaries") ? ", no summaries collected in this run" : ""));
    }
    Thread.sleep(1_500); // one more heap sample
    lines.add(
        String.format(Locale.ROOT, "peak heap %.0f MiB", bench.stepPeakHeap.get() / 1048576.0));
    long activities =
        bench.count(
            "SELECT COUNT(*) FROM stwd_submission s WHERE s.campaign_code = '"
                + code
                + "' AND s.status = 'APPROVED'");
    bench.results.put(
        "exports with every plan approved (" + activities + " approved submissions)",
        String.join("; ", lines));
  }

  private static void ok(HttpResponse<String> r, String path) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
    }
  }

  private static ChromeDriver chromium() throws Exception {
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
    return new ChromeDriver(service, BrowserTestSupport.headless("zh-CN"));
  }

  /** Signs in at the Camunda login as HQ does (the board follows the webapps' session). */
  private void login(ChromeDriver browser, String user) {
    browser.get(bench.app.url("/camunda/app/cockpit/default/"));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    WebElement password =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));
    WebElement name =
        browser.findElement(
            By.cssSelector("input[ng-model='username'], #inputUsername, input[name=username]"));
    name.sendKeys(user);
    password.sendKeys("demo", Keys.ENTER);
    wait.until(
        ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type=password]")));
  }
}
