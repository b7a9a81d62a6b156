package io.vigil.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

  private static final Duration INTERVAL = Duration.ofMillis(10);

  @Test
  void shouldAnswerAtOnceWhenTheFirstAskHasAnAnswer() {
    AtomicInteger asks = new AtomicInteger();

    Optional<String> answer =
        Retry.poll(() -> Optional.of("receipt#" + asks.incrementAndGet()), INTERVAL, INTERVAL);

    assertThat(answer).contains("receipt#1");
  }

  @Test
  void shouldAskAgainUntilAnAnswerComes() {
    AtomicInteger asks = new AtomicInteger();

    Optional<Integer> answer =
        Retry.poll(
            () -> asks.incrementAndGet() < 4 ? Optional.empty() : Optional.of(asks.get()),
            INTERVAL,
            Duration.ofSeconds(5));

    assertThat(answer).contains(4);
  }

  @Test
  void shouldGiveUpEmptyOnceTheTimeoutPassed() {
    AtomicInteger asks = new AtomicInteger();

    Optional<Object> answer =
        Retry.poll(
            () -> {
              asks.incrementAndGet();
              return Optional.empty();
            },
            INTERVAL,
            Duration.ofMillis(50));

    assertThat(answer).isEmpty();
    assertThat(asks.get()).isEqualTo(6);
  }

  @Test
  void shouldEndThePollWhenTheQuestionThrows() {
    assertThatThrownBy(
            () ->
                Retry.poll(
                    () -> {
                      throw new IllegalStateException("node refused");
                    },
                    INTERVAL,
                    Duration.ofSeconds(5)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("node refused");
  }
}
