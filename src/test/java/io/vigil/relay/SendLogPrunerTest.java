package io.vigil.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SendLogPrunerTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void shouldPruneAtOnceAfterAStart() {
    assertThat(SendLogPruner.due(Instant.EPOCH, NOW)).isTrue();
  }

  @Test
  void shouldPruneAtMostOnceAMinute() {
    assertThat(SendLogPruner.due(NOW.minusSeconds(59), NOW)).isFalse();
    assertThat(SendLogPruner.due(NOW.minusSeconds(60), NOW)).isTrue();
  }
}
