package io.vigil.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

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
}
