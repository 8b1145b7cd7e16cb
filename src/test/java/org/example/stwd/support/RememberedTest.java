package org.example.stwd.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RememberedTest {

  final AtomicLong clock = new AtomicLong(1_000);
  final AtomicReference<Duration> time = new AtomicReference<>(Duration.ofSeconds(60));
  final AtomicInteger reads = new AtomicInteger();

  String read() {
    return "answer " + reads.incrementAndGet();
  }

  @Test
  void anAnswerIsReadOnceUntilItsTimeIsUp() {
    Remembered<String> remembered = new Remembered<>(time::get, 10, clock::get);
    assertThat(remembered.get("a", this::read)).isEqualTo("answer 1");
    clock.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(remembered.get("a", this::read)).isEqualTo("answer 1");
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(remembered.get("a", this::read)).isEqualTo("answer 2");
    assertThat(reads).hasValue(2);
  }

  @Test
  void keysAreNotMixedUp() {
    Remembered<String> remembered = new Remembered<>(time::get, 10, clock::get);
    assertThat(remembered.get("a", this::read)).isEqualTo("answer 1");
    assertThat(remembered.get("b", this::read)).isEqualTo("answer 2");
    assertThat(remembered.get("a", this::read)).isEqualTo("answer 1");
  }

  @Test
  void zeroReadsEveryTimeAndForgetsWhatWasRemembered() {
    Remembered<String> remembered = new Remembered<>(time::get, 10, clock::get);
    remembered.get("a", this::read);
    time.set(Duration.ZERO);
    clock.addAndGet(Duration.ofSeconds(61).toNanos());
    assertThat(remembered.get("a", this::read)).isEqualTo("answer 2");
    assertThat(remembered.get("a", this::read)).isEqualTo("answer 3");
    time.set(Duration.ofSeconds(60));
    assertThat(remembered.get("a", this::read)).isEqualTo("answer 4");
    assertThat(remembered.get("a", this::read)).isEqualTo("answer 4");
  }

  @Test
  void beyondItsSizeEverythingIsForgotten() {
    Remembered<String> remembered = new Remembered<>(time::get, 2, clock::get);
    remembered.get("a", this::read);
    remembered.get("b", this::read);
    assertThat(remembered.get("a", this::read)).isEqualTo("answer 1");
    remembered.get("c", this::read); // a third key: a and b are forgotten
    assertThat(remembered.get("a", this::read)).isEqualTo("answer 4");
  }

  @Test
  void theClockMayWrapAround() {
    clock.set(Long.MAX_VALUE - Duration.ofSeconds(1).toNanos());
    Remembered<String> remembered = new Remembered<>(time::get, 10, clock::get);
    remembered.get("a", this::read);
    clock.addAndGet(Duration.ofSeconds(30).toNanos()); // past Long.MAX_VALUE
    assertThat(remembered.get("a", this::read)).isEqualTo("answer 1");
  }
}
