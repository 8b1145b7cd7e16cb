package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several nodes, crashes and outages (issue 20), with the packaged application as three processes
 * on one PostgreSQL database (created for this run), each with a pool of 10 connections: the three
 * nodes and this test stay far inside PostgreSQL's default 100 connections, also beside another
 * client holding 40. Node A reaches the database through a TCP proxy of this test that can slow it
 * down, node B through one that can cut it; C directly. In one run:
 *
 * <ol>
 *   <li>Completion race: HQ submits the same task through A and B at once: one 204, one 409 in
 *       Chinese.
 *   <li>Crash: A (slowed) distributes the campaign to the 12 demo units in batches of 2 and is
 *       killed with SIGKILL as the first notice reaches the mail catcher. B and C take over A's
 *       jobs when their locks expire: every unit ends with its notice within 60 s of the kill, and
 *       every mail the catcher received is in the mail log as delivered or uncertain (a mail
 *       received twice is logged uncertain and carries the same Message-ID both times).
 *   <li>Urge race: the same unit urged 20 times at once through B and C: one urge, one urge mail,
 *       the reminder count exact, nineteen answers "已于…催办过", no 500.
 *   <li>Database cut: B's connection to PostgreSQL is cut for 20 s while requests keep coming: each
 *       request is answered within 5 s (503 with a Chinese message during the cut), readiness is
 *       503 within 2 s, B recovers without a restart, and an urge refused during the cut is neither
 *       lost nor doubled when repeated.
 * </ol>
 */
class ResilienceIT {

  static final Path LOGS = Path.of("target/it-logs");
  static final String CODE = "RESILIENCE-IT";
  static final Pattern SERVER = Pattern.compile("//([^:/]+):(\\d+)/");

  static PostgresTestDatabase db;
  static GreenMail smtp;
  static TcpProxy slowA;
  static TcpProxy cutB;
  static final List<PackagedApp> nodes = new ArrayList<>();
  static ZoneOffset zone;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void setUp() throws IOException {
    assertThat(PackagedApp.JAR).as("the packaged application (mvn package runs first)").exists();
    db = PostgresTestDatabase.create("resilience");
    smtp =
        new GreenMail(
            new ServerSetup(PackagedApp.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Files.createDirectories(LOGS);
    Matcher server = SERVER.matcher(PostgresTestDatabase.SERVER);
    assertThat(server.find()).as(PostgresTestDatabase.SERVER).isTrue();
    String host = server.group(1);
    int port = Integer.parseInt(server.group(2));
    slowA = new TcpProxy(host, port);
    cutB = new TcpProxy(host, port);
    // 09:00, the reminder hour, is two hours away: no reminder falls due during the test
    zone = PackagedApp.zoneWhereNineIs(Instant.now().plus(Duration.ofHours(2)));
  }

  @AfterAll
  static void tearDown() {
    nodes.forEach(n -> n.process().destroyForcibly());
    if (slowA != null) {
      slowA.close();
    }
    if (cutB != null) {
      cutB.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
    if (db != null) {
      db.drop();
    }
  }

  PackagedApp start(String name, TcpProxy proxy) throws IOException {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--stwd.unit-batch-size=2",
                "--camunda.bpm.generic-properties.properties.hostname=node-" + name));
    arguments.addAll(PackagedApp.CLUSTER_NODE);
    if (proxy != null) {
      arguments.add(
          "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port + "/" + db.name);
    }
    PackagedApp node =
        PackagedApp.start(
            db,
            smtp.getSmtp().getPort(),
            zone,
            "512m",
            LOGS.resolve("resilience-" + name + ".log"),
            arguments.toArray(String[]::new));
    nodes.add(node);
    return node;
  }

  void awaitUp(PackagedApp node) {
    node.awaitHealthy(http, Duration.ofSeconds(1), LOGS);
  }

  HttpResponse<String> call(PackagedApp node, String user, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.url(path)))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      request.header("Authorization", PackagedApp.demoLogin(user));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> ok(PackagedApp node, String user, String method, String path, String body)
      throws Exception {
    HttpResponse<String> response = call(node, user, method, path, body);
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isBetween(200, 204);
    return response;
  }

  String taskId(PackagedApp node, String user, String taskDefinitionKey) throws Exception {
    String body =
        ok(
                node,
                user,
                "GET",
                "/engine-rest/task?processInstanceBusinessKey="
                    + CODE
                    + "&taskDefinitionKey="
                    + taskDefinitionKey,
                null)
            .body();
    Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(body);
    assertThat(id.find()).as(body).isTrue();
    return id.group(1);
  }

  /** How many SMTP deliveries each Message-ID had (GreenMail keeps one copy per recipient). */
  Map<String, Integer> deliveries() throws Exception {
    Map<String, Integer> copies = new HashMap<>();
    Map<String, Integer> recipients = new HashMap<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      copies.merge(m.getMessageID(), 1, Integer::sum);
      recipients.put(m.getMessageID(), m.getAllRecipients().length);
    }
    Map<String, Integer> result = new TreeMap<>();
    copies.forEach((id, n) -> result.put(id, n / recipients.get(id)));
    return result;
  }

