package io.vigil.core.concurrent;

import java.time.Duration;
import java.time.Instant;

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
    for (int i = 1; i < failuresInARow && wait.compareTo(max) < 0 && !wait.isZero(); i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) < 0 ? wait : max;
  }

  /**
   * Failures of one thing in a row and the instant before which it is not tried again. A value: the
   * holder keeps it wherever it tracks the thing, and drops it at the first success.
   */
  public record Streak(int failures, Instant notBefore) {

    /** No failure yet. */
    public static final Streak NONE = new Streak(0, Instant.EPOCH);

    /** This streak after one more failure at {@code now}, waiting as {@code backoff} says. */
    public Streak failedAgain(Instant now, Backoff backoff) {
      int next = failures == Integer.MAX_VALUE ? failures : failures + 1;
      return new Streak(next, now.plus(backoff.after(next)));
    }

    /** Whether trying again at {@code now} would come too early. */
    public boolean waiting(Instant now) {
      return now.isBefore(notBefore);
    }
  }
}
