package io.vigil.client.tower;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {

  final Backoff backoff = Backoff.of(Duration.ofSeconds(5), Duration.ofMinutes(1));

  @Test
  void shouldDoubleFromTheFirstDelayUpToTheCap() {
    assertThat(backoff.delay(0)).isEqualTo(Duration.ZERO);
    assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(backoff.delay(5)).isEqualTo(Duration.ofMinutes(1));
    assertThat(backoff.delay(500)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void shouldWaitForTheServersRetryAfterWhenLongerButNeverPastTheCap() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(backoff.next(now, 1, 30L)).isEqualTo(now.plusSeconds(30));
    assertThat(backoff.next(now, 3, 2L)).isEqualTo(now.plusSeconds(20));
    assertThat(backoff.next(now, 1, 3600L)).isEqualTo(now.plusSeconds(60));
  }

  @Test
  void shouldBeDueOnlyOnceTheBackoffRanOut() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    var pinned =
        TowerInfo.of(
            1,
            io.vigil.core.crypto.Address.ZERO,
            io.vigil.core.crypto.Address.ZERO,
            io.vigil.core.crypto.Address.ZERO,
            TowerInfo.Policy.of(0, java.math.BigInteger.ZERO, 0, 1));
    Tower down =
        Tower.added("http://127.0.0.1:1", pinned, now)
            .moved(TowerState.UNREACHABLE, "refused", now, 2, backoff.next(now, 2, null));
    assertThat(down.retryDue(now.plusSeconds(9))).isFalse();
    assertThat(down.retryDue(now.plusSeconds(10))).isTrue();
    assertThat(down.moved(TowerState.REACHABLE, null, now, 0, null).retryDue(now)).isFalse();
  }
}