  /** Deliveries to an address whose subject starts with the prefix. */
  long deliveriesTo(String address, String subjectPrefix) throws Exception {
    List<MimeMessage> all = List.of(smtp.getReceivedMessages());
    return ProcessTestSupport.deliveriesTo(all, address).stream()
        .filter(
            m -> {
              try {
                return m.getSubject().startsWith(subjectPrefix);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .count();
  }

  List<String> column(String sql) throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  @Test
  void threeNodesSurviveACrashRacesAndADatabaseCut() throws Exception {
    LocalDate today = Instant.now().atOffset(zone).toLocalDate();
    PackagedApp a = start("A", slowA);
    awaitUp(a);
    // on a new database one node starts first (it creates the engine's schema), then the others
    ok(
        a,
        "hq01",
        "POST",
        "/engine-rest/process-definition/key/campaign/submit-form",
        RestCampaigns.registerNotice(CODE, today, "韧性测试"));
    PackagedApp b = start("B", cutB);
    PackagedApp c = start("C", null);
    awaitUp(b);
    awaitUp(c);

    // 1. completion race: the same forwarding draft submitted through A and B at once
    String draft = taskId(a, "hq01", "Task_DraftForwarding");
    String forwarding = RestCampaigns.forwarding(today, "韧性测试", RestCampaigns.ALL_CATEGORIES, null);
    List<HttpResponse<String>> race =
        atOnce(
            List.of(a, b),
            node ->
                call(
                    node,
                    "hq01",
                    "POST",
                    "/engine-rest/task/" + draft + "/submit-form",
                    forwarding));
    List<Integer> statuses = race.stream().map(HttpResponse::statusCode).sorted().toList();
    assertThat(statuses)
        .as(String.valueOf(race.stream().map(HttpResponse::body).toList()))
        .containsExactly(204, 409);
    String loser =
        race.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow().body();
    assertThat(loser)
        .containsAnyOf("办理完毕", "刚被他人修改")
        .contains("您的操作未执行")
        .doesNotContain("Exception", "null");

    // 2. crash: A, slowed down, distributes and is killed as the first notice arrives
    slowA.delayMillis = 15;
    ok(
        a,
        "leader01",
        "POST",
        "/engine-rest/task/" + taskId(a, "leader01", "Task_ApproveForwarding") + "/submit-form",
        "{\"variables\": {\"forwardingDecision\": {\"value\": \"APPROVE\"}}}");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> smtp.getReceivedMessages().length > 0);
    a.process().destroyForcibly().waitFor();
    Instant killed = Instant.now();
    assertThat(a.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
    List<String> units = column("SELECT contact_email FROM stwd_unit ORDER BY code");
    assertThat(units).hasSize(12);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              for (String to : units) {
                if (deliveriesTo(to, "【示例科学技术学会】") == 0) {
                  return false;
                }
              }
              return true;
            });
    Duration resumed = Duration.between(killed, Instant.now());
    System.out.println("ResilienceIT: every unit had its notice " + resumed + " after the kill");
    assertThat(resumed).as("work resumed after the kill").isLessThan(Duration.ofSeconds(60));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                db.count(
                        "SELECT COUNT(*) FROM stwd_mail_sent WHERE idem_key LIKE '"
                            + CODE
                            + "|%|NOTICE|1'")
                    == 12);
    assertThat(db.count("SELECT COUNT(*) FROM act_ru_task WHERE task_def_key_ = 'Task_SubmitPlan'"))
        .isEqualTo(12);
    assertThat(
            db.count(
                "SELECT COUNT(DISTINCT proc_inst_id_) FROM act_ru_task WHERE task_def_key_ = 'Task_SubmitPlan'"))
        .isEqualTo(12);
    assertThat(db.count("SELECT COUNT(*) FROM act_ru_incident")).isZero();
    // every mail the catcher received is in the log as delivered or uncertain; a repeat is
    // uncertain
    Map<String, Integer> received = deliveries();
    for (Map.Entry<String, Integer> mail : received.entrySet()) {
      List<String> outcomes =
          column(
              "SELECT outcome FROM stwd_mail_log WHERE message_id = '"
                  + mail.getKey().replace("'", "''")
                  + "' ORDER BY id");
      assertThat(outcomes).as(mail.getKey()).containsAnyOf("SENT", "UNCERTAIN");
      if (mail.getValue() > 1) {
        assertThat(outcomes).as("received twice: " + mail.getKey()).contains("UNCERTAIN");
      }
    }
    System.out.println(
        "ResilienceIT: "
            + received.size()
            + " mails received, "
            + received.values().stream().filter(n -> n > 1).count()
            + " of them twice; mail log outcomes "
            + column(
                "SELECT outcome || ' ' || COUNT(*) FROM stwd_mail_log GROUP BY outcome ORDER BY 1")
            + "; jobs per node "
            + column(
                "SELECT hostname_ || ' ' || COUNT(*) FROM act_hi_job_log WHERE job_state_ = 2 AND process_def_key_ = 'unit-batch' GROUP BY hostname_ ORDER BY 1"));
    assertThat(column("SELECT DISTINCT outcome FROM stwd_mail_log")).doesNotContain("SENDING");

    // 3. urge race: wc01 urged 20 times at once through B and C
    List<PackagedApp> twenty = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      twenty.add(b);
      twenty.add(c);
    }
    long remindersBefore =
        db.count(
            "SELECT plan_reminders FROM stwd_campaign_unit WHERE campaign_code = '"
                + CODE
                + "' AND unit_code = 'wc01'");
    Instant urgeStart = Instant.now();
    List<HttpResponse<String>> urges =
        atOnce(
            twenty,
            node ->
                call(
                    node,
                    "hq01",
                    "POST",
                    "/api/campaigns/" + CODE + "/urges",
                    "{\"units\": [\"wc01\"], \"message\": \"请尽快报送\"}"));
    System.out.println(
        "ResilienceIT: 20 concurrent urges answered in "
            + Duration.between(urgeStart, Instant.now())
            + ", statuses "
            + urges.stream().map(HttpResponse::statusCode).toList());
    assertThat(urges).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
    assertThat(urges.stream().filter(r -> r.body().contains("\"urged\":[{")).count()).isEqualTo(1);
    assertThat(urges.stream().filter(r -> r.body().contains("催办过")).count()).isEqualTo(19);
    assertThat(urgeRows("wc01", "URGED")).isEqualTo(1);
    assertThat(urgeRows("wc01", "SKIPPED")).isEqualTo(19);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deliveriesTo("wc01@example.org", "【催办】") == 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                db.count(
                        "SELECT plan_reminders FROM stwd_campaign_unit WHERE campaign_code = '"
                            + CODE
                            + "' AND unit_code = 'wc01'")
                    == remindersBefore + 1);

    // 4. B's database connection cut for 20 s while requests keep coming
    List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean loading = new AtomicBoolean(true);
    ExecutorService load = Executors.newFixedThreadPool(3);
    try {
      for (String path :
          List.of(
              "/actuator/health/readiness",
              "/engine-rest/task/count?processInstanceBusinessKeyLike=" + CODE + "%25",
              "/api/campaigns/" + CODE + "/board")) {
        load.submit(
            () -> {
              while (loading.get()) {
                Instant at = Instant.now();
                try {
                  HttpResponse<String> r =
                      call(b, path.startsWith("/actuator") ? null : "hq01", "GET", path, null);
                  answers.add(
                      new Answer(
                          path, at, Duration.between(at, Instant.now()), r.statusCode(), r.body()));
                } catch (Exception e) {
                  answers.add(
                      new Answer(path, at, Duration.between(at, Instant.now()), -1, e.toString()));
                }
                Thread.sleep(200);
              }
              return null;
            });
      }
      Thread.sleep(3000);
      Instant cutAt = Instant.now();
      cutB.cut();
      // a change during the cut is refused fast and leaves nothing behind
      Thread.sleep(1500);
      HttpResponse<String> refused =
          call(b, "hq01", "POST", "/api/campaigns/" + CODE + "/urges", "{\"units\": [\"wc02\"]}");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.body()).contains("数据库暂时无法访问");
      Thread.sleep(Math.max(0, 20_000 - Duration.between(cutAt, Instant.now()).toMillis()));
      Instant restoredAt = Instant.now();
      cutB.restore();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> call(b, null, "GET", "/actuator/health/readiness", null).statusCode() == 200);
      Duration recovery = Duration.between(restoredAt, Instant.now());
      Thread.sleep(3000);
      loading.set(false);
      load.shutdown();
      assertThat(load.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      Duration slowest = answers.stream().map(Answer::took).max(Duration::compareTo).orElseThrow();
      List<Answer> duringCut =
          answers.stream()
              // started after the cut and answered before the database came back (a request
              // still waiting for a connection when it returns may well succeed)
              .filter(
                  x ->
                      x.at().isAfter(cutAt.plusSeconds(1))
                          && x.at().plus(x.took()).isBefore(restoredAt))
              .toList();
      Duration slowestReadiness =
          duringCut.stream()
              .filter(x -> x.path().startsWith("/actuator"))
              .map(Answer::took)
              .max(Duration::compareTo)
              .orElseThrow();
      System.out.println(
          "ResilienceIT: database cut 20 s: "
              + answers.size()
              + " requests, slowest answer "
              + slowest
              + ", slowest readiness during the cut "
              + slowestReadiness
              + ", ready again "
              + recovery
              + " after the database came back");
      assertThat(answers).allSatisfy(x -> assertThat(x.status()).as(x.toString()).isPositive());
      assertThat(slowest).as("every request answered within 5 s").isLessThan(Duration.ofSeconds(5));
      assertThat(duringCut)
          .isNotEmpty()
          .allSatisfy(
              x -> {
                assertThat(x.status()).as(x.toString()).isEqualTo(503);
                if (x.path().startsWith("/actuator")) {
                  assertThat(x.took()).as(x.toString()).isLessThan(Duration.ofSeconds(2));
                } else {
                  assertThat(x.body()).as(x.toString()).contains("数据库暂时无法访问");
                }
              });
      assertThat(
              answers.stream()
                  .filter(x -> x.at().isAfter(restoredAt.plus(recovery).plusSeconds(1)))
                  .toList())
          .isNotEmpty()
          .allSatisfy(x -> assertThat(x.status()).as(x.toString()).isEqualTo(200));
    } finally {
      loading.set(false);
      load.shutdownNow();
    }
    // recovered without a restart: the refused urge, repeated, is there once
    assertThat(urgeRows("wc02", "URGED")).isZero();
    assertThat(
            ok(b, "hq01", "POST", "/api/campaigns/" + CODE + "/urges", "{\"units\": [\"wc02\"]}")
                .body())
        .contains("\"urged\":[{\"unitCode\":\"wc02\"");
    assertThat(urgeRows("wc02", "URGED")).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deliveriesTo("wc02@example.org", "【催办】") == 1);
    assertThat(db.count("SELECT COUNT(*) FROM act_ru_task WHERE task_def_key_ = 'Task_SubmitPlan'"))
        .isEqualTo(12);
    assertThat(db.count("SELECT COUNT(*) FROM act_ru_incident")).isZero();
    assertThat(deliveriesTo("wc01@example.org", "【催办】")).isEqualTo(1);
  }

  record Answer(String path, Instant at, Duration took, int status, String body) {}

  long urgeRows(String unit, String outcome) throws Exception {
    return db.count(
        "SELECT COUNT(*) FROM stwd_urge WHERE campaign_code = '"
            + CODE
            + "' AND unit_code = '"
            + unit
            + "' AND outcome = '"
            + outcome
            + "'");
  }

  @FunctionalInterface
  interface Request {
    HttpResponse<String> send(PackagedApp node) throws Exception;
  }

  /** One request per node in the list, all released at the same moment. */
  List<HttpResponse<String>> atOnce(List<PackagedApp> targets, Request request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(targets.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (PackagedApp node : targets) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return request.send(node);
                }));
      }
      go.countDown();
      List<HttpResponse<String>> responses = new ArrayList<>();
      for (Future<HttpResponse<String>> f : futures) {
        responses.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A TCP proxy between a node and PostgreSQL: it forwards every connection, can add a delay to
   * every chunk it forwards (a slow node), and can cut the database away (every connection closed,
   * new ones refused) and bring it back on the same port. The local PostgreSQL keeps running.
   */
  static final class TcpProxy implements AutoCloseable {
    final int port;
    final String targetHost;
    final int targetPort;
    volatile long delayMillis;
    private ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "db-proxy");
              t.setDaemon(true);
              return t;
            });

    TcpProxy(String targetHost, int targetPort) throws IOException {
      this.port = PackagedApp.freePort();
      this.targetHost = targetHost;
      this.targetPort = targetPort;
      listen();
    }

    private synchronized void listen() throws IOException {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      server = s;
      threads.submit(() -> accept(s));
    }

    private void accept(ServerSocket s) {
      while (!s.isClosed()) {
        try {
          Socket client = s.accept();
          Socket upstream = new Socket(targetHost, targetPort);
          open.add(client);
          open.add(upstream);
          pump(client, upstream);
          pump(upstream, client);
        } catch (IOException e) {
          return;
        }
      }
    }

    private void pump(Socket from, Socket to) {
      threads.submit(
          () -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
              int n;
              while ((n = in.read(buffer)) > 0) {
                long delay = delayMillis;
                if (delay > 0) {
                  Thread.sleep(delay);
                }
                out.write(buffer, 0, n);
                out.flush();
              }
            } catch (IOException | InterruptedException e) {
              // the other side closed, or the proxy cut the connection
            } finally {
              closeQuietly(from);
              closeQuietly(to);
            }
          });
    }

    /** The database goes away: open connections are closed, new ones refused. */
    synchronized void cut() {
      closeQuietly(server);
      open.forEach(TcpProxy::closeQuietly);
      open.clear();
    }

    /** The database is back, on the same port. */
    synchronized void restore() throws IOException {
      listen();
    }

    @Override
    public void close() {
      cut();
      threads.shutdownNow();
    }

    private static void closeQuietly(java.io.Closeable c) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (IOException e) {
        // gone already
      }
    }
  }
}
