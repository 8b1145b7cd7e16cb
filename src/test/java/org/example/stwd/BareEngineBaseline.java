package org.example.stwd;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * The bare-engine baseline of {@link CampaignBenchmark} (issue 21): the product's unit model run on
 * a plain Camunda engine in the benchmark's JVM, on a database of its own on the same PostgreSQL
 * server, with no application code, no REST and no mail. The product's figures are reported beside
 * it as ratios, which vary less between machines than the absolute figures.
 *
 * <ul>
 *   <li>The engine: {@link StandaloneProcessEngineConfiguration} on a HikariCP pool of the
 *       application's size (24) and the postgres profile's driver settings, history level full, the
 *       job executor as application.yaml configures it (4–10 threads, queue 2, 5 jobs per
 *       acquisition, lock 40 s, max wait 5 s), the engine settings of its generic properties that
 *       touch this work (acquisition by priority and due date, due dates never null, removal time
 *       from the start) and the Spring Boot starter's UUID ids. None of the product's own engine
 *       plugins or indexes (src/main/java/org/example/stwd/engine).
 *   <li>The unit ({@code bare-unit}): start, the user task with the three timers the product's
 *       submit task waits with (cut-off: a date; reminder: a date; overdue: a daily cycle), end.
 *       The timers' dates and the task's due date are process variables set at the start, days in
 *       the future. The product's sub-process, its urge message, candidate group and listeners are
 *       left out.
 *   <li>The fan-out: one transaction starts a batch process instance ({@code bare-batch}) per 100
 *       units (stwd.unit-batch-size), as the campaign's 启动单位方案流程 does; each batch's asynchronous
 *       job (priority 100, as unit-batch.bpmn's) starts its units through {@code
 *       RuntimeService.startProcessInstanceByKey} with the business key {@code BARE:<unit code>}.
 *       Timed until all N tasks and 3·N timers exist (counted every 100 ms; the end taken from the
 *       engine's records, as the product's fan-out is).
 *   <li>The completions: every task completed through {@code TaskService.complete} with a plan's
 *       variables (two strings and a JSON text of about 1 KB) from {@code threads} threads;
 *       completions per second and the latency of each.
 *   <li>Before the measured run, a warm-up round of min(N, 1,000) units (fan-out and completions,
 *       not measured): in a cold JVM the same run takes twice as long, and the application is warm
 *       from the smaller campaigns when the largest one fans out.
 * </ul>
 *
 * The database is created for the run and dropped at its end.
 */
final class BareEngineBaseline {

  /** Units per start batch: the product's stwd.unit-batch-size (application.yaml). */
  static final int BATCH_SIZE = 100;

  /** The application's pool: spring.datasource.hikari.maximum-pool-size (application.yaml). */
  static final int POOL_SIZE = 24;

  /** Units started and completed before the measured run. */
  static final int WARM_UP = 1000;

  static final String UNIT = "bare-unit";
  static final String BATCH = "bare-batch";
  static final String LAUNCH = "bare-launch";
  static final String SUBMIT_TASK = "Task_Submit";

  record Result(
      int n,
      double fanOutSeconds,
      double rowsPerUnit,
      double completionsPerSecond,
      double p50Millis,
      double p95Millis,
      CpuTime fanOutCpu,
      CpuTime completionCpu) {}

  private BareEngineBaseline() {}

  /** Runs the baseline for n units with the given number of completing threads. */
  static Result run(int n, int threads) throws Exception {
    PostgresTestDatabase db = PostgresTestDatabase.create("bare");
    HikariDataSource pool = null;
    ProcessEngine engine = null;
    try {
      pool = pool(db);
      engine = engine(pool).buildProcessEngine();
      engine
          .getRepositoryService()
          .createDeployment()
          .name("bare-engine-baseline")
          .addModelInstance(UNIT + ".bpmn", unitModel())
          .addModelInstance(BATCH + ".bpmn", batchModel())
          .addModelInstance(LAUNCH + ".bpmn", launchModel())
          .deploy();
      // warm-up, not measured: the engine's code compiled by the JIT and its caches filled, as the
      // application's are by the smaller campaigns before the largest fans out
      int warmUp = Math.min(n, WARM_UP);
      complete(
          engine, warmUp, threads, fanOut(engine, pool, warmUp, "BARE-WARM-UP"), Double.NaN, null);
      double rowsBefore = db.rowsInserted();
      CpuTime cpuBefore = CpuTime.now(List.of());
      double fanOut = fanOut(engine, pool, n, "BARE");
      CpuTime fanOutCpu = CpuTime.now(List.of()).since(cpuBefore);
      double rowsPerUnit = (db.rowsInserted() - rowsBefore) / n;
      System.out.printf(
          Locale.ROOT,
          "bare engine: %d unit tasks and %d timers in %.1f s, %.1f rows inserted per unit%n",
          n,
          3 * n,
          fanOut,
          rowsPerUnit);
      return complete(engine, n, threads, fanOut, rowsPerUnit, fanOutCpu);
    } finally {
      try {
        if (engine != null) {
          engine.close();
        }
        if (pool != null) {
          pool.close();
        }
      } finally {
        db.drop();
      }
    }
  }

