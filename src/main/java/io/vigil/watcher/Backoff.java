package io.vigil.watcher;

import java.time.Duration;
import java.time.Instant;

/**
 * How a channel's disputes or settles have been failing: {@code failures} FAILED requests in a row,
 * the next one not before {@code notBefore}. Pure: it only paces retries.
 */
record Backoff(int failures, Instant notBefore) {

  /** No failure yet. */
  static final Backoff NONE = new Backoff(0, Instant.EPOCH);

  /** Longest wait, in multiples of {@code failed-retry-interval}. */
  static final int MAX_FACTOR = 40;

  /** What a channel's backoff means for the verdict just reached. */
  enum Pacing {
    /** Carry the verdict out. */
    PROCEED,
    /** The verdict asks for nothing more: the backoff is over, forget it. */
    FORGET,
    /** The last attempt FAILED; asking again now would most likely fail again. */
    WAIT
  }

  /** The wait after one more failure: the interval, doubled per failure, at most 40 times. */
  Backoff failedAgain(Instant now, Duration interval) {
    int next = failures + 1;
    long factor = Math.min(MAX_FACTOR, 1L << Math.min(next - 1, 20));
    return new Backoff(next, now.plus(interval.multipliedBy(factor)));
  }

  /**
   * Whether a verdict may be carried out now.
   *
   * @param backoff the channel's backoff, or null when its last request did not fail
   */
  static Pacing pace(Backoff backoff, Verdict verdict, Instant now) {
    if (backoff == null) {
      return Pacing.PROCEED;
    }
    if (!(verdict instanceof Verdict.Dispute || verdict instanceof Verdict.Settle)) {
      return Pacing.FORGET;
    }
    return now.isBefore(backoff.notBefore()) ? Pacing.WAIT : Pacing.PROCEED;
  }
}
