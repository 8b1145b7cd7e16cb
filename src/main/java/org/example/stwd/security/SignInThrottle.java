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
 * Limits sign-in attempts to the unit page: at most {@code stwd.unit-page.sign-in-attempts} per
 * {@code stwd.unit-page.sign-in-window} per client address and, for passwords and link requests,
 * per account. Links and passwords count when they fail (many contacts behind one office's address
 * sign in with their links freely; a guesser is held at a handful of tries a minute, which puts a
 * 256-bit token or a password out of reach); every request for a new link counts (each sends a
 * mail). Counted per node, in memory. Behind a proxy the client's address comes from its
 * X-Forwarded-For ({@code server.forward-headers-strategy}, docs/OPERATIONS.md).
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
      if (!allowed(now, keys)) {
        return false;
      }
      failed(now, keys);
      return true;
    }
  }

  /** Whether no key is over its limit (nothing counted). */
  public boolean allowed(Instant now, String... keys) {
    synchronized (attempts) {
      Instant since = now.minus(window);
      for (String key : keys) {
        Deque<Instant> times = attempts.get(key);
        if (times == null) {
          continue;
        }
        while (!times.isEmpty() && !times.peekFirst().isAfter(since)) {
          times.pollFirst();
        }
        if (times.size() >= limit) {
          return false;
        }
      }
      return true;
    }
  }

  /** Counts a failed attempt under each key. */
  public void failed(Instant now, String... keys) {
    synchronized (attempts) {
      Instant since = now.minus(window);
      for (String key : keys) {
        attempts.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
      }
      if (attempts.size() > 10_000) {
        attempts.values().removeIf(times -> times.isEmpty() || !times.peekLast().isAfter(since));
      }
    }
  }

  /** Forgets the counts (tests). */
  public void reset() {
    attempts.clear();
  }
}
