package org.example.stwd;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh database on the local PostgreSQL (127.0.0.1:5432, trust authentication) for one run of
 * the integration tests, dropped when the JVM ends. STWD_IT_PG_URL / STWD_IT_PG_USER /
 * STWD_IT_PG_PASSWORD point elsewhere. Where none is configured and nothing answers on
 * 127.0.0.1:5432, the tests start a real PostgreSQL of their own from a Maven artifact ({@link
 * EmbeddedPostgres}) instead of failing.
 */
final class PostgresTestDatabase {

  private static final EmbeddedPostgres.Server EMBEDDED =
      System.getenv("STWD_IT_PG_URL") == null
              && (Boolean.getBoolean("stwd.it.embeddedPostgres")
                  || !EmbeddedPostgres.reachable("127.0.0.1", 5432))
          ? embedded()
          : null;

  /** The embedded server, announced where it cannot be missed. */
  private static EmbeddedPostgres.Server embedded() {
    EmbeddedPostgres.Server server = EmbeddedPostgres.start();
    System.err.printf(
        "%n*** %s: the integration tests run on an embedded PostgreSQL (io.zonky.test binaries)"
            + " at %s, run as system user %s ***%n%n",
        Boolean.getBoolean("stwd.it.embeddedPostgres")
            ? "-Dstwd.it.embeddedPostgres=true"
            : "No PostgreSQL at 127.0.0.1:5432 and none configured (STWD_IT_PG_URL)",
        server.jdbcUrl(),
        server.systemUser());
    return server;
  }

  static final String SERVER =
      EMBEDDED != null
          ? EMBEDDED.jdbcUrl()
          : env("STWD_IT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
  static final String USER =
      EMBEDDED != null ? EMBEDDED.user() : env("STWD_IT_PG_USER", "postgres");
  static final String PASSWORD = EMBEDDED != null ? "" : env("STWD_IT_PG_PASSWORD", "");

  final String name;
  final String url;

  private volatile boolean kept;

  private PostgresTestDatabase(String name) {
    this.name = name;
    this.url = SERVER + name;
  }

  /** Creates an empty database and registers its removal at the end of the run. */
  static PostgresTestDatabase create(String purpose) {
    String name =
        "stwd_it_"
            + purpose
            + "_"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
            + "_"
            + ThreadLocalRandom.current().nextInt(1000, 10000);
    admin("CREATE DATABASE " + name + " ENCODING 'UTF8'");
    PostgresTestDatabase db = new PostgresTestDatabase(name);
    // (an embedded server goes with all its databases when the JVM ends)
    if (EMBEDDED == null) {
      Runtime.getRuntime().addShutdownHook(new Thread(db::drop, "drop-" + name));
    }
    return db;
  }

  void drop() {
    if (kept) {
      return;
    }
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /** Points the test's application context at this database. */
  void register(org.springframework.test.context.DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", () -> USER);
    registry.add("spring.datasource.password", () -> PASSWORD);
  }

  /** Keeps the database after the run, for a look at what a benchmark left behind. */
  void keep() {
    kept = true;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, USER, PASSWORD);
  }

  /** The single number a query returns. */
  long count(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The rows inserted into this database's own tables so far (the sum of {@code
   * pg_stat_user_tables.n_tup_ins}: no catalogs, no TOAST chunks), read once the figure has held
   * still for 11 s: a backend reports its counts when a transaction ends, at most once a second,
   * and within 10 s of going idle. Only as exact as the database is quiet; NaN (with a warning) if
   * it does not hold still within two minutes, so that a benchmark run goes on.
   */
  double rowsInserted() throws SQLException, InterruptedException {
    String sql = "SELECT COALESCE(SUM(n_tup_ins), 0) FROM pg_stat_user_tables";
    long last = count(sql);
    long stillSince = System.nanoTime();
    long deadline = stillSince + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() - stillSince < java.util.concurrent.TimeUnit.SECONDS.toNanos(11)) {
      if (System.nanoTime() > deadline) {
        System.err.println("WARNING: rows are still being inserted into " + url + "; not counted");
        return Double.NaN;
      }
      Thread.sleep(1000);
      long now = count(sql);
      if (now != last) {
        last = now;
        stillSince = System.nanoTime();
      }
    }
    return last;
  }

  /** The single timestamp a query returns. */
  java.time.Instant timestamp(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getTimestamp(1).toInstant();
    }
  }

  /** A setting of the PostgreSQL server, as SHOW gives it. */
  static String setting(String name) {
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
        Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + SERVER + ": SHOW " + name + ": " + e.getMessage(), e);
    }
  }

  /** ALTER SYSTEM SET name = value (or RESET for null), then reloads the configuration. */
  static void alterSystem(String name, String value) {
    admin(
        value == null
            ? "ALTER SYSTEM RESET " + name
            : "ALTER SYSTEM SET " + name + " = '" + value + "'");
    admin("SELECT pg_reload_conf()");
  }

  private static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + SERVER + " (user " + USER + "): " + sql + ": " + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
