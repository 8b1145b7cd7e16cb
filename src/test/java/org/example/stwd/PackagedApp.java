package org.example.stwd;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The packaged application as a process of its own (ClusterIT, CampaignBenchmark): profiles
 * postgres and demo on a test database, its mail to an SMTP port of the test, the society's time
 * zone chosen by the test, its output in a log file.
 */
record PackagedApp(Process process, int port) {

  static final Path JAR = Path.of("target/stwd-campaign-0.1.0-SNAPSHOT.jar");

  /**
   * A node of a test cluster: three nodes of 10 connections and the test stay well inside
   * PostgreSQL's default 100, also beside another client that holds 40 (the pool rule: two
   * connections per job thread and two for requests).
   */
  static final List<String> CLUSTER_NODE =
      List.of(
          "--spring.datasource.hikari.maximum-pool-size=10",
          "--camunda.bpm.job-execution.max-pool-size=4");

  static PackagedApp start(
      PostgresTestDatabase db,
      int smtpPort,
      ZoneOffset zone,
      String maxHeap,
      Path log,
      String... extraArguments)
      throws IOException {
    return start("postgres,demo", db, smtpPort, zone, maxHeap, log, extraArguments);
  }

  /** As {@link #start}, with the given profiles ("postgres": production, no demo data). */
  static PackagedApp start(
      String profiles,
      PostgresTestDatabase db,
      int smtpPort,
      ZoneOffset zone,
      String maxHeap,
      Path log,
      String... extraArguments)
      throws IOException {
    int port = freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap));
    // extra JVM options for the application, e.g. a flight recording:
    // -Dstwd.app.jvmArgs="-XX:StartFlightRecording=filename=target/bench/app.jfr"
    String jvmArgs = System.getProperty("stwd.app.jvmArgs", "").trim();
    if (!jvmArgs.isEmpty()) {
      command.addAll(List.of(jvmArgs.split("\\s+")));
    }
    command.addAll(
        List.of(
            "-jar",
            JAR.toString(),
            "--spring.profiles.active=" + profiles,
            "--server.port=" + port,
            "--stwd.demo.smtp-port=0",
            "--spring.mail.host=127.0.0.1",
            "--spring.mail.port=" + smtpPort,
            "--stwd.time-zone=" + zone.getId(),
            "--spring.main.banner-mode=off"));
    command.addAll(List.of(extraArguments));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("STWD_DB_URL", db.url);
    env.put("STWD_DB_USER", PostgresTestDatabase.USER);
    env.put("STWD_DB_PASSWORD", PostgresTestDatabase.PASSWORD);
    env.put("STWD_ADMIN_PASSWORD", "it-admin-secret");
    env.put("STWD_BASE_URL", "http://localhost:" + port);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return new PackagedApp(pb.start(), port);
  }

  String url(String path) {
    return "http://localhost:" + port + path;
  }

  /** Whether /actuator/health answers UP. */
  boolean healthy(HttpClient http) throws InterruptedException {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url("/actuator/health"))).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("\"status\":\"UP\"");
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until the node answers UP (at most 3 minutes), failing at once if its process died. */
  void awaitHealthy(HttpClient http, Duration poll, Path logs) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(poll)
        .until(
            () -> {
              org.assertj.core.api.Assertions.assertThat(process.isAlive())
                  .as("the node on port " + port + " died, see " + logs)
                  .isTrue();
              return healthy(http);
            });
  }

  /** HTTP Basic credentials of a demo user (password "demo"). */
  static String demoLogin(String user) {
    return basic(user, "demo");
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The fixed offset in which 09:00 (the reminder hour) is the given moment. */
  static ZoneOffset zoneWhereNineIs(Instant at) {
    ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
    int minutes = 9 * 60 - (utc.getHour() * 60 + utc.getMinute());
    if (minutes > 12 * 60) {
      minutes -= 24 * 60;
    } else if (minutes <= -12 * 60) {
      minutes += 24 * 60;
    }
    return ZoneOffset.ofTotalSeconds(minutes * 60);
  }
}