  // ---- the engine ----

  static HikariDataSource pool(PostgresTestDatabase db) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("bare-engine");
    config.setJdbcUrl(db.url);
    config.setUsername(PostgresTestDatabase.USER);
    config.setPassword(PostgresTestDatabase.PASSWORD);
    // spring.datasource.hikari in application.yaml and application-postgres.yaml
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(2);
    config.setIdleTimeout(60_000);
    config.setConnectionTimeout(3_000);
    config.setValidationTimeout(1_000);
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("options", "-c work_mem=16MB");
    config.addDataSourceProperty("connectTimeout", "2");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    return new HikariDataSource(config);
  }

  static StandaloneProcessEngineConfiguration engine(HikariDataSource pool) {
    StandaloneProcessEngineConfiguration config = new StandaloneProcessEngineConfiguration();
    config.setProcessEngineName("bare");
    config.setDataSource(pool);
    config.setDatabaseSchemaUpdate("true");
    config.setHistory("full");
    // the Spring Boot starter's default (camunda.bpm.id-generator: strong)
    config.setIdGenerator(new StrongUuidGenerator());
    // camunda.bpm.generic-properties in application.yaml that bear on this work
    config.setJobExecutorAcquireByPriority(true);
    config.setEnsureJobDueDateNotNull(true);
    config.setJobExecutorAcquireByDueDate(true);
    config.setEnforceHistoryTimeToLive(true);
    config.setHistoryCleanupStrategy("removalTimeBased");
    config.setHistoryRemovalTimeStrategy("start");
    // camunda.bpm.job-execution in application.yaml
    DefaultJobExecutor jobs = new DefaultJobExecutor();
    jobs.setCorePoolSize(4);
    jobs.setMaxPoolSize(10);
    jobs.setQueueSize(2);
    jobs.setMaxJobsPerAcquisition(5);
    jobs.setLockTimeInMillis(40_000);
    jobs.setWaitTimeInMillis(5_000);
    jobs.setMaxWait(5_000);
    config.setJobExecutor(jobs);
    config.setJobExecutorActivate(true);
    // the delegates, named in the models by expression
    config.setBeans(Map.of("bareLaunch", new Launch(), "bareStartUnits", new StartUnits()));
    return config;
  }

  // ---- the models ----

  /** The unit: its submit task with the cut-off, the reminder and the overdue cycle. */
  static BpmnModelInstance unitModel() {
    return Bpmn.createExecutableProcess(UNIT)
        .camundaHistoryTimeToLiveString("P365D")
        .startEvent()
        .userTask(SUBMIT_TASK)
        .camundaDueDate("${dueAt}")
        .boundaryEvent("Timer_Cutoff")
        .timerWithDate("${cutoffAt}")
        .endEvent("End_Missed")
        .moveToActivity(SUBMIT_TASK)
        .boundaryEvent("Timer_Reminder")
        .cancelActivity(false)
        .timerWithDate("${reminderAt}")
        .endEvent("End_Reminded")
        .moveToActivity(SUBMIT_TASK)
        .boundaryEvent("Timer_Overdue")
        .cancelActivity(false)
        .timerWithCycle("${overdueCycle}")
        .endEvent("End_Urged")
        .moveToActivity(SUBMIT_TASK)
        .endEvent("End_Submitted")
        .done();
  }

  /** One batch: its asynchronous job starts its units. */
  static BpmnModelInstance batchModel() {
    return Bpmn.createExecutableProcess(BATCH)
        .camundaHistoryTimeToLiveString("P365D")
        .startEvent()
        .serviceTask("Task_StartUnits")
        .camundaAsyncBefore()
        .camundaJobPriority("100")
        .camundaDelegateExpression("${bareStartUnits}")
        .endEvent()
        .done();
  }

  /** The approval's transaction: one batch instance per 100 units. */
  static BpmnModelInstance launchModel() {
    return Bpmn.createExecutableProcess(LAUNCH)
        .camundaHistoryTimeToLiveString("P365D")
        .startEvent()
        .serviceTask("Task_StartBatches")
        .camundaDelegateExpression("${bareLaunch}")
        .endEvent()
        .done();
  }

  /**
   * Starts one {@code bare-batch} instance per batch of units, in the caller's transaction: the
   * launch instance's variables {@code units} (how many) and {@code keyPrefix} (of the units'
   * business keys).
   */
  static final class Launch implements JavaDelegate {
    @Override
    public void execute(DelegateExecution execution) {
      int units = ((Number) execution.getVariable("units")).intValue();
      Object keyPrefix = execution.getVariable("keyPrefix");
      var runtime = execution.getProcessEngineServices().getRuntimeService();
      for (int batchNo = 0; batchNo * BATCH_SIZE < units; batchNo++) {
        runtime.startProcessInstanceByKey(
            BATCH,
            keyPrefix + ":BATCH:" + batchNo,
            Variables.createVariables()
                .putValue("units", units)
                .putValue("keyPrefix", keyPrefix)
                .putValue("batchNo", batchNo));
      }
    }
  }

  /** A batch's job: starts the units of its batch, each with its timers' dates. */
  static final class StartUnits implements JavaDelegate {
    private final Date dueAt;
    private final Date reminderAt;
    private final String overdueCycle;
    private final Date cutoffAt;

    StartUnits() {
      // as PhaseSchedule: the reminder three days before the deadline, a daily overdue notice
      // from the day after it for the five days of grace, then the cut-off
      Instant deadline = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
      this.dueAt = Date.from(deadline.minusSeconds(1));
      this.reminderAt = Date.from(deadline.minus(3, ChronoUnit.DAYS).plus(9, ChronoUnit.HOURS));
      this.overdueCycle =
          "R5/"
              + deadline
                  .plus(1, ChronoUnit.DAYS)
                  .plus(9, ChronoUnit.HOURS)
                  .atOffset(ZoneOffset.UTC)
                  .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              + "/P1D";
      this.cutoffAt = Date.from(deadline.plus(6, ChronoUnit.DAYS));
    }

    @Override
    public void execute(DelegateExecution execution) {
      int units = ((Number) execution.getVariable("units")).intValue();
      Object keyPrefix = execution.getVariable("keyPrefix");
      int batchNo = ((Number) execution.getVariable("batchNo")).intValue();
      var runtime = execution.getProcessEngineServices().getRuntimeService();
      for (int i = batchNo * BATCH_SIZE + 1;
          i <= Math.min(units, (batchNo + 1) * BATCH_SIZE);
          i++) {
        runtime.startProcessInstanceByKey(
            UNIT,
            keyPrefix + ":" + String.format("b%05d", i),
            Variables.createVariables()
                .putValue("dueAt", dueAt)
                .putValue("reminderAt", reminderAt)
                .putValue("overdueCycle", overdueCycle)
                .putValue("cutoffAt", cutoffAt));
      }
    }
  }

  // ---- the measurements ----

  /**
   * Seconds from starting the batches of n units until all n tasks and 3·n timers exist (no other
   * unit is open).
   */
  static double fanOut(ProcessEngine engine, HikariDataSource pool, int n, String keyPrefix)
      throws Exception {
    TaskService tasks = engine.getTaskService();
    var jobs = engine.getManagementService();
    Instant startedAt = Instant.now();
    long started = System.nanoTime();
    engine
        .getRuntimeService()
        .startProcessInstanceByKey(
            LAUNCH,
            keyPrefix,
            Variables.createVariables().putValue("units", n).putValue("keyPrefix", keyPrefix));
    while (true) {
      long created = tasks.createTaskQuery().processDefinitionKey(UNIT).count();
      if (created == n && jobs.createJobQuery().timers().count() == 3L * n) {
        break;
      }
      if (System.nanoTime() - started > TimeUnit.MINUTES.toNanos(20)) {
        throw new IllegalStateException(
            "bare engine: only "
                + created
                + " tasks and "
                + jobs.createJobQuery().timers().count()
                + " timers after 20 minutes");
      }
      // polled once a second, as the product's fan-out is: counting the tasks and timers reads the
      // whole tables, which takes from PostgreSQL's CPU (the end is taken from the engine's
      // records)
      Thread.sleep(1000);
    }
    double polled = (System.nanoTime() - started) / 1e9;
    // the exact end: when the engine created the last task or timer (its own records)
    Instant lastTask = timestamp(pool, "SELECT MAX(create_time_) FROM act_ru_task");
    Instant lastTimer =
        timestamp(
            pool,
            "SELECT MAX(timestamp_) FROM act_hi_job_log WHERE job_state_ = 0 AND job_def_type_ LIKE 'timer%'");
    double recorded =
        Duration.between(startedAt, lastTask.isAfter(lastTimer) ? lastTask : lastTimer).toMillis()
            / 1000.0;
    return recorded > 0 && recorded <= polled ? recorded : polled;
  }

  /** Completes every unit task from the given number of threads. */
  static Result complete(
      ProcessEngine engine,
      int n,
      int threads,
      double fanOut,
      double rowsPerUnit,
      CpuTime fanOutCpu)
      throws Exception {
    TaskService tasks = engine.getTaskService();
    List<Task> open = tasks.createTaskQuery().processDefinitionKey(UNIT).list();
    ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    open.forEach(t -> queue.add(t.getId()));
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errors = new AtomicInteger();
    AtomicReference<Exception> firstError = new AtomicReference<>();
    ExecutorService clients = Executors.newFixedThreadPool(threads);
    CpuTime cpuBefore = CpuTime.now(List.of());
    long started = System.nanoTime();
    for (int i = 0; i < threads; i++) {
      clients.submit(
          () -> {
            String id;
            while ((id = queue.poll()) != null) {
              long t0 = System.nanoTime();
              try {
                tasks.complete(id, plan());
                latencies.add(System.nanoTime() - t0);
              } catch (Exception e) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, e);
              }
            }
          });
    }
    clients.shutdown();
    if (!clients.awaitTermination(1, TimeUnit.HOURS)) {
      clients.shutdownNow();
      throw new IllegalStateException("bare engine: completions still running after an hour");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    CpuTime cpu = CpuTime.now(List.of()).since(cpuBefore);
    long left =
        engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(UNIT).count();
    if (errors.get() > 0 || left > 0) {
      throw new IllegalStateException(
          "bare engine: " + errors.get() + " completions failed, " + left + " units still open",
          firstError.get());
    }
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    double p50 = sorted.get(sorted.size() / 2) / 1e6;
    double p95 =
        sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1)) / 1e6;
    return new Result(n, fanOut, rowsPerUnit, open.size() / seconds, p50, p95, fanOutCpu, cpu);
  }

  /** A plan's variables: two strings and the activities as a JSON text of about 1 KB. */
  static VariableMap plan() {
    StringBuilder activities = new StringBuilder("[");
    for (int i = 1; i <= 3; i++) {
      if (i > 1) {
        activities.append(',');
      }
      activities.append(
          """
          {"activityName": "青年科技工作者座谈会 %d", "activityCategory": "“点亮精神火炬”主题活动",
           "startDate": "2026-05-28", "endDate": "2026-05-28", "place": "示例市科技会堂",
           "mode": "OFFLINE", "audience": "青年科技工作者", "expectedParticipants": 80,
           "description": "围绕科学家精神开展交流。", "publicityChannels": "", "requestsKeyPublicity": false}"""
              .formatted(i));
    }
    activities.append(']');
    return Variables.createVariables()
        .putValue("holdsActivities", "YES")
        .putValue("responsiblePerson", "联系人")
        .putValue("activities", activities.toString());
  }

  private static Instant timestamp(HikariDataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      Timestamp t = rs.getTimestamp(1);
      return t == null ? Instant.EPOCH : t.toInstant();
    }
  }
}
