package org.example.stwd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The benchmark of a nationwide campaign (not part of the test command: {@code ./mvnw -Pbench
 * verify}). The packaged application runs as its own process on the local PostgreSQL (a database
 * created for the run, synchronous commit, history level full) with -Xmx1g and sends its mail to a
 * GreenMail server in this JVM. It measures, for campaigns of N units:
 *
 * <ol>
 *   <li>fan-out: from the approval of the forwarding until every unit's plan task and its three
 *       timers exist (N = each of {@code bench.sizes});
 *   <li>inbox: HQ's Tasklist filter query (list of 15 and count) with all units' tasks open,
 *       p50/p95;
 *   <li>reminder burst: N reminder timers due at the same moment, until all N mails are delivered
 *       (and none twice);
 *   <li>the unit page and throughput: every unit's contact signs in, opens its page and its plan
 *       form and submits the plan through the unit API, from 8 clients (page reads p95,
 *       submissions/s); HQ's review queue (first page p95, 100 approved in one request), then every
 *       other plan reviewed through REST by HQ from 8 client threads;
 *   <li>HQ with every plan outstanding ({@link BenchHqSteps}, issue 21): the board's data call and
 *       the board in headless Chromium (rows drawn, search), "urge all missing", the daily digest;
 *       after the reviews, the exports (three activities per plan);
 *   <li>peak heap and RSS of the application;
 *   <li>the bare-engine baseline ({@link BareEngineBaseline}, issue 21): the same unit model (user
 *       task and its three timers) for the largest N on a plain engine in this JVM, on its own
 *       database of the same PostgreSQL server, started in async batches of 100 and completed
 *       through the Java API from 8 threads; run before the application starts, so nothing competes
 *       with it ({@code -Dbench.skip=bare} leaves it out). Reported beside the product's figures as
 *       the fan-out ratio (product seconds / bare-engine seconds) and the completion ratio (product
 *       submissions per second / bare-engine completions per second), which depend less on the
 *       machine than the absolute figures.
 * </ol>
 *
 * The results are printed and written to target/bench/results.md.
 */
class CampaignBenchmark {

