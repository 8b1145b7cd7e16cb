package org.example.stwd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time the processes of a benchmark run have used, read from {@code /proc} (issue 21): the
 * application's nodes, PostgreSQL (its live processes, and the postmaster's reaped children, so a
 * connection closed during a step still counts) and the benchmark's own JVM (the clients, the SMTP
 * catcher, or the bare engine when it runs). On a machine where the application, the database and
 * the clients share two cores, a step's rate depends on who else is busy; the CPU time each of them
 * spends per unit depends much less on that, so the report shows both.
 */
record CpuTime(long appMillis, long postgresMillis, long benchmarkMillis) {

  /** Clock ticks per second of the times in /proc/[pid]/stat (USER_HZ, 100 on Linux). */
  private static final long TICKS_PER_SECOND = 100;

  /** Whether this machine has /proc (the benchmark reports no CPU times without it). */
  static boolean available() {
    return Files.isReadable(Path.of("/proc/self/stat"));
  }

  /** The CPU time used so far by the given application processes, PostgreSQL and this JVM. */
  static CpuTime now(List<Long> appPids) {
    long app = 0;
    for (long pid : appPids) {
      Stat s = stat(pid);
      app += s == null ? 0 : s.own();
    }
    Stat self = stat(ProcessHandle.current().pid());
    return new CpuTime(
        ticksToMillis(app),
        ticksToMillis(postgres()),
        ticksToMillis(self == null ? 0 : self.own()));
  }

  CpuTime since(CpuTime before) {
    return new CpuTime(
        appMillis - before.appMillis,
        postgresMillis - before.postgresMillis,
        benchmarkMillis - before.benchmarkMillis);
  }

  /**
   * "app 12.3 ms, PostgreSQL 9.8 ms, benchmark JVM 2.1 ms" per one of {@code units}, and the rate
   * the machine's cores could carry at that cost if nothing else ran.
   */
  String perUnit(long units, String benchmarkLabel) {
    double total = (appMillis + postgresMillis + benchmarkMillis) / (double) units;
    int cores = Runtime.getRuntime().availableProcessors();
    return String.format(
        Locale.ROOT,
        "app %.1f ms, PostgreSQL %.1f ms, %s %.1f ms; in all %.1f ms, at most %.0f/s on %d cores",
        appMillis / (double) units,
        postgresMillis / (double) units,
        benchmarkLabel,
        benchmarkMillis / (double) units,
        total,
        cores * 1000 / total,
        cores);
  }

  /**
   * "engine (benchmark JVM) 5.9 ms, PostgreSQL 5.9 ms" per one of {@code units}: no application.
   */
  String perUnitOfThisJvm(long units) {
    double total = (postgresMillis + benchmarkMillis) / (double) units;
    int cores = Runtime.getRuntime().availableProcessors();
    return String.format(
        Locale.ROOT,
        "engine (benchmark JVM) %.1f ms, PostgreSQL %.1f ms; in all %.1f ms, at most %.0f/s on %d"
            + " cores",
        benchmarkMillis / (double) units,
        postgresMillis / (double) units,
        total,
        cores * 1000 / total,
        cores);
  }

  /** The milliseconds per unit of the application and PostgreSQL together (the server side). */
  double serverMillisPer(long units) {
    return (appMillis + postgresMillis) / (double) units;
  }

  /** The milliseconds per unit of this JVM and PostgreSQL together (the bare engine's side). */
  double engineMillisPer(long units) {
    return (benchmarkMillis + postgresMillis) / (double) units;
  }

  private static long ticksToMillis(long ticks) {
    return ticks * 1000 / TICKS_PER_SECOND;
  }

  /** A process's name, parent and CPU ticks (its own, and its reaped children's). */
  private record Stat(String name, long parent, long own, long children) {}

  /**
   * PostgreSQL's CPU ticks: every process named postgres, and for the postmaster (whose parent is
   * not a postgres process) also the ticks of its children that have ended.
   */
  private static long postgres() {
    Map<Long, Stat> all = new HashMap<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String name = p.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit)) {
          Stat s = stat(Long.parseLong(name));
          if (s != null && s.name().equals("postgres")) {
            all.put(Long.parseLong(name), s);
          }
        }
      }
    } catch (IOException e) {
      return 0;
    }
    long ticks = 0;
    for (Stat s : all.values()) {
      ticks += s.own();
      if (!all.containsKey(s.parent())) {
        ticks += s.children();
      }
    }
    return ticks;
  }

  private static Stat stat(long pid) {
    String line;
    try {
      line = Files.readString(Path.of("/proc/" + pid + "/stat"));
    } catch (IOException | RuntimeException e) {
      return null; // the process has ended
    }
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      return null;
    }
    // after the name: state, ppid, ... utime (14th field), stime, cutime, cstime
    String[] f = line.substring(close + 2).trim().split("\\s+");
    try {
      long parent = Long.parseLong(f[1]);
      long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      long children = Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return new Stat(line.substring(open + 1, close), parent, own, children);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
