package org.example.stwd.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The health component {@code db}, answered within {@link #ANSWER_WITHIN} whatever the database
 * does: a node whose database does not answer is out of the readiness group (503) in time for a
 * load balancer's check, instead of after the pool's connection timeout or a hanging socket. The
 * check runs on a thread of its own; while one is under way, later health calls wait for that same
 * check (never a pile of them). Replaces Spring Boot's {@code dbHealthIndicator}.
 */
@Component("dbHealthIndicator")
public class DatabaseHealth implements HealthIndicator, DisposableBean {

  static final Duration ANSWER_WITHIN = Duration.ofMillis(1500);

  private final DataSource dataSource;
  private final ExecutorService checker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "db-health");
            t.setDaemon(true);
            return t;
          });
  private CompletableFuture<Boolean> running;

  public DatabaseHealth(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Health health() {
    CompletableFuture<Boolean> check;
    synchronized (this) {
      if (running == null || running.isDone()) {
        running = CompletableFuture.supplyAsync(this::valid, checker);
      }
      check = running;
    }
    try {
      return check.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS)
          ? Health.up().build()
          : Health.down().build();
    } catch (TimeoutException e) {
      return Health.down().withDetail("error", "no answer within " + ANSWER_WITHIN).build();
    } catch (ExecutionException e) {
      return Health.down(e.getCause() instanceof Exception x ? x : e).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.unknown().build();
    }
  }

  private boolean valid() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(1);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void destroy() {
    checker.shutdownNow();
  }
}