  static {
    // the SMTP catcher (GreenMail) runs in this JVM and parses every mail with Jakarta Mail, which
    // otherwise looks its StreamProvider up through the whole class path for each MIME part
    // (jakartaee/mail-api#861): it would take CPU from the application it measures
    System.setProperty(
        "jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
  }

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path OUT = Path.of("target/bench");
  static final int THREADS = Integer.getInteger("bench.threads", 8);

  /**
   * Application nodes on the one database ({@code -Dbench.nodes=3}, issue 21): the job executors
   * share the fan-out, the burst and the mails; the clients' requests are spread over the nodes (a
   * unit's contact stays on one node, as behind a load balancer with sticky sessions).
   */
  static final int NODES = Integer.getInteger("bench.nodes", 1);

  static final List<Integer> SIZES =
      Arrays.stream(System.getProperty("bench.sizes", "100,1000,10000").split(","))
          .map(String::trim)
          .map(Integer::parseInt)
          .sorted()
          .toList();

  /**
   * Steps left out of a run, for looking into the others: {@code -Dbench.skip=inbox,burst}, and
   * {@code -Dbench.stopAfter=inbox} (the burst and the throughput, leaving every task open).
   */
  static final Set<String> SKIP =
      Stream.concat(
              Arrays.stream(System.getProperty("bench.skip", "").split(","))
                  .map(String::trim)
                  .filter(s -> !s.isEmpty()),
              "inbox".equals(System.getProperty("bench.stopAfter", ""))
                  ? Stream.of("burst", "throughput")
                  : Stream.empty())
          .collect(Collectors.toSet());

  /**
   * The six categories and how many bench units each gets: the first holds 1 % of the largest size,
   * the second 9 %.
   */
  static final String[] CATEGORIES = {
    "SUPPORTING_UNIT",
    "GROUP_MEMBER",
    "WORKING_COMMITTEE",
    "SPECIALTY_COMMITTEE",
    "BRANCH",
    "LOCAL_SOCIETY"
  };

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  final Map<String, String> results = new LinkedHashMap<>();
  PostgresTestDatabase db;
  GreenMail smtp;

  /** The first node: the one the single-node steps (Chromium, heap figures) look at. */
  PackagedApp app;

  final List<PackagedApp> nodes = new ArrayList<>();

  /** Requests sent to each node, and the heap peak of each. */
  final List<AtomicLong> requestsPerNode = new ArrayList<>();

  final List<AtomicLong> peakHeapPerNode = new ArrayList<>();

  private final AtomicInteger nextNode = new AtomicInteger();

  /** The node the current thread's unit contact talks to (its session lives there). */
  private final ThreadLocal<PackagedApp> pinned = new ThreadLocal<>();

  final AtomicLong peakHeap = new AtomicLong();

  /** The peak heap since the current step began (reset by a step that reports its own). */
  final AtomicLong stepPeakHeap = new AtomicLong();

  /** The peak of the live data after a collection (old generation) since the step began. */
  final AtomicLong stepPeakLive = new AtomicLong();

  LocalDate today;

  /** The bare engine's figures and the product's beside which they are reported (issue 21). */
  BareEngineBaseline.Result bare;

  double productFanOutSeconds = Double.NaN;

  /** Rows inserted per unit by the largest campaign's fan-out and its notices (ADR 0014). */
  double productRowsPerUnit = Double.NaN;

  double productSubmissionsPerSecond = Double.NaN;
  double productReviewsPerSecond = Double.NaN;

  /**
   * CPU milliseconds of the application and PostgreSQL together per plan submission and per review
   * ({@link CpuTime}).
   */
  double productSubmissionCpu = Double.NaN;

  double productReviewCpu = Double.NaN;

  /** The CPU time of the last {@link #measure} call. */
  CpuTime lastCpu;

  /** The completions per second of the last {@link #measure} call. */
  double lastRate = Double.NaN;

  @Test
  void nationwideCampaign() throws Exception {
    Files.createDirectories(OUT);
    int largest = SIZES.get(SIZES.size() - 1);
    db = PostgresTestDatabase.create("bench");
    smtp =
        new GreenMail(
            new ServerSetup(PackagedApp.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    // the largest campaign's reminders fall due at 09:00 in the application's zone: some minutes
    // from now
    // (without the burst: three hours from now, after the run)
    int reminderDelay =
        SKIP.contains("burst") ? 180 : Integer.getInteger("bench.reminderDelayMinutes", 12);
    Instant reminderAt =
        Instant.now().plus(reminderDelay, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
    ZoneOffset zone = PackagedApp.zoneWhereNineIs(reminderAt);
    // PostgreSQL as in production: autovacuum keeps the planner's statistics (this machine's
    // PostgreSQL has it switched off; it is switched on for the run and back off afterwards)
    boolean autovacuumWasOff = !PostgresTestDatabase.setting("autovacuum").equals("on");
    if (autovacuumWasOff) {
      PostgresTestDatabase.alterSystem("autovacuum", "on");
    }
    results.put(
        "PostgreSQL",
        PostgresTestDatabase.setting("server_version")
            + "; synchronous_commit "
            + PostgresTestDatabase.setting("synchronous_commit")
            + ", fsync "
            + PostgresTestDatabase.setting("fsync")
            + ", autovacuum "
            + PostgresTestDatabase.setting("autovacuum")
            + (autovacuumWasOff ? " (switched on for the run)" : "")
            + ", shared_buffers "
            + PostgresTestDatabase.setting("shared_buffers"));
    try {
      // the bare-engine baseline first: the application is not running yet, so the two do not
      // compete, and the steps of the application keep their order and timing
      if (!SKIP.contains("bare")) {
        bareEngine(largest);
      }
      startApp(zone);
      Thread sampler = heapSampler();
      createUnits(largest);
      today = reminderAt.atOffset(zone).toLocalDate();

      // 1. fan-out for each size; only the largest campaign's reminders are due today
      for (int n : SIZES) {
        String code = "BENCH-" + n;
        double seconds =
            fanOut(
                code,
                n,
                categoriesFor(n),
                today,
                n == largest ? today.plusDays(3) : today.plusDays(10));
        if (n == largest) {
          productFanOutSeconds = seconds;
        }
        results.put(
            "fan-out, N = " + n + " (tasks and timers exist)",
            String.format(Locale.ROOT, "%.1f s (%.0f units/s)", seconds, n / seconds));
      }
      String big = "BENCH-" + largest;

      // 2. inbox with every task open
      if (!SKIP.contains("inbox")) {
        inbox(big);
      }

      // 3. reminder burst at 09:00
      if (!SKIP.contains("burst")) {
        reminderBurst(big, largest, reminderAt);
      }

      // 4. HQ's pages and actions with every unit's plan outstanding (issue 21)
      BenchHqSteps hq = new BenchHqSteps(this);
      if (!SKIP.contains("board")) {
        hq.board(big, largest);
      }
      if (!SKIP.contains("urge")) {
        hq.urgeAll(big, largest);
      }
      if (!SKIP.contains("digest")) {
        hq.digest(big, largest);
      }

      // 5. every plan submitted and reviewed through REST from 8 threads
      if (!SKIP.contains("throughput")) {
        throughput(big);
        // 6. the exports with every plan approved (three activities each)
        if (!SKIP.contains("exports")) {
          hq.exports(big);
        }
      }

      sampler.interrupt();
      results.put(
          "peak heap used (-Xmx1g)",
          String.format(Locale.ROOT, "%.0f MiB", peakHeap.get() / 1048576.0));
      results.put("peak RSS (VmHWM)", peakRss());
      if (NODES > 1) {
        perNode();
      }
      results.put("incidents", String.valueOf(count("SELECT COUNT(*) FROM act_ru_incident")));
      results.put(
          "OptimisticLockingException in the application log (retried by the engine)",
          String.valueOf(
              nodeLogs().stream()
                  .mapToLong(
                      log -> {
                        try {
                          return Files.readAllLines(log).stream()
                              .filter(l -> l.contains("OptimisticLockingException"))
                              .count();
                        } catch (IOException e) {
                          throw new java.io.UncheckedIOException(e);
                        }
                      })
                  .sum()));
    } finally {
      if (autovacuumWasOff) {
        PostgresTestDatabase.alterSystem("autovacuum", null);
      }
      bareEngineRatios();
      report();
      for (PackagedApp node : nodes) {
        node.process().destroy();
      }
      for (PackagedApp node : nodes) {
        node.process().waitFor(30, TimeUnit.SECONDS);
      }
      smtp.stop();
      if (Boolean.getBoolean("bench.keepDatabase")) {
        db.keep();
        System.out.println("kept database " + db.url);
      } else {
        db.drop();
      }
    }
  }

  // ---- the scenario ----

  static List<String> categoriesFor(int n) {
    int largest = SIZES.get(SIZES.size() - 1);
    if (n <= largest / 100) {
      return List.of(CATEGORIES[0]);
    }
    if (n <= largest / 10) {
      return List.of(CATEGORIES[0], CATEGORIES[1]);
    }
    return List.of(CATEGORIES);
  }

  /**
   * Bench units b00001…: 1 % in the first category, 9 % in the second, the rest spread over the
   * others.
   */
  void createUnits(int total) throws Exception {
    long started = System.nanoTime();
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE stwd_unit SET active = FALSE"); // the 12 demo units take no part
      }
      String[] pwd = new String[2];
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT pwd_, salt_ FROM act_id_user WHERE id_ = 'wc01'")) {
        rs.next();
        pwd[0] = rs.getString(1);
        pwd[1] = rs.getString(2);
      }
      try (PreparedStatement unit =
              c.prepareStatement(
                  "INSERT INTO stwd_unit (code, name, category, contact_user_id, contact_name, contact_email, contact_phone, active) VALUES (?, ?, ?, ?, ?, ?, ?, TRUE)");
          PreparedStatement user =
              c.prepareStatement(
                  "INSERT INTO act_id_user (id_, rev_, first_, last_, email_, pwd_, salt_, attempts_) VALUES (?, 1, ?, '', ?, ?, ?, 0)");
          PreparedStatement group =
              c.prepareStatement(
                  "INSERT INTO act_id_group (id_, rev_, name_, type_) VALUES (?, 1, ?, 'WORKFLOW')");
          PreparedStatement member =
              c.prepareStatement(
                  "INSERT INTO act_id_membership (user_id_, group_id_) VALUES (?, ?)")) {
        for (int i = 1; i <= total; i++) {
          String code = String.format("b%05d", i);
          String category =
              i <= total / 100
                  ? CATEGORIES[0]
                  : i <= total / 10 ? CATEGORIES[1] : CATEGORIES[2 + i % 4];
          String name = "基准测试单位" + code.substring(1);
          unit.setString(1, code);
          unit.setString(2, name);
          unit.setString(3, category);
          unit.setString(4, code);
          unit.setString(5, "联系人" + code.substring(1));
          unit.setString(6, code + "@example.org");
          unit.setString(7, "010-5550-" + code.substring(2));
          unit.addBatch();
          user.setString(1, code);
          user.setString(2, "联系人" + code.substring(1));
          user.setString(3, code + "@example.org");
          user.setString(4, pwd[0]);
          user.setString(5, pwd[1]);
          user.addBatch();
          group.setString(1, "unit-" + code);
          group.setString(2, name);
          group.addBatch();
          member.setString(1, code);
          member.setString(2, "unit-" + code);
          member.addBatch();
          member.setString(1, code);
          member.setString(2, "unit-contacts");
          member.addBatch();
        }
        unit.executeBatch();
        user.executeBatch();
        group.executeBatch();
        member.executeBatch();
      }
      c.commit();
    }
    System.out.printf(
        "created %d units with their contacts in %.1f s%n",
        total, (System.nanoTime() - started) / 1e9);
  }

  double fanOut(
      String code, int n, List<String> categories, LocalDate today, LocalDate planDeadline)
      throws Exception {
    rest(
        "hq01",
        "POST",
        "/engine-rest/process-definition/key/campaign/submit-form",
        """
        {"variables": {
          "campaignCode": {"value": "%s"}, "campaignYear": {"value": %d},
          "noticeTitle": {"value": "关于开展“全国科技工作者日”活动的通知（基准测试 %s）"},
          "noticeDocNumbers": {"value": "示例发宣字〔%d〕7号"}, "noticeIssuers": {"value": "示例科协"},
          "noticeIssueDate": {"value": "%s"}, "campaignTheme": {"value": "点亮精神火炬"},
          "activityWindowStart": {"value": "%s"}, "activityWindowEnd": {"value": "%s"},
          "upwardDeadline": {"value": "%s"},
          "activityCategories": {"value": "“点亮精神火炬”主题活动\\n弘扬科学家精神系列活动"},
          "noticeText": {"value": "基准测试用通知正文。"}}}
        """
            .formatted(
                code,
                today.getYear(),
                code,
                today.getYear(),
                today,
                planDeadline.plusDays(2),
                today.plusDays(30),
                today.plusDays(50)));
    String draft = onlyTask("hq01", code, "Task_DraftForwarding");
    rest(
        "hq01",
        "POST",
        "/engine-rest/task/" + draft + "/submit-form",
        """
        {"variables": {
          "forwardingDocNumber": {"value": "示学字〔%d〕1%d号"},
          "forwardingTitle": {"value": "关于组织开展“全国科技工作者日”活动的通知（基准测试 %s）"},
          "targetCategories": {"type": "Json", "value": "%s"},
          "planDeadline": {"value": "%s"}, "summaryDeadline": {"value": "%s"},
          "reminderLeadDays": {"value": 3}, "graceDays": {"value": 5},
          "contactName": {"value": "林晓楠"}, "contactPhone": {"value": "010-5550-0001"}, "contactEmail": {"value": "hq01@example.org"}}}
        """
            .formatted(
                today.getYear(),
                n,
                code,
                JSON.writeValueAsString(categories).replace("\"", "\\\""),
                planDeadline,
                today.plusDays(40)));
    String approve = onlyTask("leader01", code, "Task_ApproveForwarding");
    // rows counted for the largest campaign only: each reading waits for the figure to hold still
    boolean countRows = n == SIZES.stream().mapToInt(Integer::intValue).max().orElse(n);
    double rowsBefore = countRows ? db.rowsInserted() : 0;
    CpuTime cpuBefore = cpu();
    Instant approvedAt = Instant.now();
    long started = System.nanoTime();
    rest(
        "leader01",
        "POST",
        "/engine-rest/task/" + approve + "/submit-form",
        "{\"variables\": {\"forwardingDecision\": {\"value\": \"APPROVE\"}}}");
    String like = code + ":%";
    while (count("SELECT units_addressed FROM stwd_campaign WHERE code = '" + code + "'") == 0) {
      Thread.sleep(100);
    }
    long addressed = count("SELECT units_addressed FROM stwd_campaign WHERE code = '" + code + "'");
    if (addressed != n) {
      throw new IllegalStateException(
          code
              + " addresses "
              + addressed
              + " units, not "
              + n
              + " (sizes must be 1 %, 10 % and 100 % of the largest)");
    }
    String unitTasks =
        "FROM act_ru_task t JOIN act_ru_execution e ON e.id_ = t.proc_inst_id_ WHERE e.business_key_ LIKE '"
            + like
            + "' AND t.task_def_key_ = 'Task_SubmitPlan'";
    String unitTimers =
        "FROM act_ru_job j JOIN act_ru_execution e ON e.id_ = j.process_instance_id_ WHERE e.business_key_ LIKE '"
            + like
            + "' AND j.type_ = 'timer'";
    // polled once a second through the status table's primary key, so that the benchmark's own
    // queries take little from the application (counting the tasks and timers reads the whole
    // execution and job tables: 250 ms of PostgreSQL's time at 10,000 units). A unit's process
    // gets its instance id in the transaction that creates its task and timers; those are
    // counted once every unit has one.
    String startedUnits =
        "SELECT COUNT(*) FROM stwd_campaign_unit WHERE campaign_code = '"
            + code
            + "' AND plan_instance_id IS NOT NULL";
    while (true) {
      if (count(startedUnits) == n) {
        long tasks = count("SELECT COUNT(*) " + unitTasks);
        long timers = count("SELECT COUNT(*) " + unitTimers);
        if (tasks == n && timers == 3L * n) {
          break;
        }
      }
      if (System.nanoTime() - started > TimeUnit.MINUTES.toNanos(20)) {
        throw new IllegalStateException(
            code
                + ": only "
                + count("SELECT COUNT(*) " + unitTasks)
                + " tasks and "
                + count("SELECT COUNT(*) " + unitTimers)
                + " timers after 20 minutes");
      }
      Thread.sleep(1000);
    }
    double polled = (System.nanoTime() - started) / 1e9;
    // the exact end: when the engine created the last task or timer (its own records)
    Instant lastTask = db.timestamp("SELECT MAX(t.create_time_) " + unitTasks);
    Instant lastTimer =
        db.timestamp(
            "SELECT MAX(l.timestamp_) FROM act_hi_job_log l JOIN act_ru_execution e ON e.id_ = l.process_instance_id_ WHERE e.business_key_ LIKE '"
                + like
                + "' AND l.job_state_ = 0 AND l.job_def_type_ LIKE 'timer%'");
    double recorded =
        Duration.between(approvedAt, lastTask.isAfter(lastTimer) ? lastTask : lastTimer).toMillis()
            / 1000.0;
    double seconds = recorded > 0 && recorded <= polled ? recorded : polled;
    System.out.printf("%s: %d unit tasks and %d timers in %.1f s%n", code, n, 3 * n, seconds);
    // notices go out in the background; wait for them so that the next measurement starts quiet
    long notices = awaitMails(code, "NOTICE", n, Duration.ofMinutes(30));
    CpuTime used = cpu().since(cpuBefore);
    results.put(
        "  notices delivered, N = " + n,
        String.format(
            Locale.ROOT, "%.1f s after the approval", (System.nanoTime() - started) / 1e9));
    if (notices != n) {
      throw new IllegalStateException(code + ": " + notices + " notices for " + n + " units");
    }
    if (countRows) {
      productRowsPerUnit = (db.rowsInserted() - rowsBefore) / n;
      results.put(
          "  rows inserted per unit, N = " + n + " (the approval, the fan-out and the notices)",
          String.format(Locale.ROOT, "%.1f", productRowsPerUnit));
      cpuRow("unit, N = " + n + " (the approval, the fan-out and the notices)", used, n);
    }
    return seconds;
  }

  long awaitMails(String code, String kind, int n, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    long sent;
    while ((sent =
            count(
                "SELECT COUNT(*) FROM stwd_mail_sent WHERE idem_key LIKE '"
                    + code
                    + "|%|"
                    + kind
                    + "|%'"))
        < n) {
      if (System.nanoTime() > deadline) {
        return sent;
      }
      Thread.sleep(500);
    }
    return sent;
  }

  void inbox(String code) throws Exception {
    Map<String, String> filters = new HashMap<>();
    for (JsonNode f : rest("admin", "GET", "/engine-rest/filter", null)) {
      filters.put(f.get("name").asText(), f.get("id").asText());
    }
    // (unit contacts have no Tasklist: their page is measured in unitPage)
    String hqFilter = filters.get("全部活动任务");
    String body = "{\"sorting\":[{\"sortBy\":\"dueDate\",\"sortOrder\":\"asc\"}]}";
    long open = count("SELECT COUNT(*) FROM act_ru_task");
    for (String[] who : new String[][] {{"hq01", hqFilter, "HQ (全部活动任务)"}}) {
      List<Long> list = new ArrayList<>();
      List<Long> counts = new ArrayList<>();
      for (int i = 0; i < 220; i++) {
        long t0 = System.nanoTime();
        JsonNode page =
            rest(
                who[0],
                "POST",
                "/engine-rest/filter/" + who[1] + "/list?firstResult=0&maxResults=15",
                body);
        long t1 = System.nanoTime();
        rest(who[0], "POST", "/engine-rest/filter/" + who[1] + "/count", body);
        long t2 = System.nanoTime();
        if (i >= 20) {
          list.add(t1 - t0);
          counts.add(t2 - t1);
        }
      }
      results.put("inbox, " + who[2] + ", list of 15 (" + open + " tasks open)", percentiles(list));
      results.put("inbox, " + who[2] + ", count", percentiles(counts));
    }
  }

  void reminderBurst(String code, int n, Instant reminderAt) throws Exception {
    long wait = Duration.between(Instant.now(), reminderAt).toMillis();
    if (wait < 0) {
      results.put(
          "reminder burst",
          "not measured: the earlier steps ran past the reminder time (raise bench.reminderDelayMinutes)");
      return;
    }
    System.out.printf("waiting %d s for the reminders at %s%n", wait / 1000, reminderAt);
    Thread.sleep(wait);
    CpuTime cpuBefore = cpu();
    long started = System.nanoTime();
    long sent = awaitMails(code, "PLAN_REMINDER", n, Duration.ofMinutes(20));
    double seconds = (System.nanoTime() - started) / 1e9;
    CpuTime used = cpu().since(cpuBefore);
    Thread.sleep(10_000);
    long twice = timesTwice("【提醒】");
    results.put(
        "reminder burst, N = " + n + " (all due 09:00)",
        String.format(
            Locale.ROOT,
            "%d of %d delivered in %.1f s (%.0f mails/s); %d units got one twice",
            sent,
            n,
            seconds,
            sent / seconds,
            twice));
    cpuRow("reminder (from its due time until the last is delivered)", used, sent);
  }

  void throughput(String code) throws Exception {
    List<String[]> plans = tasks(code, "Task_SubmitPlan");
    String plan =
        """
        {"holdsActivities": "YES",
         "activities": [{"activityName": "青年科技工作者座谈会", "activityCategory": "“点亮精神火炬”主题活动",
           "startDate": "%1$s", "endDate": "%1$s", "place": "示例市科技会堂", "mode": "OFFLINE",
           "audience": "青年科技工作者", "expectedParticipants": 80, "description": "围绕科学家精神开展交流。",
           "publicityChannels": "", "requestsKeyPublicity": false},
          {"activityName": "科学家精神报告会", "activityCategory": "弘扬科学家精神系列活动",
           "startDate": "%1$s", "endDate": "%1$s", "place": "示例大学礼堂", "mode": "OFFLINE",
           "audience": "高校师生", "expectedParticipants": 200, "description": "邀请资深科技工作者讲述科研经历。",
           "publicityChannels": "学会网站", "requestsKeyPublicity": false},
          {"activityName": "科普开放日", "activityCategory": "“点亮精神火炬”主题活动",
           "startDate": "%1$s", "endDate": "%1$s", "place": "示例市科技馆", "mode": "OFFLINE",
           "audience": "公众", "expectedParticipants": 300, "description": "面向公众开放实验室并开展科普讲解。",
           "publicityChannels": "", "requestsKeyPublicity": false}],
         "responsiblePerson": "联系人", "responsiblePhone": "010-5550-0101", "responsibleEmail": "contact@example.org"}
        """;
    // inside the activity window, which opens two days after the plan deadline
    String start = today.plusDays(6).toString();
    String body = plan.formatted(start);
    if (!SKIP.contains("attachments")) {
      uploads(plans.subList(0, Math.min(ATTACHING_UNITS, plans.size())));
    }
    unitPage(plans, body);
    if (!SKIP.contains("attachments")) {
      phaseZip(code);
    }
    if (!SKIP.contains("queue")) {
      reviewQueue(code);
    }
    long approvedInQueue =
        count(
            "SELECT COUNT(*) FROM stwd_campaign_unit WHERE campaign_code = '"
                + code
                + "' AND plan_status = 'APPROVED'");
    List<String[]> reviews = tasks(code, "Task_ReviewPlan");
    String approve = "{\"variables\": {\"planDecision\": {\"value\": \"APPROVE\"}}}";
    measure(
        "plan reviews (HQ)",
        reviews,
        t -> new String[] {"hq01", "/engine-rest/task/" + t[0] + "/submit-form", approve});
    productReviewsPerSecond = lastRate;
    productReviewCpu = lastCpu.serverMillisPer(reviews.size());
    // the approval mails go out per outcome batch (ADR 0009): until the last one is delivered
    long started = System.nanoTime();
    long sent =
        awaitMails(
            code,
            "PLAN_APPROVED",
            (int) (reviews.size() + approvedInQueue),
            Duration.ofMinutes(20));
    double seconds = (System.nanoTime() - started) / 1e9;
    Thread.sleep(2_000);
    long twice = timesTwice("【审核通过】");
    results.put(
        "  approval mails, " + (reviews.size() + approvedInQueue) + " reviews",
        String.format(
            Locale.ROOT,
            "%d delivered, the last %.1f s after the last review; %d outcome batches; %d units got one twice",
            sent,
            seconds,
            count("SELECT COUNT(*) FROM stwd_outcome_batch WHERE campaign_code = '" + code + "'"),
            twice));
  }

  /** A unit contact's session on the unit page: its node, cookies and CSRF token. */
  record UnitVisit(String taskId, PackagedApp node, String cookies, String csrf) {}

  /**
   * The unit page as 8 clients use it (docs/UNIT-PAGE.md), in two rounds so that each figure is
   * measured on its own, as the bare engine's completions are: first every unit's contact signs in
   * (password, its own session), opens the page (overview) and the plan form with its data (the
   * reads' p50/p95); then every contact submits its plan through the unit API in its session
   * (submissions per second over the round, latency).
   */
  void unitPage(List<String[]> plans, String body) throws Exception {
    List<Long> reads = Collections.synchronizedList(new ArrayList<>());
    List<Long> submits = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errors = new AtomicInteger();
    List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
    ConcurrentLinkedQueue<UnitVisit> visits = new ConcurrentLinkedQueue<>();
    CpuTime cpuBefore = cpu();
    long started = System.nanoTime();
    inParallel(
        plans,
        task -> {
          PackagedApp node = nodes.get(Math.floorMod(nextNode.getAndIncrement(), nodes.size()));
          pinned.set(node);
          try {
            UnitSignIn session = signIn(task[1]);
            java.net.http.HttpClient browser = session.browser();
            HttpResponse<String> signIn = session.answer();
            String csrf = session.csrf();
            java.net.CookieManager cookies = session.cookies();
            long t0 = System.nanoTime();
            HttpResponse<String> overview =
                unitCall(browser, "GET", "/api/unit/overview", null, null);
            long t1 = System.nanoTime();
            HttpResponse<String> form =
                unitCall(browser, "GET", "/api/unit/tasks/" + task[0] + "/form", null, null);
            long t2 = System.nanoTime();
            reads.add(t1 - t0);
            reads.add(t2 - t1);
            check(List.of(signIn, overview, form), errors, firstErrors);
            visits.add(
                new UnitVisit(
                    task[0],
                    node,
                    cookies.getCookieStore().getCookies().stream()
                        .map(c -> c.getName() + "=" + c.getValue())
                        .collect(Collectors.joining("; ")),
                    csrf));
          } finally {
            pinned.remove();
          }
        },
        errors);
    double visiting = (System.nanoTime() - started) / 1e9;
    CpuTime cpuVisiting = cpu();
    long submitting = System.nanoTime();
    inParallel(
        new ArrayList<>(visits),
        visit -> {
          pinned.set(visit.node());
          try {
            long t0 = System.nanoTime();
            HttpResponse<String> submit =
                http.send(
                    request("POST", "/api/unit/tasks/" + visit.taskId() + "/submit", body)
                        .header("Cookie", visit.cookies())
                        .header("X-XSRF-TOKEN", visit.csrf())
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            submits.add(System.nanoTime() - t0);
            check(List.of(submit), errors, firstErrors);
          } finally {
            pinned.remove();
          }
        },
        errors);
    double seconds = (System.nanoTime() - submitting) / 1e9;
    CpuTime submitted = cpu().since(cpuVisiting);
    productSubmissionsPerSecond = submits.size() / seconds;
    productSubmissionCpu = submitted.serverMillisPer(submits.size());
    results.put(
        "unit page, overview and plan form with its data, "
            + reads.size()
            + " reads from "
            + THREADS
            + " clients (each contact signs in first)",
        String.format(
            Locale.ROOT,
            "latency %s; %.0f units/s signed in and read",
            percentiles(reads),
            plans.size() / visiting));
    results.put(
        "plan submissions through the unit API, " + plans.size() + " from " + THREADS + " clients",
        String.format(
            Locale.ROOT,
            "%.0f submissions/s; latency %s; %d errors%s",
            submits.size() / seconds,
            percentiles(submits),
            errors.get(),
            firstErrors.isEmpty() ? "" : " e.g. " + firstErrors.get(0)));
    cpuRow("unit (sign-in, overview and form)", cpuVisiting.since(cpuBefore), plans.size());
    cpuRow("plan submission", submitted, submits.size());
  }

  interface Step<T> {
    void run(T item) throws Exception;
  }

  /** Runs the step for every item from the benchmark's client threads; a failure is counted. */
  <T> void inParallel(List<T> items, Step<T> step, AtomicInteger errors) throws Exception {
    ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>(items);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    for (int i = 0; i < THREADS; i++) {
      pool.submit(
          () -> {
            T item;
            while ((item = queue.poll()) != null) {
              try {
                step.run(item);
              } catch (Exception e) {
                errors.incrementAndGet();
              }
            }
            return null;
          });
    }
    pool.shutdown();
    pool.awaitTermination(2, TimeUnit.HOURS);
  }

  static void check(
      List<HttpResponse<String>> responses, AtomicInteger errors, List<String> firstErrors) {
    for (HttpResponse<String> r : responses) {
      if (r.statusCode() >= 300) {
        errors.incrementAndGet();
        if (firstErrors.size() < 3) {
          firstErrors.add(r.statusCode() + " " + r.body());
        }
      }
    }
  }

  /**
   * HQ's review queue with every plan waiting (docs/REVIEW.md): its first page (50, oldest first,
   * with the counts) read 40 times, p95 of the last 30; then the first 100 approved in one "approve
   * selected" request, timed until its answer.
   */
  void reviewQueue(String code) throws Exception {
    String page = "/api/campaigns/" + code + "/reviews?phase=PLAN&offset=0&limit=50";
    List<Long> reads = new ArrayList<>();
    JsonNode first = null;
    for (int i = 0; i < 40; i++) {
      long t0 = System.nanoTime();
      first = rest("hq01", "GET", page, null);
      if (i >= 10) {
        reads.add(System.nanoTime() - t0);
      }
    }
    results.put(
        "review queue, first page of 50 (" + first.get("total").asLong() + " plans waiting)",
        "latency " + percentiles(reads));
    List<String> ids = new ArrayList<>();
    for (int offset = 0; ids.size() < 100; offset += 50) {
      JsonNode items =
          rest(
                  "hq01",
                  "GET",
                  "/api/campaigns/" + code + "/reviews?phase=PLAN&offset=" + offset + "&limit=50",
                  null)
              .get("items");
      if (items.isEmpty()) {
        break;
      }
      items.forEach(item -> ids.add(item.get("taskId").asText()));
    }
    List<String> selected = ids.subList(0, Math.min(100, ids.size()));
    long t0 = System.nanoTime();
    JsonNode answer =
        rest(
            "hq01",
            "POST",
            "/api/campaigns/" + code + "/reviews/approve",
            JSON.writeValueAsString(java.util.Map.of("taskIds", selected)));
    double seconds = (System.nanoTime() - t0) / 1e9;
    results.put(
        "review queue, approve " + selected.size() + " selected in one request",
        String.format(
            Locale.ROOT,
            "%.1f s (%d approved, %d not)",
            seconds,
            answer.get("approved").asLong(),
            answer.get("notApproved").asLong()));
  }

  /** How many units attach photos (-Dbench.attachingUnits), 3 photos of about 1 MB each. */
  static final int ATTACHING_UNITS = Integer.getInteger("bench.attachingUnits", 1000);

  /**
   * Attachments (docs/ATTACHMENTS.md): each of {@code ATTACHING_UNITS} units' contacts signs in and
   * uploads three photos of about 1 MB to its open plan task, from 8 clients. Reported: MB/s,
   * upload latency, the heap's peak during the step.
   */
  void uploads(List<String[]> plans) throws Exception {
    byte[] photo = benchPhoto();
    ConcurrentLinkedQueue<String[]> queue = new ConcurrentLinkedQueue<>(plans);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errors = new AtomicInteger();
    List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
    stepPeakHeap.set(0);
    stepPeakLive.set(0);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CpuTime cpuBefore = cpu();
    long started = System.nanoTime();
    for (int i = 0; i < THREADS; i++) {
      pool.submit(
          () -> {
            String[] task;
            while ((task = queue.poll()) != null) {
              PackagedApp node = nodes.get(Math.floorMod(nextNode.getAndIncrement(), nodes.size()));
              pinned.set(node);
              try {
                UnitSignIn session = signIn(task[1]);
                java.net.http.HttpClient browser = session.browser();
                String csrf = session.csrf();
                for (int n = 1; n <= 3; n++) {
                  long t0 = System.nanoTime();
                  HttpResponse<String> r =
                      browser.send(
                          HttpRequest.newBuilder(
                                  URI.create(
                                      node.url(
                                          "/api/unit/tasks/"
                                              + task[0]
                                              + "/attachments?name=photo-"
                                              + n
                                              + ".jpg")))
                              .timeout(Duration.ofMinutes(2))
                              .header("Content-Type", "image/jpeg")
                              .header("X-XSRF-TOKEN", csrf)
                              .POST(HttpRequest.BodyPublishers.ofByteArray(photo))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  latencies.add(System.nanoTime() - t0);
                  if (r.statusCode() != 201) {
                    errors.incrementAndGet();
                    if (firstErrors.size() < 3) {
                      firstErrors.add(r.statusCode() + " " + r.body());
                    }
                  }
                }
              } catch (Exception e) {
                errors.incrementAndGet();
              } finally {
                pinned.remove();
              }
            }
            return null;
          });
    }
    pool.shutdown();
    pool.awaitTermination(2, TimeUnit.HOURS);
    double seconds = (System.nanoTime() - started) / 1e9;
    double mb = 3.0 * plans.size() * photo.length / 1e6;
    results.put(
        "attachments, "
            + plans.size()
            + " units × 3 photos of "
            + String.format(Locale.ROOT, "%.2f", photo.length / 1e6)
            + " MB from "
            + THREADS
            + " clients",
        String.format(
            Locale.ROOT,
            "%.0f MB in %.1f s: %.1f MB/s (%.0f uploads/s); upload latency %s; heap peak %.0f MiB (live data after GC %.0f MiB); %d errors%s",
            mb,
            seconds,
            mb / seconds,
            3 * plans.size() / seconds,
            percentiles(latencies),
            stepPeakHeap.get() / 1048576.0,
            stepPeakLive.get() / 1048576.0,
            errors.get(),
            firstErrors.isEmpty() ? "" : " e.g. " + firstErrors.get(0)));
    results.put(
        "  stored",
        count("SELECT COUNT(*) FROM stwd_file")
            + " files, "
            + count("SELECT COUNT(*) FROM stwd_file WHERE thumbnail IS NOT NULL")
            + " with thumbnails, "
            + count("SELECT COUNT(*) FROM stwd_file_chunk")
            + " chunks");
  }

  /** The phase's zip of every unit's files, streamed to HQ and counted: time, size, heap peak. */
  void phaseZip(String code) throws Exception {
    stepPeakHeap.set(0);
    stepPeakLive.set(0);
    long started = System.nanoTime();
    HttpResponse<InputStream> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(app.url("/api/campaigns/" + code + "/files.zip?phase=PLAN")))
                .timeout(Duration.ofMinutes(30))
                .header("Authorization", PackagedApp.demoLogin("hq01"))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    long bytes = 0;
    int entries = 0;
    try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(r.body())) {
      byte[] buffer = new byte[1 << 16];
      while (zip.getNextEntry() != null) {
        entries++;
        int n;
        while ((n = zip.read(buffer)) > 0) {
          bytes += n;
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Thread.sleep(1_500); // one more heap sample after the last byte
    results.put(
        "attachments, the phase's zip (HTTP " + r.statusCode() + ")",
        String.format(
            Locale.ROOT,
            "%d entries, %.0f MB in %.1f s (%.1f MB/s); heap peak %.0f MiB (live data after GC %.0f MiB)",
            entries,
            bytes / 1e6,
            seconds,
            bytes / 1e6 / seconds,
            stepPeakHeap.get() / 1048576.0,
            stepPeakLive.get() / 1048576.0));
  }

  /** A JPEG of about 1 MB (noise does not compress), with EXIF capture date, as phones send. */
  static byte[] benchPhoto() {
    java.util.Random random = new java.util.Random(18);
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(1460, 1120, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.setRGB(x, y, random.nextInt(0xFFFFFF));
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A unit contact signed in to the unit page with a password: its client, cookies, CSRF token. */
  record UnitSignIn(
      java.net.http.HttpClient browser,
      java.net.CookieManager cookies,
      HttpResponse<String> answer,
      String csrf) {}

  /** Signs the contact in (its own session, on the current node) and reads its CSRF token. */
  UnitSignIn signIn(String user) throws Exception {
    java.net.CookieManager cookies = new java.net.CookieManager();
    java.net.http.HttpClient browser =
        java.net.http.HttpClient.newBuilder().cookieHandler(cookies).build();
    HttpResponse<String> answer =
        unitCall(
            browser,
            "POST",
            "/api/unit/session/password",
            "{\"username\": \"" + user + "\", \"password\": \"demo\"}",
            null);
    String csrf =
        JSON.readTree(unitCall(browser, "GET", "/api/unit/me", null, null).body())
            .path("csrfToken")
            .asText();
    return new UnitSignIn(browser, cookies, answer, csrf);
  }

  HttpResponse<String> unitCall(
      java.net.http.HttpClient browser, String method, String path, String body, String csrf)
      throws Exception {
    HttpRequest.Builder request = request(method, path, body);
    if (csrf != null) {
      request.header("X-XSRF-TOKEN", csrf);
    }
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** How many recipients got more than one mail whose subject starts so. */
  long timesTwice(String subjectPrefix) throws Exception {
    Map<String, Integer> perRecipient = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      String to = String.valueOf(m.getAllRecipients()[0]);
      if (m.getSubject().startsWith(subjectPrefix) && seen.add(m.getMessageID() + to)) {
        perRecipient.merge(to, 1, Integer::sum);
      }
    }
    return perRecipient.values().stream().filter(v -> v > 1).count();
  }

  interface Call {
    String[] of(String[] task);
  }

  void measure(String what, List<String[]> tasks, Call call) throws Exception {
    ConcurrentLinkedQueue<String[]> queue = new ConcurrentLinkedQueue<>(tasks);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errors = new AtomicInteger();
    List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CpuTime cpuBefore = cpu();
    long started = System.nanoTime();
    for (int i = 0; i < THREADS; i++) {
      pool.submit(
          () -> {
            String[] task;
            while ((task = queue.poll()) != null) {
              String[] c = call.of(task);
              long t0 = System.nanoTime();
              try {
                HttpResponse<String> r = send(c[0], "POST", c[1], c[2]);
                if (r.statusCode() >= 300) {
                  errors.incrementAndGet();
                  if (firstErrors.size() < 3) {
                    firstErrors.add(r.statusCode() + " " + r.body());
                  }
                }
              } catch (Exception e) {
                errors.incrementAndGet();
              }
              latencies.add(System.nanoTime() - t0);
            }
            return null;
          });
    }
    pool.shutdown();
    pool.awaitTermination(2, TimeUnit.HOURS);
    double seconds = (System.nanoTime() - started) / 1e9;
    lastCpu = cpu().since(cpuBefore);
    results.put(
        "throughput, " + what + ", " + tasks.size() + " from " + THREADS + " threads",
        String.format(
            Locale.ROOT,
            "%.0f completions/s; latency %s; %d errors%s",
            lastRate = tasks.size() / seconds,
            percentiles(latencies),
            errors.get(),
            firstErrors.isEmpty() ? "" : " e.g. " + firstErrors.get(0)));
    cpuRow("completion, " + what, lastCpu, tasks.size());
  }

  /** The CPU time used so far by the application's nodes, PostgreSQL and this JVM. */
  CpuTime cpu() {
    return CpuTime.now(nodes.stream().map(node -> node.process().pid()).toList());
  }

  /** A row "CPU per ...": the CPU time of a step per unit of its work, by process. */
  void cpuRow(String perWhat, CpuTime used, long units) {
    if (units > 0 && CpuTime.available()) {
      results.put(
          "  CPU per " + perWhat, used.perUnit(units, "benchmark JVM (clients, SMTP catcher)"));
    }
  }

  List<String[]> tasks(String code, String key) throws Exception {
    List<String[]> result = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT t.id_, e.business_key_ FROM act_ru_task t JOIN act_ru_execution e ON e.id_ = t.proc_inst_id_ WHERE e.business_key_ LIKE '"
                    + code
                    + ":%' AND t.task_def_key_ = '"
                    + key
                    + "'")) {
      while (rs.next()) {
        result.add(new String[] {rs.getString(1), rs.getString(2).substring(code.length() + 1)});
      }
    }
    return result;
  }

  // ---- the application process ----

  void startApp(ZoneOffset zone) throws Exception {
    for (int i = 1; i <= NODES; i++) {
      List<String> arguments =
          new ArrayList<>(
              List.of(
                  "--management.endpoints.web.exposure.include=health,info,metrics",
                  // 10,000 contacts sign in from one client address in a few minutes
                  "--stwd.unit-page.sign-in-attempts=1000000"));
      if (NODES > 1) {
        // the job log names the node that ran each job (act_hi_job_log.hostname_)
        arguments.add("--camunda.bpm.generic-properties.properties.hostname=node-" + i);
      }
      PackagedApp node =
          PackagedApp.start(
              db,
              smtp.getSmtp().getPort(),
              zone,
              "1g",
              nodeLog(i),
              arguments.toArray(String[]::new));
      nodes.add(node);
      requestsPerNode.add(new AtomicLong());
      peakHeapPerNode.add(new AtomicLong());
      // one after the other: the first creates the schema and deploys
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!node.healthy(http)) {
        if (!node.process().isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("the application did not start, see " + nodeLog(i));
        }
        Thread.sleep(1000);
      }
    }
    app = nodes.get(0);
    if (NODES > 1) {
      results.put(
          "nodes",
          NODES
              + " application nodes on one database, pool "
              + "of 24 connections each (PostgreSQL max_connections "
              + PostgresTestDatabase.setting("max_connections")
              + ")");
    }
  }

  static Path nodeLog(int i) {
    return OUT.resolve(i == 1 ? "app.log" : "app-" + i + ".log");
  }

  List<Path> nodeLogs() {
    List<Path> logs = new ArrayList<>();
    for (int i = 1; i <= nodes.size(); i++) {
      logs.add(nodeLog(i));
    }
    return logs;
  }

  /** Each node's share of the jobs (from the job log) and of the requests, and its peak heap. */
  void perNode() throws Exception {
    Map<String, Long> jobs = new java.util.TreeMap<>();
    Map<String, Long> starts = new java.util.TreeMap<>();
    Map<String, Long> reminders = new java.util.TreeMap<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT hostname_, act_id_, COUNT(*) FROM act_hi_job_log WHERE job_state_ = 2"
                    + " GROUP BY hostname_, act_id_")) {
      while (rs.next()) {
        String node = rs.getString(1);
        long n = rs.getLong(3);
        jobs.merge(node, n, Long::sum);
        if ("Task_StartUnitBatch".equals(rs.getString(2))) {
          starts.merge(node, n, Long::sum);
        }
        if ("Timer_PlanReminder".equals(rs.getString(2))) {
          reminders.merge(node, n, Long::sum);
        }
      }
    }
    results.put("per node: jobs run (job log)", jobs.toString());
    results.put("per node: unit start batches run", starts.toString());
    results.put("per node: reminder timers fired", reminders.toString());
    List<String> requests = new ArrayList<>();
    List<String> heaps = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      requests.add("node-" + (i + 1) + "=" + requestsPerNode.get(i).get());
      heaps.add(
          String.format(
              Locale.ROOT, "node-%d=%.0f MiB", i + 1, peakHeapPerNode.get(i).get() / 1048576.0));
    }
    results.put("per node: client requests", String.join(", ", requests));
    results.put("per node: peak heap used", String.join(", ", heaps));
  }

