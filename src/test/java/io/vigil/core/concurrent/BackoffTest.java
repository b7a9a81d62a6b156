package io.vigil.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(15);

  private final Backoff backoff = Backoff.upTo(Duration.ofMillis(100), 10);

  @Test
  void shouldWaitTheFirstDelayAfterOneFailure() {
    assertThat(backoff.after(1)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void shouldDoubleWithEachFailureInARow() {
    assertThat(backoff.after(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.after(4)).isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void shouldNeverWaitLongerThanTheMaximum() {
    assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.after(1_000)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldKeepAConstantWaitWhenTheFactorIsOne() {
    assertThat(Backoff.upTo(Duration.ofSeconds(2), 1).after(7)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void shouldRefuseAMaximumBelowTheFirstWait() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldStayAtZeroWhenTheFirstWaitIsZero() {
    assertThat(new Backoff(Duration.ZERO, Duration.ofSeconds(1)).after(1_000_000))
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void shouldDoubleTheWaitForEachFailureInARowUpToFortyIntervals() {
    Backoff fortyIntervals = Backoff.upTo(INTERVAL, 40);
    Backoff.Streak streak = new Backoff.Streak(0, Instant.EPOCH);
    long[] waits = new long[9];
    for (int i = 0; i < waits.length; i++) {
      streak = streak.failedAgain(NOW, fortyIntervals);
      waits[i] = Duration.between(NOW, streak.notBefore()).toSeconds();
    }

    assertThat(waits).containsExactly(15, 30, 60, 120, 240, 480, 600, 600, 600);
    assertThat(streak.failures()).isEqualTo(9);
  }

  @Test
  void shouldNotOverflowAfterManyFailures() {
    Backoff.Streak streak = new Backoff.Streak(1_000, Instant.EPOCH);

    assertThat(streak.failedAgain(NOW, Backoff.upTo(INTERVAL, 40)).notBefore())
        .isEqualTo(NOW.plusSeconds(600));
    assertThat(
            new Backoff.Streak(Integer.MAX_VALUE, Instant.EPOCH)
                .failedAgain(NOW, Backoff.upTo(INTERVAL, 40))
                .notBefore())
        .isEqualTo(NOW.plusSeconds(600));
  }

  @Test
  void shouldWaitUntilTheStreakAllowsTheNextTry() {
    Backoff.Streak streak = Backoff.Streak.NONE.failedAgain(NOW, Backoff.upTo(INTERVAL, 40));

    assertThat(streak.waiting(NOW)).isTrue();
    assertThat(streak.waiting(NOW.plusSeconds(14))).isTrue();
    assertThat(streak.waiting(NOW.plusSeconds(15))).isFalse();
  }
}
