package org.example.stwd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is valid (`docker-compose config -q`; there is no Docker engine here to run
 * it), configures the application only through the environment, and cannot start without an
 * administrator password. Needs Debian's docker-compose (.ci/run installs it).
 */
class ComposeFileIT {

  record Result(int exit, String output) {}

  static Result compose(String adminPassword, String... args) throws Exception {
    String[] command = new String[args.length + 3];
    command[0] = "docker-compose";
    command[1] = "-f";
    command[2] = "docker-compose.yml";
    System.arraycopy(args, 0, command, 3, args.length);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("STWD_ADMIN_PASSWORD");
    if (adminPassword != null) {
      pb.environment().put("STWD_ADMIN_PASSWORD", adminPassword);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  static boolean installed() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, "docker-compose").canExecute()) {
        return true;
      }
    }
    return false;
  }

  @Test
  void composeFileIsValidAndTakesItsSecretsFromTheEnvironment() throws Exception {
    assumeTrue(
        installed() || "true".equals(System.getenv("CI")), "docker-compose is not installed");
    Result quiet = compose("compose-check", "config", "-q");
    assertThat(quiet.exit()).as(quiet.output()).isZero();

    Result config = compose("compose-check", "config");
    assertThat(config.output())
        .contains(
            "postgres:",
            "mailpit:",
            "app:",
            "dockerfile: src/main/docker/Dockerfile",
            "pg_isready",
            "published: 8025",
            "SPRING_PROFILES_ACTIVE: postgres",
            "STWD_ADMIN_PASSWORD: compose-check",
            "STWD_SMTP_HOST: mailpit",
            "condition: service_healthy");

    Result missing = compose(null, "config", "-q");
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.output()).contains("set STWD_ADMIN_PASSWORD");
  }
}