  Thread heapSampler() {
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  for (int i = 1; i < nodes.size(); i++) {
                    long used =
                        heapUsed(nodes.get(i), "/actuator/metrics/jvm.memory.used?tag=area:heap");
                    peakHeapPerNode.get(i).accumulateAndGet(used, Math::max);
                  }
                  long used = heapUsed(app, "/actuator/metrics/jvm.memory.used?tag=area:heap");
                  peakHeapPerNode.get(0).accumulateAndGet(used, Math::max);
                  peakHeap.accumulateAndGet(used, Math::max);
                  stepPeakHeap.accumulateAndGet(used, Math::max);
                  stepPeakLive.accumulateAndGet(
                      heapUsed(app, "/actuator/metrics/jvm.gc.live.data.size"), Math::max);
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  // keep sampling
                }
              }
            },
            "heap-sampler");
    t.setDaemon(true);
    t.start();
    return t;
  }

  long heapUsed(PackagedApp node, String metric) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(node.url(metric))).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).get("measurements").get(0).get("value").asLong();
  }

  String peakRss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + app.process().pid() + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        long kb = Long.parseLong(line.replaceAll("\\D", ""));
        return String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
      }
    }
    return "unknown";
  }

  // ---- helpers ----

  /**
   * The node a request goes to: the current unit contact's, else the next in turn (HQ's calls carry
   * their credentials and need no session).
   */
  PackagedApp node() {
    PackagedApp node = pinned.get();
    if (node == null) {
      node = nodes.get(Math.floorMod(nextNode.getAndIncrement(), nodes.size()));
    }
    requestsPerNode.get(nodes.indexOf(node)).incrementAndGet();
    return node;
  }

  HttpRequest.Builder request(String method, String path, String body) {
    return HttpRequest.newBuilder(URI.create(node().url(path)))
        .timeout(Duration.ofMinutes(2))
        .header("Content-Type", "application/json")
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
  }

  HttpResponse<String> send(String user, String method, String path, String body) throws Exception {
    HttpRequest.Builder request = request(method, path, body);
    if (user != null) {
      request.header("Authorization", PackagedApp.demoLogin(user));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode rest(String user, String method, String path, String body) throws Exception {
    HttpResponse<String> r = send(user, method, path, body);
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(
          method + " " + path + " as " + user + ": " + r.statusCode() + " " + r.body());
    }
    return r.body().isEmpty() ? null : JSON.readTree(r.body());
  }

  String onlyTask(String user, String code, String key) throws Exception {
    JsonNode tasks =
        rest(
            user,
            "GET",
            "/engine-rest/task?processInstanceBusinessKey=" + code + "&taskDefinitionKey=" + key,
            null);
    return tasks.get(0).get("id").asText();
  }

  long count(String sql) throws Exception {
    return db.count(sql);
  }

  static String percentiles(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return "no samples";
    }
    double p50 = sorted.get(sorted.size() / 2) / 1e6;
    double p95 =
        sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1)) / 1e6;
    return String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms", p50, p95);
  }

  /** The bare-engine baseline for n units (BareEngineBaseline): its figures go to the results. */
  void bareEngine(int n) throws Exception {
    bare = BareEngineBaseline.run(n, THREADS);
    results.put(
        "bare engine: fan-out, N = " + n + " (tasks and timers exist)",
        String.format(
            Locale.ROOT, "%.1f s (%.0f units/s)", bare.fanOutSeconds(), n / bare.fanOutSeconds()));
    results.put(
        "bare engine: rows inserted per unit at the fan-out, N = " + n,
        String.format(Locale.ROOT, "%.1f", bare.rowsPerUnit()));
    results.put(
        "bare engine: completions through the Java API, " + THREADS + " threads",
        String.format(
            Locale.ROOT,
            "%.0f completions/s; latency p50 %.1f ms, p95 %.1f ms",
            bare.completionsPerSecond(),
            bare.p50Millis(),
            bare.p95Millis()));
    if (CpuTime.available()) {
      results.put(
          "  bare engine: CPU per unit at the fan-out", bare.fanOutCpu().perUnitOfThisJvm(n));
      results.put("  bare engine: CPU per completion", bare.completionCpu().perUnitOfThisJvm(n));
    }
  }

  /** The product's figures over the bare engine's, where both were measured. */
  void bareEngineRatios() {
    if (bare == null) {
      return;
    }
    ratio(
        "fan-out ratio (product / bare engine), N = " + bare.n(),
        productFanOutSeconds,
        bare.fanOutSeconds(),
        "%.2f (%.1f s / %.1f s)");
    ratio(
        "rows per unit ratio (product's fan-out with its notices / bare engine's fan-out)",
        productRowsPerUnit,
        bare.rowsPerUnit(),
        "%.2f (%.1f / %.1f)");
    ratio(
        "completion ratio (HQ's reviews through Tasklist's REST / bare engine)",
        productReviewsPerSecond,
        bare.completionsPerSecond(),
        "%.2f (%.0f/s / %.0f/s)");
    ratio(
        "completion ratio (plan submissions through the unit API / bare engine)",
        productSubmissionsPerSecond,
        bare.completionsPerSecond(),
        "%.2f (%.0f/s / %.0f/s)");
    if (CpuTime.available()) {
      // the server side's CPU: the application and PostgreSQL, against the engine and PostgreSQL
      // (the fan-out has none: the product's CPU there includes the notices' mails, which run
      // alongside it, and the bare engine sends none)
      ratio(
          "CPU per completion ratio, reviews through Tasklist's REST (app and PostgreSQL / bare"
              + " engine and PostgreSQL)",
          productReviewCpu,
          bare.completionCpu().engineMillisPer(bare.n()),
          "%.2f (%.1f ms / %.1f ms)");
      ratio(
          "CPU per completion ratio, plan submissions through the unit API (app and PostgreSQL /"
              + " bare engine and PostgreSQL)",
          productSubmissionCpu,
          bare.completionCpu().engineMillisPer(bare.n()),
          "%.2f (%.1f ms / %.1f ms)");
    }
  }

  private void ratio(String what, double product, double bareEngine, String format) {
    if (!Double.isNaN(product)) {
      results.put(
          what, String.format(Locale.ROOT, format, product / bareEngine, product, bareEngine));
    }
  }

  void report() throws IOException {
    StringBuilder md = new StringBuilder("| measurement | result |\n| --- | --- |\n");
    results.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    String machine =
        Runtime.getRuntime().availableProcessors()
            + " cores, "
            + (Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\D", ""))
            + " kB RAM";
    String text =
        "Benchmark "
            + Instant.now()
            + " on "
            + machine
            + ", sizes "
            + SIZES
            + ", "
            + THREADS
            + " client threads\n\n"
            + md;
    Files.writeString(OUT.resolve("results.md"), text);
    System.out.println("\n" + text);
  }
}
