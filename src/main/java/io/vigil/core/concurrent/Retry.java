package io.vigil.core.concurrent;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Repeats a blocking question through Mutiny's retry until it has an answer: the one way a role
 * polls, instead of a hand-written sleep loop. The question runs on the caller's thread first and
 * on Mutiny's worker pool between waits; the caller blocks until the end.
 */
public final class Retry {

  private Retry() {}

  /** The question had no answer yet; the only failure a poll repeats. */
  private static final class NotYet extends RuntimeException {
    NotYet() {
      super("no answer yet", null, false, false);
    }
  }

  /**
   * Asks {@code question} every {@code interval} until it answers or about {@code timeout} passed
   * (one last ask at the end); empty when it never answered. A question that throws ends the poll
   * with that exception.
   */
  public static <T> Optional<T> poll(
      Supplier<Optional<T>> question, Duration interval, Duration timeout) {
    Duration pause = interval.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : interval;
    long retries = Math.max(1, timeout.toMillis() / pause.toMillis());
    try {
      return Optional.of(
          Uni.createFrom()
              .item(() -> question.get().orElseThrow(NotYet::new))
              .onFailure(NotYet.class)
              .retry()
              .withBackOff(pause, pause)
              .withJitter(0)
              .atMost(retries)
              .await()
              .indefinitely());
    } catch (NotYet never) {
      return Optional.empty();
    }
  }
}
