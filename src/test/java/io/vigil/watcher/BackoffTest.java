package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(15);

  @Test
  void shouldDoubleTheWaitForEachFailureInARowUpToFortyIntervals() {
    Backoff backoff = new Backoff(0, Instant.EPOCH);
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
    Backoff backoff = new Backoff(1_000, Instant.EPOCH);

    assertThat(backoff.failedAgain(NOW, INTERVAL).notBefore()).isEqualTo(NOW.plusSeconds(600));
  }

  @Test
  void shouldProceedWhenTheLastRequestDidNotFail() {
    assertThat(Backoff.pace(null, dispute(), NOW)).isEqualTo(Backoff.Pacing.PROCEED);
  }

  @Test
  void shouldWaitToDisputeOrSettleAgainUntilTheBackoffEnds() {
    Backoff backoff = Backoff.NONE.failedAgain(NOW, INTERVAL);

    assertThat(Backoff.pace(backoff, dispute(), NOW)).isEqualTo(Backoff.Pacing.WAIT);
    assertThat(Backoff.pace(backoff, new Verdict.Settle(10, false), NOW.plusSeconds(14)))
        .isEqualTo(Backoff.Pacing.WAIT);
    assertThat(Backoff.pace(backoff, dispute(), NOW.plusSeconds(15)))
        .isEqualTo(Backoff.Pacing.PROCEED);
  }

  @Test
  void shouldForgetTheBackoffWhenTheVerdictAsksForNoRequest() {
    Backoff backoff = Backoff.NONE.failedAgain(NOW, INTERVAL);

    assertThat(Backoff.pace(backoff, new Verdict.Nothing("settled"), NOW))
        .isEqualTo(Backoff.Pacing.FORGET);
    assertThat(Backoff.pace(backoff, new Verdict.AlreadyRequested("dispute:0x01:5"), NOW))
        .isEqualTo(Backoff.Pacing.FORGET);
  }

  private static Verdict dispute() {
    return new Verdict.Dispute(5, 100, "0x" + "aa".repeat(20), BigInteger.ONE);
  }
}
