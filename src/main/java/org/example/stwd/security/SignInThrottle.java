package org.example.stwd.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.example.stwd.config.StwdProperties;
import org.springframework.stereotype.Component;

/**
 * Limits sign-in attempts to the unit page (links, passwords, requests for a new link): at most
 * {@code stwd.unit-page.sign-in-attempts} per {@code stwd.unit-page.sign-in-window} per client
 * address and, for passwords and link requests, per account. Counted per node, in memory: a
 * guessing client is slowed down to a handful of tries a minute, which makes a 256-bit token or a
 * password out of reach.
 */
@Component
public class SignInThrottle {

  private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();
  private final int limit;
  private final Duration window;

  public SignInThrottle(StwdProperties properties) {
    this.limit = properties.unitPage().signInAttempts();
    this.window = properties.unitPage().signInWindow();
  }

  /** Counts an attempt under each key; false when any key is over its limit (nothing counted). */
  public boolean allow(Instant now, String... keys) {
    synchronized (attempts) {
      Instant since = now.minus(window);
      for (String key : keys) {
        Deque<Instant> times = attempts.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().isAfter(since)) {
          times.pollFirst();
        }
        if (times.size() >= limit) {
          return false;
        }
      }
      for (String key : keys) {
        attempts.get(key).addLast(now);
      }
      if (attempts.size() > 10_000) {
        attempts.values().removeIf(times -> times.isEmpty() || !times.peekLast().isAfter(since));
      }
      return true;
    }
  }

  /** Forgets the counts (tests). */
  public void reset() {
    attempts.clear();
  }
}
