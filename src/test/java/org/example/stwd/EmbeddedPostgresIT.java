package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The integration tests' fallback where no PostgreSQL is reachable (PostgresTestDatabase): the
 * embedded server starts from the Maven artifact, also as root (then as user nobody), and takes the
 * application's data. CI has a PostgreSQL of its own, so the fallback is proven here on every run
 * rather than only on a machine without one.
 */
class EmbeddedPostgresIT {

  @Test
  void anEmbeddedPostgresStartsFromTheMavenArtifactAndTakesData() throws Exception {
    EmbeddedPostgres.Server server = EmbeddedPostgres.start();
    if ("root".equals(System.getProperty("user.name"))) {
      assertThat(server.systemUser()).isEqualTo("nobody");
    }
    try (Connection admin =
            DriverManager.getConnection(server.jdbcUrl() + "postgres", "postgres", "");
        Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE stwd_embedded ENCODING 'UTF8'");
    }
    try (Connection c =
            DriverManager.getConnection(server.jdbcUrl() + "stwd_embedded", server.user(), "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(100))");
      s.execute("INSERT INTO t VALUES (1, '全国科技工作者日')");
      try (ResultSet rs = s.executeQuery("SELECT name, version() FROM t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("全国科技工作者日");
        assertThat(rs.getString(2)).startsWith("PostgreSQL 14");
      }
    }
  }
}
