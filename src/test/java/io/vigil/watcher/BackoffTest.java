package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(15);

  @Test
  void shouldDoubleTheWaitForEachFailureInARowUpToFortyIntervals() {
    Watcher.Backoff backoff = new Watcher.Backoff(0, Instant.EPOCH);
    long[] waits = new long[9];
    for (int i = 0; i < waits.length; i++) {
      backoff = backoff.failedAgain(NOW, INTERVAL);
      waits[i] = Duration.between(NOW, backoff.notBefore()).toSeconds();
    }

    assertThat(waits).containsExactly(15, 30, 60, 120, 240, 480, 600, 600, 600);
    assertThat(backoff.failures()).isEqualTo(9);
  }

  @Test
  void shouldNotOverflowAfterManyFailures() {
    Watcher.Backoff backoff = new Watcher.Backoff(1_000, Instant.EPOCH);

    assertThat(backoff.failedAgain(NOW, INTERVAL).notBefore()).isEqualTo(NOW.plusSeconds(600));
  }
}
