package io.vigil.core.concurrent;

import java.time.Duration;

/**
 * How long a worker waits after failing rounds in a row: {@code first} after one failure, doubling
 * with each further one, never longer than {@code max}.
 */
public record Backoff(Duration first, Duration max) {

  public Backoff {
    if (first.isNegative() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("backoff needs 0 <= first <= max: " + first + ", " + max);
    }
  }

  /** Waits {@code first}, growing up to {@code factor} times it. */
  public static Backoff upTo(Duration first, int factor) {
    return new Backoff(first, first.multipliedBy(Math.max(1, factor)));
  }

  /** The wait after {@code failuresInARow} (at least 1) failed rounds. */
  public Duration after(int failuresInARow) {
    Duration wait = first;
    for (int i = 1; i < failuresInARow && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) < 0 ? wait : max;
  }
}
