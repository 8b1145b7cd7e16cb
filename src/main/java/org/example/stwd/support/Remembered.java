package org.example.stwd.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Answers remembered for a while: the answer to a key is read once and given again until its time
 * is up. A time of zero reads every time; beyond {@code maxKeys} keys all answers are forgotten at
 * once. Two threads that ask at the same moment may both read; the later answer is kept.
 */
public final class Remembered<V> {

  private record Answer<V>(V value, long until) {}

  private final Map<String, Answer<V>> answers = new ConcurrentHashMap<>();
  private final Supplier<Duration> time;
  private final int maxKeys;
  private final LongSupplier nanoClock;

  /** {@code time} is asked at each reading, so a setting changed at run time applies at once. */
  public Remembered(Supplier<Duration> time, int maxKeys) {
    this(time, maxKeys, System::nanoTime);
  }

  Remembered(Supplier<Duration> time, int maxKeys, LongSupplier nanoClock) {
    this.time = time;
    this.maxKeys = maxKeys;
    this.nanoClock = nanoClock;
  }

  /** The remembered answer for {@code key}, or what {@code read} answers now (then remembered). */
  public V get(String key, Supplier<V> read) {
    long now = nanoClock.getAsLong();
    Answer<V> known = answers.get(key);
    if (known != null && now - known.until() < 0) {
      return known.value();
    }
    V value = read.get();
    Duration ttl = time.get();
    if (ttl.isZero() || ttl.isNegative()) {
      answers.remove(key);
      return value;
    }
    if (answers.size() >= maxKeys) {
      answers.clear();
    }
    answers.put(key, new Answer<>(value, now + ttl.toNanos()));
    return value;
  }
}
